"""Speculative decoding and the quiet watch that drives it, with scripted audio levels and a scripted
decode (no engine): the result is reused when no speech follows the pause, redone when speech resumes."""

from __future__ import annotations

from collections.abc import Callable

from game.speech.lm import close_to_example, prompt_text, trim_repeats
from game.speech.speculative import QuietWatch, SpeculativeDecoder
from game.speech.types import Recognition


class ScriptedDecode:
    """Decodes to the number of bytes it was given; records every call."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, pcm: bytes, stale: Callable[[], bool]) -> Recognition | None:
        self.calls.append(len(pcm))
        if stale():
            return None  # a real engine checks between its stages
        return Recognition(f"{len(pcm)} bytes", (), "scripted")


class LaterThreads:
    """Stands in for worker threads: each job runs only when the test says so."""

    def __init__(self) -> None:
        self.jobs: list[Callable[[], None]] = []

    def __call__(self, job: Callable[[], None]) -> None:
        self.jobs.append(job)

    def run_all(self) -> None:
        while self.jobs:
            self.jobs.pop(0)()


def test_a_pause_then_the_end_of_the_turn_reuses_the_speculative_result() -> None:
    decode, threads = ScriptedDecode(), LaterThreads()
    spec = SpeculativeDecoder(decode, threads)
    spec.accept(b"\x01\x00" * 100)
    spec.quiet()
    threads.run_all()  # the decode finished while the trainee stayed quiet
    assert spec.partial() == "200 bytes"
    spec.accept(b"\x00\x00" * 50)  # trailing quiet: nothing new to hear
    assert spec.finish().text == "200 bytes"
    assert decode.calls == [200]
    assert (spec.stats.started, spec.stats.reused, spec.stats.discarded) == (1, 1, 0)


def test_speech_after_the_pause_discards_the_guess_and_decodes_everything_again() -> None:
    decode, threads = ScriptedDecode(), LaterThreads()
    spec = SpeculativeDecoder(decode, threads)
    spec.accept(b"\x01\x00" * 100)
    spec.quiet()
    threads.run_all()
    spec.speech()  # the trainee went on
    assert spec.partial() == ""
    spec.accept(b"\x01\x00" * 100)
    assert spec.finish().text == "400 bytes"
    assert decode.calls == [200, 400]
    assert (spec.stats.started, spec.stats.reused, spec.stats.discarded) == (1, 0, 1)


def test_a_second_pause_while_a_decode_runs_waits_for_it_and_then_decodes_the_longer_audio() -> None:
    decode, threads = ScriptedDecode(), LaterThreads()
    spec = SpeculativeDecoder(decode, threads)
    spec.accept(b"\x01\x00" * 100)
    spec.quiet()  # job 1 queued (running)
    spec.speech()
    spec.accept(b"\x01\x00" * 100)
    spec.quiet()  # wanted while job 1 still runs: started when it ends
    assert len(threads.jobs) == 1
    threads.run_all()
    assert decode.calls == [200, 400]
    assert spec.finish().text == "400 bytes"
    assert spec.stats.reused == 1 and spec.stats.started == 2


def test_a_turn_that_ends_before_any_pause_decodes_at_the_end() -> None:
    decode = ScriptedDecode()
    spec = SpeculativeDecoder(decode, LaterThreads())
    spec.accept(b"\x01\x00" * 10)
    assert spec.finish().text == "20 bytes" and spec.stats.started == 0


def test_quiet_watch_signals_a_pause_once_and_speech_again() -> None:
    watch = QuietWatch(quiet_s=0.06)
    threshold = -40.0
    assert watch.push(-60, threshold, 0.03) is None  # quiet before any speech is no pause
    assert watch.push(-20, threshold, 0.03) is None
    assert watch.push(-60, threshold, 0.03) is None  # a 30 ms dip (a stop consonant)
    assert watch.push(-20, threshold, 0.03) is None
    assert watch.push(-60, threshold, 0.03) is None
    assert watch.push(-60, threshold, 0.03) is True  # 60 ms of quiet: decode now
    assert watch.push(-60, threshold, 0.03) is None  # said once
    assert watch.push(-20, threshold, 0.03) is False  # speech resumed: that guess is stale
    assert watch.push(-20, threshold, 0.03) is None


def test_the_prompt_is_short_and_covers_every_branch_first() -> None:
    examples = ["I am so sorry about that", "That is awful", "It must be hard",  # branch 1
                "Can I take your order number", "What is your postcode", "Your name please",  # branch 2
                "It is our policy", "Nothing I can do", "Rules are rules"]  # branch 3
    prompt = prompt_text(examples, max_words=16)
    assert prompt.startswith("I am so sorry about that. Can I take your order number. It is our policy.")
    assert len(prompt.split()) <= 16


def test_a_looping_tail_is_trimmed_and_close_matches_need_whole_examples() -> None:
    looped = "Can I take your order number please? Can I take your order number please? Can I take"
    assert trim_repeats(looped) == "Can I take your order number please?"
    assert trim_repeats("No. No, that is not right.") == "No. No, that is not right."
    examples = ["I can refund you in full right now", "What is your order number"]
    assert close_to_example("i can refund you in full now", examples)  # one word missed
    assert not close_to_example("i can refund your order number", examples)  # pieces of two
    assert not close_to_example("", examples)


def test_amounts_in_currency_symbols_are_words_as_spoken() -> None:
    from game.speech.lm import lm_words

    assert lm_words("changes cost £45") == ["changes", "cost", "forty", "five", "pounds"]


def test_a_repeated_sentence_inside_a_reply_is_kept() -> None:
    assert trim_repeats("Sorry. Let me check. Sorry. I'll refund you.") == (
        "Sorry. Let me check. Sorry. I'll refund you.")
    assert trim_repeats("Sorry. Let me check. Let me check. Let me") == "Sorry. Let me check."
