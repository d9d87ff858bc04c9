"""``say TEXT [--emotion E] [--voice NAME] [--gender G] [--age A] [--rate R] [--pitch P] -o OUT.wav``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from game.model import EMOTIONS, VoiceHints


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.speech.engines import describe_speech_engines

    parser = subparsers.add_parser(
        "say",
        help="speak a line with the customer voice pipeline into a WAV file",
        description="Speak TEXT the way a customer would (voice from the hints, prosody from the "
        "emotion) into a WAV file. " + describe_speech_engines(),
    )
    parser.add_argument("text", metavar="TEXT")
    parser.add_argument("--emotion", choices=EMOTIONS, default="neutral", help="default: neutral")
    parser.add_argument("--voice", metavar="NAME", help="an engine voice id or name (e.g. gmw/en-us+f3)")
    parser.add_argument("--gender", choices=("female", "male"), help="voice gender hint")
    parser.add_argument("--age", choices=("child", "young", "adult", "senior", "elderly"), help="age hint")
    parser.add_argument("--rate", type=float, default=1.0, help="speed factor, 1.0 = normal")
    parser.add_argument("--pitch", type=float, default=1.0, help="pitch factor, 1.0 = normal")
    parser.add_argument("--seed", default="customer", help="name that picks a consistent voice")
    parser.add_argument("-o", "--output", metavar="OUT.wav", required=True)
    parser.set_defaults(func=say_command)


def say_command(args: argparse.Namespace) -> int:
    from game.commands.common import fail
    from game.speech.prosody import choose_voice, settings_for
    from game.speech.types import SpeechUnavailable
    from game.speech.wav import WavError, read_wav

    if not args.text.strip():
        return fail("nothing to say: TEXT is empty")
    if args.rate <= 0 or args.pitch <= 0:
        return fail("--rate and --pitch must be positive")
    out = Path(args.output)
    if out.parent and not out.parent.is_dir():
        return fail(f"cannot write {out}: folder {out.parent} does not exist")
    from game.adapters.tts_pyttsx3 import open_voice

    voice = open_voice()
    try:
        if not voice.available:
            return fail(getattr(voice, "notice", "no text-to-speech voice is available"))
        hints = VoiceHints(
            gender=args.gender, age=args.age, rate=args.rate, pitch=args.pitch, name=args.voice
        )
        voice_id = choose_voice(hints, voice.voices(), args.seed, supports_variants=voice.supports_variants)
        settings = settings_for(hints, args.emotion, voice_id)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp.wav")
        try:
            voice.synthesize(args.text, settings, tmp)
            samples, rate = read_wav(tmp)
            os.replace(tmp, out)
        except (SpeechUnavailable, WavError) as error:
            return fail(f"text-to-speech failed: {error}")
        except OSError as error:
            return fail(f"cannot write {out}: {error.strerror or error}")
        finally:
            if tmp.exists():
                tmp.unlink()
    finally:
        voice.close()
    print(
        f"{out}: {len(samples) / rate:.2f} s, voice {settings.voice_id}, {settings.rate_wpm} wpm, "
        f"pitch {settings.pitch}, volume {settings.volume}, engine {voice.engine}"
    )
    return 0
