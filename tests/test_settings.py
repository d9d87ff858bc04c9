"""Settings: defaults, round trip, tolerant loading and atomic saving (pure, no engine)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game import settings as settings_module
from game.settings import Settings, load_settings, save_settings, settings_path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()
    assert Settings().listen_mode == "push_to_talk"  # the benchmark's choice: quicker turns


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    chosen = Settings(
        trainee="Sam Lee",
        input_mode="voice",
        listen_mode="hands_free",
        voice=False,
        volume=0.35,
        subtitles=False,
        window_size=(1600, 900),
        coaching=False,
    )
    path = save_settings(chosen, tmp_path)
    assert path == settings_path(tmp_path)
    assert load_settings(tmp_path) == chosen
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["trainee"] == "Sam Lee"
    assert on_disk["window_size"] == [1600, 900]
    assert on_disk["listen_mode"] == "hands_free"


def test_a_file_saved_before_the_listen_mode_existed_loads_with_push_to_talk(tmp_path: Path) -> None:
    # Exactly what the previous version wrote: every field but listen_mode.
    settings_path(tmp_path).write_text(
        json.dumps(
            {
                "trainee": "Ana",
                "input_mode": "voice",
                "voice": True,
                "volume": 0.5,
                "subtitles": False,
                "window_size": [1600, 900],
                "coaching": True,
                "version": 1,
            }
        ),
        encoding="utf-8",
    )
    loaded = load_settings(tmp_path)
    assert loaded == Settings(
        trainee="Ana", input_mode="voice", volume=0.5, subtitles=False, window_size=(1600, 900)
    )
    assert loaded.listen_mode == "push_to_talk"
    # Saving it again writes the new field, and that loads back unchanged.
    save_settings(loaded.with_changes(listen_mode="hands_free"), tmp_path)
    assert load_settings(tmp_path).listen_mode == "hands_free"


def test_default_folder_is_the_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMPATHY_TRAINER_HOME", str(tmp_path / "home"))
    save_settings(Settings(trainee="Ana"))
    assert (tmp_path / "home" / "settings.json").is_file()
    assert load_settings().trainee == "Ana"


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", "null", "\udcff"])
def test_corrupt_file_gives_defaults(tmp_path: Path, content: str) -> None:
    settings_path(tmp_path).write_bytes(content.encode("utf-8", "surrogateescape"))
    assert load_settings(tmp_path) == Settings()


def test_bad_fields_fall_back_one_by_one(tmp_path: Path) -> None:
    settings_path(tmp_path).write_text(
        json.dumps(
            {
                "trainee": "  Kim   Ode ",
                "input_mode": "telepathy",
                "listen_mode": "always",
                "voice": "yes",
                "volume": 7,
                "subtitles": False,
                "window_size": [10, 10],
                "coaching": 1,
                "unknown": True,
            }
        ),
        encoding="utf-8",
    )
    loaded = load_settings(tmp_path)
    assert loaded.trainee == "Kim Ode"
    assert loaded.input_mode == "typed"
    assert loaded.listen_mode == "push_to_talk"
    assert loaded.voice is True
    assert loaded.volume == 1.0
    assert loaded.subtitles is False
    assert loaded.window_size == (1280, 720)
    assert loaded.coaching is True


def test_with_changes_validates() -> None:
    changed = Settings().with_changes(volume=-3.0, trainee="x" * 100, listen_mode="shouting")
    assert changed.volume == 0.0
    assert changed.listen_mode == "push_to_talk"
    assert len(changed.trainee) == settings_module.MAX_NAME_LENGTH


def test_save_is_atomic_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(Settings(trainee="Before"), tmp_path)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_settings(Settings(trainee="After"), tmp_path)
    monkeypatch.undo()
    # The old file is intact and no temporary file is left behind.
    assert load_settings(tmp_path).trainee == "Before"
    assert sorted(os.listdir(tmp_path)) == ["settings.json"]


def test_save_replaces_in_one_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        # At the moment of the rename the new content is complete in the temporary file.
        assert json.loads(Path(src).read_text(encoding="utf-8"))["trainee"] == "New"
        renames.append((src, dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    save_settings(Settings(trainee="New"), tmp_path)
    assert len(renames) == 1
    assert Path(renames[0][0]).parent == tmp_path
    assert Path(renames[0][1]) == settings_path(tmp_path)


def test_the_speech_engine_setting_defaults_to_auto_and_rejects_unknown_names(tmp_path: Path) -> None:
    assert Settings().speech_engine == "auto"
    save_settings(Settings().with_changes(speech_engine="whisper"), tmp_path)
    assert load_settings(tmp_path).speech_engine == "whisper"
    assert Settings().with_changes(speech_engine="cloud").speech_engine == "auto"
