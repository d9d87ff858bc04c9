"""The customer avatar: every emotion shows, differences read on screen, mood drives posture, looks
are stable per name, talking opens the mouth, and the phone view offers the same controls."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ursina")

from game.model import EMOTIONS, Appearance, Customer, Line, Mood, Node, Scenario, VoiceHints

ROOT = Path(__file__).resolve().parent.parent


def customer(name: str = "Dana Reyes", anger: int = 50, trust: int = 40, **appearance: str) -> Customer:
    return Customer(
        name=name,
        mood=Mood(anger, trust),
        walk_out_at=90,
        voice=VoiceHints(gender="female", age="adult"),
        appearance=Appearance(**appearance),
    )


def scenario(channel: str) -> Scenario:
    node = Node("opening", say=(Line("opening.1", "Hello?"),), emotion="neutral", end="resolved")
    return Scenario("s", "S", 1, "call_center", channel, "", customer(), "opening", {"opening": node})


def face_camera(height: float = 1.62) -> None:
    from ursina import Vec3, camera

    camera.position = Vec3(0, height, -1.1)
    camera.rotation = (0, 0, 0)
    camera.look_at(Vec3(0, height, 0))
    camera.fov = 40


def render(app: Any) -> Any:
    import numpy as np

    from scenes.screenshot import capture_image

    app.step()
    return np.asarray(capture_image(app), dtype=np.float32)


@pytest.mark.parametrize("emotion", EMOTIONS)
def test_every_emotion_blends_in_within_half_a_second(clean_scene: Any, emotion: str) -> None:
    from ursina import Entity

    from scenes.avatar import CustomerAvatar
    from scenes.face import expression_for

    avatar = CustomerAvatar(Entity(), customer())
    avatar.set_emotion(emotion)
    avatar.update(0.25)
    if emotion != "neutral":
        assert not avatar._expression.close_to(expression_for(emotion)), "blends, does not jump"
    for _ in range(20):
        avatar.update(1 / 60)
    assert avatar._expression.close_to(expression_for(emotion))
    clean_scene.step()
    avatar.destroy()


def test_each_emotion_has_its_own_face() -> None:
    from scenes.face import expression_for

    faces = [expression_for(e) for e in EMOTIONS]
    for i, a in enumerate(faces):
        for b in faces[i + 1 :]:
            assert a != b
    angry, sad, happy = expression_for("angry"), expression_for("sad"), expression_for("happy")
    assert angry.brow_angle > 15 and sad.brow_angle < -15, "anger lowers the inner brows, sadness raises them"
    assert happy.mouth_curve > 0.5 > -0.5 > sad.mouth_curve


def test_angry_and_calm_faces_differ_on_screen(clean_scene: Any) -> None:
    import numpy as np
    from ursina import Entity

    from scenes.avatar import CustomerAvatar

    avatar = CustomerAvatar(Entity(), customer())
    face_camera(avatar.looks.height / 1.7 * 0.92 + 0.5 + 0.24)
    crops = {}
    for emotion in ("angry", "calm", "angry"):
        avatar.set_emotion(emotion)
        avatar.settle()
        image = render(clean_scene)
        crops.setdefault(emotion, []).append(image[160:560, 440:840])
    assert np.abs(crops["angry"][0] - crops["angry"][1]).mean() < 1.0, "the same emotion, the same face"
    difference = np.abs(crops["angry"][0] - crops["calm"][0])
    assert difference.mean() > 4.0
    assert (difference.max(axis=2) > 60).mean() > 0.02, "features moved, not just a tint"
    avatar.destroy()


def test_talking_opens_the_mouth(clean_scene: Any) -> None:
    from ursina import Entity

    from scenes.avatar import CustomerAvatar

    avatar = CustomerAvatar(Entity(), customer())
    avatar.set_emotion("neutral")
    avatar.settle()

    def mouth_height() -> float:
        ys = avatar.face.mouth.model.vertices[1::3]
        return max(ys) - min(ys)

    closed = mouth_height()
    avatar.set_talking(1.0)
    for _ in range(10):
        avatar.update(1 / 60)
    assert mouth_height() > closed * 2.5
    avatar.set_talking(0.0)
    for _ in range(30):
        avatar.update(1 / 60)
    assert mouth_height() == pytest.approx(closed, rel=0.05)
    avatar.destroy()


@pytest.mark.parametrize(
    ("anger", "trust", "emotion", "posture"),
    [
        (95, 10, "angry", "walked_out"),
        (82, 10, "angry", "leaving"),
        (76, 10, "angry", "lean_point"),
        (60, 20, "frustrated", "crossed"),
        (60, 60, "frustrated", "hands_on_counter"),
        (20, 10, "sad", "slump"),
        (20, 40, "anxious", "clasped"),
        (10, 80, "happy", "open"),
    ],
)
def test_mood_drives_posture(anger: int, trust: int, emotion: str, posture: str) -> None:
    from scenes.avatar import posture_for

    assert posture_for(anger, trust, 90, emotion) == posture


def test_near_walk_out_the_customer_turns_away_but_keeps_looking(clean_scene: Any) -> None:
    from ursina import Entity

    from scenes.avatar import CustomerAvatar

    avatar = CustomerAvatar(Entity(), customer(anger=40, trust=40))
    assert avatar.body.rotation_y == pytest.approx(0, abs=1)
    avatar.set_mood(85, 10)
    for _ in range(100):  # the jump in anger also plays a gesture (1.3 s) over the posture
        avatar.update(1 / 60)
    assert avatar.posture == "leaving"
    assert avatar.body.rotation_y > 25
    assert avatar.head_pivot.rotation_y < -10, "the head turns back toward the trainee"
    avatar.gesture("shrug")
    avatar.gesture("no-such-gesture")  # ignored, not an error
    for _ in range(120):
        avatar.update(1 / 60)
    avatar.destroy()


def test_looks_come_from_the_name_the_same_in_every_process() -> None:
    probe = (
        "import json; from game.model import Customer, Mood; from scenes.looks import looks_for; "
        "l = looks_for(Customer(name='Dana Reyes', mood=Mood(1, 1))); "
        "print(json.dumps([l.hair_style, l.outfit, l.skin, l.hair_color, l.height]))"
    )
    outputs = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )  # fmt: skip
        outputs.add(done.stdout.strip())
    assert len(outputs) == 1
    from scenes.looks import looks_for

    names = ["Dana Reyes", "Sam Okafor", "Lee Wong", "Maria Garcia", "Omar Haddad", "Aiko Tanaka"]
    variety = {(looks_for(customer(n)).hair_style, looks_for(customer(n)).outfit) for n in names}
    assert len(variety) >= 4, "different names look like different people"
    here = looks_for(Customer(name="Dana Reyes", mood=Mood(1, 1)))
    assert json.loads(outputs.pop())[:2] == [here.hair_style, here.outfit]


def test_authored_appearance_wins_over_the_name() -> None:
    from scenes.looks import HAIR_COLORS, SKIN_TONES, looks_for

    looks = looks_for(customer(skin="dark", hair="bun", hair_color="grey", outfit="suit", build="broad"))
    assert (looks.skin, looks.hair_style, looks.hair_color) == (
        SKIN_TONES["dark"],
        "bun",
        HAIR_COLORS["grey"],
    )
    assert looks.outfit == "suit" and looks.build > 1.1
    odd = looks_for(customer(hair="mohawk", skin="#112233"))
    assert odd.hair_style in ("short", "long", "bun", "curly", "ponytail", "buzz", "bald")
    assert odd.skin == pytest.approx((0x11 / 255, 0x22 / 255, 0x33 / 255))


def test_phone_calls_get_the_call_screen_with_the_same_controls(clean_scene: Any) -> None:
    from ursina import Entity, camera

    from scenes.avatar import CustomerAvatar, make_customer_view
    from scenes.call_screen import CallScreen

    camera.position = (0, 5, -20)
    phone = make_customer_view(Entity(z=0.35), scenario("phone"))
    assert camera.z == pytest.approx(0.35 - 2.7), "a call is seen from the agent's seat"
    in_person = make_customer_view(Entity(), scenario("in_person"))
    assert isinstance(phone, CallScreen) and isinstance(in_person, CustomerAvatar)
    phone.set_emotion("angry")
    phone.set_mood(80, 10)
    phone.set_talking(0.8)
    phone.gesture("point")
    for _ in range(70):
        phone.update(1 / 60)
    assert phone.timer_text.text == "00:01"
    assert phone.meters[0].scale_x > phone.meters[1].scale_x * 4, "anger bar long, trust bar short"
    assert max(bar.scale_y for bar in phone.voice_bars) > 0.03, "the voice level moves while talking"
    phone.destroy()
    in_person.destroy()


def test_sharp_mood_changes_show_as_gestures_and_a_walk_out_walks_away(clean_scene: Any) -> None:
    from ursina import Entity

    from scenes.avatar import CustomerAvatar

    avatar = CustomerAvatar(Entity(), customer(anger=40, trust=40))
    avatar.set_mood(45, 40)
    assert avatar._gesture is None, "small changes only move the posture"
    avatar.set_mood(65, 30)
    assert avatar._gesture == "throw_up_hands"
    for _ in range(90):
        avatar.update(1 / 60)
    avatar.set_mood(40, 55)
    assert avatar._gesture == "nod"
    for _ in range(90):
        avatar.update(1 / 60)

    avatar.set_mood(95, 5)
    assert avatar.posture == "walked_out"
    for _ in range(60 * 6):
        avatar.update(1 / 60)
    assert avatar.body.rotation_y > 120, "turned away"
    assert avatar.root.z == pytest.approx(3.0), "and left the desk"
    avatar.destroy()


def test_trainers_own_words_for_looks_are_understood() -> None:
    from scenes.looks import BUILDS, HAIR_COLORS, SKIN_TONES, looks_for

    def looks(**appearance: str) -> Any:
        return looks_for(customer(**appearance))

    assert looks(hair="long_wavy").hair_style == "long"
    assert looks(hair="short_curly").hair_style == "curly"
    assert looks(hair="balding").hair_style == "bald"
    assert looks(hair="headwrap").hair_style == "wrap"
    assert looks(hair_color="dark_blonde").hair_color == HAIR_COLORS["brown"]
    assert looks(hair_color="ginger").hair_color == HAIR_COLORS["red"]
    assert looks(outfit="travel_blazer").outfit == "suit"
    assert looks(outfit="work_overalls").outfit == "uniform"
    assert looks(outfit="rain_jacket").outfit == "coat"
    assert looks(outfit="t_shirt_and_cap").hat and looks(outfit="t_shirt_and_cap").outfit == "casual"
    assert looks(outfit="red hoodie").outfit_color == pytest.approx((0xC0 / 255, 0x39 / 255, 0x2B / 255))
    assert looks(build="petite").build == BUILDS["slim"] and looks(build="heavy").build == BUILDS["broad"]
    assert looks(skin="pale").skin == SKIN_TONES["light"]
