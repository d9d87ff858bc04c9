"""Fetching a speech model safely: progress, checksum, zip-slip-safe unpacking, atomic install.

Everything happens in a temporary folder *inside* the destination folder; the finished model is
renamed into place only after the download is complete (length checked), its checksum matches (when
one is known or given), every archive entry stayed inside the folder, and the result really is a
model (``am/ conf/ graph/``). A failure at any step leaves no partial model behind.
Standard library only; never called at game start (only by ``models download``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from game.speech.engines import DEFAULT_VOSK_MODEL, is_vosk_model_dir

CHUNK = 64 * 1024
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class ModelInfo:
    name: str
    url: str
    sha256: str | None
    """Pinned checksum, or None when the publisher gives none (pass ``--sha256`` to check one)."""
    size_mb: int
    description: str


CATALOGUE: dict[str, ModelInfo] = {
    DEFAULT_VOSK_MODEL: ModelInfo(
        name=DEFAULT_VOSK_MODEL,
        url=f"https://alphacephei.com/vosk/models/{DEFAULT_VOSK_MODEL}.zip",
        sha256=None,
        size_mb=40,
        description="Vosk small US-English model (Apache 2.0): free-form speech recognition",
    ),
}


class DownloadError(Exception):
    """The model could not be installed; nothing was left behind. The message says why."""


def _safe_member_path(name: str) -> PurePosixPath:
    """The archive entry's relative path, or DownloadError if it would land outside the folder."""
    normalized = name.replace("\\", "/")
    path = PurePosixPath(normalized)
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":") or path.is_absolute():
        raise DownloadError(f"unsafe archive entry {name!r} (absolute path)")
    if any(part == ".." for part in path.parts):
        raise DownloadError(f"unsafe archive entry {name!r} (leaves the folder)")
    return path


def safe_extract(archive: Path, target: Path) -> None:
    """Unpack a zip into ``target`` refusing absolute paths, ``..`` and symbolic links."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            for info in members:  # check everything before writing anything
                _safe_member_path(info.filename)
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise DownloadError(f"unsafe archive entry {info.filename!r} (symbolic link)")
            root = target.resolve()
            for info in members:
                relative = _safe_member_path(info.filename)
                destination = (target / relative).resolve()
                if destination != root and root not in destination.parents:
                    raise DownloadError(f"unsafe archive entry {info.filename!r} (leaves the folder)")
                if info.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as source, destination.open("wb") as sink:
                    shutil.copyfileobj(source, sink, CHUNK)
    except zipfile.BadZipFile as error:
        raise DownloadError(f"the archive is corrupt ({error})") from None
    except (EOFError, zipfile.LargeZipFile) as error:
        raise DownloadError(f"the archive is corrupt or truncated ({error})") from None


def fetch(url: str, out: Path, progress: Progress | None = None, timeout: float = 30.0) -> str:
    """Download ``url`` to ``out``; returns the sha256. A short read (truncated transfer) is an error."""
    digest = hashlib.sha256()
    received = 0
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, out.open("wb") as sink:
            length_header = response.headers.get("Content-Length")
            total = int(length_header) if length_header and length_header.isdigit() else None
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                sink.write(chunk)
                digest.update(chunk)
                received += len(chunk)
                if progress is not None:
                    progress(received, total)
    except urllib.error.HTTPError as error:
        raise DownloadError(f"the server answered {error.code} {error.reason} for {url}") from None
    except urllib.error.URLError as error:
        raise DownloadError(f"cannot reach {url}: {error.reason}") from None
    except (OSError, ValueError) as error:  # IncompleteRead, timeouts, refused connections, bad URLs
        raise DownloadError(f"the download of {url} failed: {error}") from None
    if total is not None and received != total:
        raise DownloadError(f"the download was cut short ({received} of {total} bytes)")
    return digest.hexdigest()


def _model_root(unpacked: Path) -> Path | None:
    if is_vosk_model_dir(unpacked):
        return unpacked
    children = [p for p in unpacked.iterdir() if p.is_dir() and not p.name.startswith("__MACOSX")]
    for child in children:
        if is_vosk_model_dir(child):
            return child
    return None


def install_model(
    name: str,
    url: str,
    dest_dir: Path,
    sha256: str | None = None,
    progress: Progress | None = None,
    timeout: float = 30.0,
) -> Path:
    """Download and install a Vosk model as ``dest_dir/name``; returns its folder."""
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise DownloadError(f"bad model name {name!r}")
    dest_dir.mkdir(parents=True, exist_ok=True)
    final = dest_dir / name
    expected = sha256.lower().strip() if sha256 else None
    with tempfile.TemporaryDirectory(prefix=f".{name}.partial-", dir=dest_dir) as tmp_name:
        tmp = Path(tmp_name)
        archive = tmp / "download.zip"
        actual = fetch(url, archive, progress, timeout)
        if expected is not None and actual != expected:
            raise DownloadError(f"checksum mismatch: expected sha256 {expected}, got {actual}")
        unpacked = tmp / "unpacked"
        unpacked.mkdir()
        safe_extract(archive, unpacked)
        root = _model_root(unpacked)
        if root is None:
            raise DownloadError("the archive holds no Vosk model (no folder with am/, conf/ and graph/)")
        (root / "SOURCE.json").write_text(
            json.dumps({"name": name, "url": url, "sha256": actual}, indent=2) + "\n", encoding="utf-8"
        )
        if final.exists() or final.is_symlink():
            # A previous broken or older install: move it into the temporary folder (deleted with it).
            os.replace(final, tmp / "previous")
        os.replace(root, final)
    return final
