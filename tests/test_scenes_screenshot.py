"""Screenshots of a scenario moment: not blank, the customer's face changes with the node, phone
calls show the call screen, the mood follows the first path, and the command writes a PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ursina")

from game.model import (
    Customer,
    Effects,
    Example,
    Goto,
    Line,
    Mood,
    MoodDelta,
    Node,
    Reply,
    Scenario,
    VoiceHints,
)

SIZE = (1280, 720)

SCENARIO_YAML = """\
format: 1
id: scenes-desk
title: The wrong parcel
level: 2
setting: {setting}
channel: {channel}
brief: Robin was sent someone else's parcel.
customer:
  name: Robin Ames
  voice: {{gender: male, age: adult}}
  mood: {{anger: 70, trust: 20}}
start: opening
nodes:
  opening:
    say: This isn't even my parcel!
    emotion: angry
    replies:
      - id: sorry
        examples: [I'm so sorry, that's really frustrating, Oh no, I can see why you're annoyed]
        tags: [apology, acknowledge_emotion]
        mood: {{anger: -40, trust: 40}}
        next: settled
      - id: shrug
        examples: [Not my problem, You'll have to call the courier]
        tags: [dismissive]
        mood: {{anger: 20}}
        next: settled
  settled:
    say: Thank you, that's a relief.
    emotion: calm
    end: resolved
"""


def make_scenario(setting: str = "retail_counter", channel: str = "in_person") -> Scenario:
    def reply(rid: str, anger: int, trust: int) -> Reply:
        return Reply(
            rid,
            (Example("a"), Example("b")),
            effects=Effects(MoodDelta(anger, trust), {}, (Goto("settled"),)),
        )

    nodes = {
        "opening": Node(
            "opening",
            (Line("opening.1", "This isn't even my parcel!"),),
            "angry",
            replies=(reply("sorry", -40, 40), reply("shrug", 20, 0)),
        ),
        "settled": Node(
            "settled", (Line("settled.1", "Thank you, that's a relief."),), "calm", end="resolved"
        ),
    }
    robin = Customer("Robin Ames", Mood(70, 20), voice=VoiceHints(gender="male"))
    return Scenario("scenes-desk", "The wrong parcel", 2, setting, channel, "", robin, "opening", nodes)


def load(path: Path) -> Any:
    import numpy as np
    from PIL import Image

    image = Image.open(path)
    assert image.size == SIZE
    return np.asarray(image.convert("RGB"), dtype=np.float32)


def test_the_mood_at_a_node_follows_the_first_path() -> None:
    from scenes.screenshot import moment_at, mood_on_reaching

    s = make_scenario()
    assert mood_on_reaching(s, "opening") == Mood(70, 20)
    assert mood_on_reaching(s, "settled") == Mood(30, 60), "the first branch (sorry), not the second"
    moment = moment_at(s, "settled")
    assert (moment.emotion, moment.line) == ("calm", "Thank you, that's a relief.")
    with pytest.raises(KeyError):
        moment_at(s, "nowhere")


def test_a_screenshot_is_a_furnished_scene_and_the_face_follows_the_node(
    clean_scene: Any, tmp_path: Path
) -> None:
    import numpy as np

    from scenes.screenshot import render_scenario_png

    s = make_scenario()
    angry, calm = tmp_path / "angry.png", tmp_path / "calm.png"
    render_scenario_png(s, "opening", SIZE, angry, hud=None)
    render_scenario_png(s, "settled", SIZE, calm, hud=None)
    a, c = load(angry), load(calm)
    assert a.std() > 25 and len(np.unique(a[::8, ::8].reshape(-1, 3), axis=0)) > 200
    # Only the customer changes (face and posture, in the middle third); the set stays the same.
    changed = np.abs(a - c).max(axis=2) > 40
    head = changed[80:280, 540:740]  # the customer's head, upper middle of the frame
    assert head.sum() > 1200, "brows, eyes and mouth moved visibly"
    assert changed.sum() > 3000
    assert not changed[:, :450].any() and not changed[:, 830:].any()


def test_a_phone_scenario_shows_the_call_screen(clean_scene: Any, tmp_path: Path) -> None:
    import numpy as np

    from scenes.screenshot import render_scenario_png

    out = tmp_path / "phone.png"
    render_scenario_png(make_scenario("call_center", "phone"), None, SIZE, out, hud=None)
    pixels = load(out)
    # The softphone fills the middle: a dark window with its teal header bar and the mood face.
    middle = pixels[100:420, 380:900]
    teal = (np.abs(middle - np.array([42, 157, 143])).sum(axis=2) < 60).mean()
    dark = (middle.sum(axis=2) < 200).mean()
    assert teal > 0.01 and dark > 0.3


def test_the_game_hud_is_in_the_picture(clean_scene: Any, tmp_path: Path) -> None:
    import numpy as np

    from scenes.screenshot import render_scenario_png

    with_hud, without = tmp_path / "hud.png", tmp_path / "bare.png"
    render_scenario_png(make_scenario(), None, SIZE, with_hud)
    render_scenario_png(make_scenario(), None, SIZE, without, hud=None)
    assert np.abs(load(with_hud) - load(without)).mean() > 5


def test_other_sizes_render_and_the_app_keeps_its_own(clean_scene: Any, tmp_path: Path) -> None:
    from PIL import Image

    from scenes.engine import window_size
    from scenes.screenshot import render_scenario_png

    out = tmp_path / "small.png"
    render_scenario_png(make_scenario(), None, (640, 360), out, hud=None)
    assert Image.open(out).size == (640, 360)
    assert window_size(clean_scene) == SIZE


def test_the_screenshot_command_writes_a_png(clean_scene: Any, tmp_path: Path, capsys: Any) -> None:
    from game.cli import main

    path = tmp_path / "scenes-desk.yaml"
    path.write_text(SCENARIO_YAML.format(setting="hotel_front_desk", channel="in_person"), encoding="utf-8")
    out = tmp_path / "shot.png"
    assert main(["screenshot", str(path), "--node", "settled", "-o", str(out)]) == 0
    assert load(out).std() > 20
    assert "settled" in capsys.readouterr().out

    assert main(["screenshot", str(path), "--node", "nowhere", "-o", str(out)]) == 1
    assert "no node 'nowhere'" in capsys.readouterr().err
    assert main(["screenshot", str(path), "--size", "big", "-o", str(out)]) == 1
    assert "bad size" in capsys.readouterr().err
    assert main(["screenshot", str(path), "-o", str(tmp_path / "missing" / "x.png")]) == 1
    assert main(["screenshot", str(tmp_path / "nope.yaml"), "-o", str(out)]) == 1


def test_size_parsing() -> None:
    from game.commands.screenshot import parse_size

    assert parse_size("1280x720") == (1280, 720)
    assert parse_size(" 640 X 360 ") == (640, 360)
    for bad in ("", "1280", "x720", "0x0", "99999x10", "12.5x10"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_no_offscreen_rendering_is_a_clear_error_not_a_traceback(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scenes.screenshot
    from game.cli import main
    from scenes.engine import EngineUnavailable

    def unavailable(*_args: Any, **_kwargs: Any) -> None:
        raise EngineUnavailable("cannot open an offscreen buffer: no EGL display")

    monkeypatch.setattr(scenes.screenshot, "render_scenario_png", unavailable)
    path = tmp_path / "scenes-desk.yaml"
    path.write_text(SCENARIO_YAML.format(setting="airline_gate", channel="in_person"), encoding="utf-8")
    assert main(["screenshot", str(path), "-o", str(tmp_path / "x.png")]) == 1
    err = capsys.readouterr().err
    assert "cannot render offscreen on this machine" in err and "EGL" in err
    assert not (tmp_path / "x.png").exists()
