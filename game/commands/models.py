"""``models list`` and ``models download [NAME] [--url URL] [--sha256 HEX] [--dest DIR]``: speech models.

The game never downloads at start; this command is the one place that does (with progress,
checksum and a safe, atomic unpack). Without a Vosk model the game uses Whisper when the optional
Whisper engine is installed (a pip extra, not a download), else pocketsphinx.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.speech.engines import DEFAULT_VOSK_MODEL, describe_speech_engines

    parser = subparsers.add_parser(
        "models",
        help="list or download speech-recognition models",
        description="Speech-recognition models. " + describe_speech_engines(),
    )
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION")
    listing = sub.add_parser("list", help="the known models and where they are installed")
    listing.set_defaults(func=list_command)
    download = sub.add_parser(
        "download",
        help="download and install a model",
        description="Download a Vosk model into the user's cache (or --dest), check it and install it "
        "atomically: an interrupted or bad download never leaves a broken model behind.",
    )
    download.add_argument("name", metavar="NAME", nargs="?", default=DEFAULT_VOSK_MODEL,
                          help=f"model name (default {DEFAULT_VOSK_MODEL})")
    download.add_argument("--url", help="download from this URL instead of the catalogue's")
    download.add_argument("--sha256", metavar="HEX", help="expected SHA-256 of the archive")
    download.add_argument("--dest", metavar="DIR", help="install under DIR (default: the user's model cache)")
    download.add_argument("--force", action="store_true", help="reinstall even if the model is present")
    download.set_defaults(func=download_command)
    parser.set_defaults(func=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def list_command(args: argparse.Namespace) -> int:
    from game.speech.download import CATALOGUE
    from game.speech.engines import describe_speech_engines, is_vosk_model_dir, models_dir, whisper_status

    base = models_dir()
    for info in CATALOGUE.values():
        folder = base / info.name
        status = f"installed at {folder}" if is_vosk_model_dir(folder) else "not installed"
        print(f"{info.name}  ~{info.size_mb} MB  {status}\n    {info.description}\n    {info.url}")
    print(whisper_status())
    print(describe_speech_engines())
    return 0


def _progress_printer() -> tuple[Callable[[int, int | None], None], list[float]]:
    state = [0.0, -1.0]

    def show(received: int, total: int | None) -> None:
        now = time.monotonic()
        done = total is not None and received >= total
        if now - state[0] < 0.5 and not done:
            return
        state[0] = now
        if total:
            print(f"\r  {received / 1e6:6.1f} / {total / 1e6:.1f} MB ({100 * received / total:3.0f}%)",
                  end="", file=sys.stderr, flush=True)
        else:
            print(f"\r  {received / 1e6:6.1f} MB", end="", file=sys.stderr, flush=True)
        state[1] = received

    return show, state


def download_command(args: argparse.Namespace) -> int:
    from game.commands.common import fail
    from game.speech.download import CATALOGUE, DownloadError, install_model
    from game.speech.engines import is_vosk_model_dir, models_dir

    info = CATALOGUE.get(args.name)
    url = args.url or (info.url if info else None)
    if url is None:
        return fail(f"unknown model {args.name!r}: give --url (known: {', '.join(CATALOGUE)})")
    sha256 = args.sha256 or (info.sha256 if info and not args.url else None)
    if sha256 is not None and (len(sha256) != 64 or any(c not in "0123456789abcdefABCDEF" for c in sha256)):
        return fail("--sha256 must be 64 hexadecimal digits")
    dest = Path(args.dest).expanduser() if args.dest else models_dir()
    target = dest / args.name
    if is_vosk_model_dir(target) and not args.force:
        print(f"{args.name} is already installed at {target} (use --force to reinstall)")
        return 0
    print(f"Downloading {args.name} from {url}", file=sys.stderr)
    show, state = _progress_printer()
    try:
        folder = install_model(args.name, url, dest, sha256, progress=show)
    except DownloadError as error:
        if state[1] >= 0:
            print(file=sys.stderr)
        return fail(f"{error}; nothing was installed")
    except OSError as error:
        return fail(f"cannot write to {dest}: {error.strerror or error}; nothing was installed")
    if state[1] >= 0:
        print(file=sys.stderr)
    print(f"Installed {args.name} at {folder}")
    return 0
