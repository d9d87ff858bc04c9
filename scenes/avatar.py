"""The customer at the desk: a stylised figure whose face, posture and gestures show how they feel.

Two layers move the figure. The face follows ``set_emotion`` (blended over half a second). The
body follows ``set_mood``: hot and distrustful customers cross their arms, lean in and point;
near their walk-out point they turn to leave; beaten-down ones slump; warm ones open up. Speech
loudness opens the mouth (``set_talking``). Everything animates in ``update(dt)`` from numbers
the game sets, so the same calls always give the same picture (screenshots, tests).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from ursina import Entity, destroy

from game.model import Customer, Scenario
from scenes.blocks import RGB, Lighting, MeshBuilder, make_opaque, mix, scale_rgb
from scenes.face import Face, HeadShape, expression_for
from scenes.looks import Looks, looks_for

EMOTION_BLEND_SECONDS = 0.5
POSTURE_BLEND_SECONDS = 0.7
GESTURE_SECONDS = 1.3
SHARP_CHANGE = 15
"""A mood change this big (anger or trust points) in one step also plays a gesture."""
WALK_AWAY_SPEED = 0.7
"""Metres a second a customer who walked out moves away from the desk."""
WALK_AWAY_DISTANCE = 3.0
GESTURES: tuple[str, ...] = ("nod", "shake_head", "shrug", "point", "throw_up_hands", "hand_on_chest", "sigh")


class CustomerView(Protocol):
    """What the game loop drives, whether the customer stands at the desk or calls on the phone."""

    def set_emotion(self, emotion: str) -> None: ...
    def set_mood(self, anger: int, trust: int) -> None: ...
    def set_talking(self, level: float) -> None: ...
    def gesture(self, name: str) -> None: ...
    def settle(self) -> None:
        """Finish every blend at once (a still picture of a moment, not of a transition)."""
        ...

    def update(self, dt: float) -> None: ...
    def destroy(self) -> None: ...


@dataclass(frozen=True)
class ArmPose:
    """Angles in degrees. ``raise_forward`` lifts the arm toward the trainee, ``spread`` out
    sideways, ``turn_in`` swings the bent forearm across the body, ``elbow`` bends it forward."""

    raise_forward: float = 4.0
    spread: float = 5.0
    turn_in: float = 0.0
    elbow: float = 8.0
    shoulder_lift: float = 0.0

    def blended(self, other: ArmPose, t: float) -> ArmPose:
        return ArmPose(
            self.raise_forward + (other.raise_forward - self.raise_forward) * t,
            self.spread + (other.spread - self.spread) * t,
            self.turn_in + (other.turn_in - self.turn_in) * t,
            self.elbow + (other.elbow - self.elbow) * t,
            self.shoulder_lift + (other.shoulder_lift - self.shoulder_lift) * t,
        )


@dataclass(frozen=True)
class Posture:
    """The whole body: the customer's right arm is on the viewer's left."""

    right: ArmPose = ArmPose()
    left: ArmPose = ArmPose()
    lean: float = 0.0
    """Degrees forward (toward the trainee); negative leans back."""
    turn: float = 0.0
    """Degrees the body turns away (toward the exit)."""
    head_pitch: float = 0.0
    drop: float = 0.0
    """Metres the shoulders sink (slumping)."""

    def blended(self, other: Posture, t: float) -> Posture:
        return Posture(
            self.right.blended(other.right, t),
            self.left.blended(other.left, t),
            self.lean + (other.lean - self.lean) * t,
            self.turn + (other.turn - self.turn) * t,
            self.head_pitch + (other.head_pitch - self.head_pitch) * t,
            self.drop + (other.drop - self.drop) * t,
        )


_ON_COUNTER = ArmPose(raise_forward=26, spread=6, turn_in=14, elbow=50)
_CROSSED_R = ArmPose(raise_forward=18, spread=14, turn_in=70, elbow=100)
_CROSSED_L = ArmPose(raise_forward=22, spread=12, turn_in=78, elbow=96)
POSTURES: dict[str, Posture] = {
    "rest": Posture(),
    "open": Posture(
        right=ArmPose(raise_forward=22, spread=10, turn_in=28, elbow=62),
        left=ArmPose(raise_forward=22, spread=10, turn_in=28, elbow=62),
        lean=2,
    ),
    "hands_on_counter": Posture(right=_ON_COUNTER, left=_ON_COUNTER, lean=5),
    "crossed": Posture(right=_CROSSED_R, left=_CROSSED_L, lean=-3, head_pitch=-3),
    "lean_point": Posture(
        right=ArmPose(raise_forward=72, spread=4, turn_in=12, elbow=12),
        left=_ON_COUNTER,
        lean=11,
        head_pitch=-2,
    ),
    "slump": Posture(
        right=ArmPose(raise_forward=2, spread=3, elbow=4), left=ArmPose(raise_forward=2, spread=3, elbow=4),
        lean=7, head_pitch=8, drop=0.035,
    ),
    "clasped": Posture(
        right=ArmPose(raise_forward=16, spread=4, turn_in=52, elbow=78),
        left=ArmPose(raise_forward=16, spread=4, turn_in=52, elbow=78),
        lean=1, drop=0.01,
    ),
    "leaving": Posture(right=ArmPose(raise_forward=8), left=ArmPose(raise_forward=-6), lean=-2, turn=38),
    "walked_out": Posture(right=ArmPose(raise_forward=14), left=ArmPose(raise_forward=-12), turn=160),
}  # fmt: skip

GESTURE_POSES: dict[str, Posture] = {
    "shrug": Posture(
        right=ArmPose(raise_forward=20, spread=30, turn_in=-30, elbow=85, shoulder_lift=0.045),
        left=ArmPose(raise_forward=20, spread=30, turn_in=-30, elbow=85, shoulder_lift=0.045),
    ),
    "point": Posture(right=ArmPose(raise_forward=80, spread=2, turn_in=10, elbow=8), left=ArmPose(), lean=8),
    "throw_up_hands": Posture(
        right=ArmPose(raise_forward=60, spread=38, turn_in=-10, elbow=70, shoulder_lift=0.03),
        left=ArmPose(raise_forward=60, spread=38, turn_in=-10, elbow=70, shoulder_lift=0.03),
        lean=-4,
    ),
    "hand_on_chest": Posture(right=ArmPose(raise_forward=24, spread=4, turn_in=66, elbow=118)),
    "sigh": Posture(lean=3, head_pitch=10, drop=0.04),
}  # fmt: skip


def posture_for(anger: int, trust: int, walk_out_at: int, emotion: str) -> str:
    """Which posture a mood shows. Hot moods win over the emotion of the current line."""
    if anger >= walk_out_at:
        return "walked_out"
    if anger >= walk_out_at - 12:
        return "leaving"
    if anger >= 75:
        return "lean_point"
    if anger >= 55:
        return "crossed" if trust < 45 else "hands_on_counter"
    if emotion == "sad" or (anger < 35 and trust < 25):
        return "slump"
    if emotion == "anxious":
        return "clasped"
    if anger >= 35:
        return "hands_on_counter"
    if trust >= 60:
        return "open"
    return "rest"


def _smoothstep(t: float) -> float:
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


class _Arm:
    UPPER = 0.29
    FORE = 0.27

    def __init__(
        self, parent: Entity, side: int, x: float, y: float, sleeve: RGB, forearm: RGB, skin: RGB
    ) -> None:
        self.side = side
        self.base_y = y
        light = Lighting()
        self.shoulder = Entity(parent=parent, name="shoulder", position=(x, y, 0))
        upper = MeshBuilder(light)
        upper.blob((0, -0.02, 0), (0.07, 0.07, 0.075), sleeve, segments=10, rings=6, smooth=True)
        upper.cylinder((0, -self.UPPER, 0), 0.052, self.UPPER, sleeve, segments=10)
        upper.entity(self.shoulder, "upper_arm")
        self.elbow = Entity(parent=self.shoulder, name="elbow", y=-self.UPPER)
        fore = MeshBuilder(light)
        fore.blob((0, 0, 0), (0.05, 0.05, 0.05), forearm, segments=8, rings=5, smooth=True)
        fore.cylinder((0, -self.FORE, 0), 0.042, self.FORE, forearm, segments=10, radius_top=0.048)
        fore.blob(
            (0, -self.FORE - 0.045, -0.005), (0.045, 0.06, 0.03), skin, segments=10, rings=6, smooth=True
        )
        fore.entity(self.elbow, "forearm")

    def pose(self, p: ArmPose) -> None:
        # Signs checked in screenshots: +rotation_x swings a hanging arm toward the trainee (-z),
        # rotation_z spreads it away from the body, rotation_y turns the bent forearm inward.
        self.shoulder.rotation = (p.raise_forward, self.side * p.turn_in, self.side * -p.spread)
        self.shoulder.y = self.base_y + p.shoulder_lift
        self.elbow.rotation_x = p.elbow


class CustomerAvatar:
    """A customer standing at the desk, facing the trainee (-z), feet at the parent's origin."""

    def __init__(self, parent: Entity, customer: Customer) -> None:
        self.customer = customer
        self.looks: Looks = looks_for(customer)
        looks = self.looks
        self.root = Entity(parent=parent, name=f"customer:{customer.name}")
        h = looks.height / 1.7
        self.hip_y = 0.92 * h
        self._build_legs(looks)
        self.body = Entity(parent=self.root, name="body", y=self.hip_y)
        torso_height = 0.5 * h
        self._build_torso(looks, torso_height)
        shoulder_x = 0.2 * looks.build + 0.035
        sleeve = looks.outfit_color if looks.outfit != "suit" else scale_rgb(looks.outfit_color, 0.45)
        forearm = looks.skin if looks.outfit == "casual" else sleeve
        self.arms = (
            _Arm(self.body, -1, -shoulder_x, torso_height - 0.05, sleeve, forearm, looks.skin),
            _Arm(self.body, 1, shoulder_x, torso_height - 0.05, sleeve, forearm, looks.skin),
        )
        self.neck_y = torso_height + 0.02
        self.head_pivot = Entity(parent=self.body, name="head_pivot", y=self.neck_y)
        self.shape = HeadShape()
        # A slightly oversized head (stage proportions) keeps the face readable across the desk.
        self.head = Entity(parent=self.head_pivot, name="head", y=0.215, scale=1.12)
        self.face = self._build_head(looks)
        make_opaque(self.root)

        self._emotion = "neutral"
        self._expression_from = expression_for("neutral")
        self._expression_to = self._expression_from
        self._expression = self._expression_from
        self._expression_t = 1.0
        self._anger = customer.mood.anger
        self._trust = customer.mood.trust
        self._posture_name = posture_for(self._anger, self._trust, customer.walk_out_at, self._emotion)
        self._posture_from = POSTURES[self._posture_name]
        self._posture_to = self._posture_from
        self._posture = self._posture_from
        self._posture_t = 1.0
        self._talk_target = 0.0
        self._talk = 0.0
        self._gesture: str | None = None
        self._gesture_t = 0.0
        self._clock = 0.0
        self._walked = 0.0
        self._apply()

    # --- public API -------------------------------------------------------------------------------

    @property
    def emotion(self) -> str:
        return self._emotion

    @property
    def posture(self) -> str:
        return self._posture_name

    def set_emotion(self, emotion: str) -> None:
        """Blend the face toward ``emotion`` over about half a second."""
        if emotion == self._emotion and self._expression_t >= 1.0:
            return
        self._emotion = emotion
        self._expression_from = self._expression
        self._expression_to = expression_for(emotion)
        self._expression_t = 0.0
        self._choose_posture()

    def set_mood(self, anger: int, trust: int) -> None:
        """Posture follows the mood; a sharp change also shows at once as a gesture (a flare of
        exasperation, or a nod when something lands well)."""
        anger_change, trust_change = anger - self._anger, trust - self._trust
        self._anger, self._trust = anger, trust
        self._choose_posture()
        if self._gesture is None and self._posture_name != "walked_out":
            if anger_change >= SHARP_CHANGE:
                self.gesture("throw_up_hands")
            elif -anger_change >= SHARP_CHANGE or trust_change >= SHARP_CHANGE:
                self.gesture("nod")

    def set_talking(self, level: float) -> None:
        self._talk_target = min(1.0, max(0.0, level))

    def gesture(self, name: str) -> None:
        """Play a short gesture over the posture; unknown names are ignored (content may be newer)."""
        if name in GESTURES:
            self._gesture = name
            self._gesture_t = 0.0

    def settle(self) -> None:
        """Finish every blend at once (screenshots of a moment, not of a transition)."""
        self._expression_t = 1.0
        self._expression = self._expression_to
        self._posture_t = 1.0
        self._posture = self._posture_to
        self._talk = self._talk_target
        self._apply()

    def update(self, dt: float) -> None:
        self._clock += dt
        if self._expression_t < 1.0:
            self._expression_t = min(1.0, self._expression_t + dt / EMOTION_BLEND_SECONDS)
            self._expression = self._expression_from.blended(
                self._expression_to, _smoothstep(self._expression_t)
            )
        if self._posture_t < 1.0:
            self._posture_t = min(1.0, self._posture_t + dt / POSTURE_BLEND_SECONDS)
            self._posture = self._posture_from.blended(self._posture_to, _smoothstep(self._posture_t))
        # Mouth follows loudness quickly but not instantly, so syllables read as speech, not flicker.
        self._talk += (self._talk_target - self._talk) * min(1.0, dt * 18)
        if self._posture_name == "walked_out" and self._posture_t >= 1.0:
            self._walked = min(WALK_AWAY_DISTANCE, self._walked + WALK_AWAY_SPEED * dt)
        if self._gesture is not None:
            self._gesture_t += dt
            if self._gesture_t >= GESTURE_SECONDS:
                self._gesture = None
        self._apply()

    def destroy(self) -> None:
        destroy(self.root)

    # --- internals --------------------------------------------------------------------------------

    def _choose_posture(self) -> None:
        name = posture_for(self._anger, self._trust, self.customer.walk_out_at, self._emotion)
        if name == self._posture_name:
            return
        self._posture_name = name
        self._posture_from = self._posture
        self._posture_to = POSTURES[name]
        self._posture_t = 0.0

    def _apply(self) -> None:
        posture = self._posture
        head_yaw = head_nod = 0.0
        if self._gesture is not None:
            t = self._gesture_t / GESTURE_SECONDS
            envelope = _smoothstep(min(1.0, t * 4)) * _smoothstep(min(1.0, (1 - t) * 3))
            if self._gesture in GESTURE_POSES:
                posture = posture.blended(GESTURE_POSES[self._gesture], envelope)
            elif self._gesture == "nod":
                head_nod = 9 * math.sin(t * math.pi * 4) * envelope
            elif self._gesture == "shake_head":
                head_yaw = 14 * math.sin(t * math.pi * 5) * envelope
        breath = math.sin(self._clock * 2 * math.pi / 4.2)
        e = self._expression
        self.body.rotation = (posture.lean, posture.turn, 0)
        # Nobody stands perfectly still: a slow shift of weight from foot to foot.
        self.body.x = math.sin(self._clock * 0.45) * 0.012
        walking_bob = abs(math.sin(self._walked * 6)) * 0.03 if 0 < self._walked < WALK_AWAY_DISTANCE else 0.0
        self.body.y = self.hip_y - posture.drop * 0.5 + walking_bob
        self.root.z = self._walked
        self.torso.scale_y = 1.0 + 0.012 * breath
        self.arms[0].pose(posture.right)
        self.arms[1].pose(posture.left)
        for arm in self.arms:
            arm.shoulder.y -= posture.drop
        sway = math.sin(self._clock * 0.7) * 1.5
        talk_bob = self._talk * 3 * math.sin(self._clock * 11)
        # Turning to leave, they still look back at the trainee: the face stays readable.
        look_back = -posture.turn * 0.6 if posture.turn < 90 else 0.0
        self.head_pivot.rotation = (
            e.head_pitch + posture.head_pitch + head_nod + talk_bob,
            head_yaw + look_back + sway * 0.6,
            e.head_roll + sway * 0.4,
        )
        self.head_pivot.y = self.neck_y - posture.drop
        self.face.show(e, self._talk, self._blink())

    def _blink(self) -> float:
        # A blink every ~3.7 s lasting 0.14 s: deterministic in the avatar's own clock.
        phase = self._clock % 3.7
        if phase > 0.14:
            return 0.0
        return math.sin(phase / 0.14 * math.pi)

    def _build_legs(self, looks: Looks) -> None:
        b = MeshBuilder(Lighting())
        trousers = scale_rgb(mix(looks.outfit_color, (0.15, 0.16, 0.2), 0.75), 0.9)
        for x in (-0.1, 0.1):
            b.box((x * looks.build, self.hip_y / 2, 0), (0.15, self.hip_y, 0.17), trousers)
            b.box((x * looks.build, 0.04, -0.04), (0.16, 0.08, 0.28), (0.12, 0.1, 0.1))
        b.entity(self.root, "legs")

    def _build_torso(self, looks: Looks, height: float) -> None:
        b = MeshBuilder(Lighting())
        w = 0.42 * looks.build
        main = looks.outfit_color
        if looks.outfit == "suit":
            main = scale_rgb(looks.outfit_color, 0.45)
        b.tapered_box((0, -0.02, 0), (w * 0.86, 0.22), (w, 0.24), height, main)
        for side in (-1, 1):
            b.blob(
                (side * w * 0.42, height - 0.035, 0),
                (0.07, 0.05, 0.1),
                main,
                segments=10,
                rings=6,
                smooth=True,
            )
        front = -0.125
        if looks.outfit == "suit":
            b.triangle(
                (-0.09, height, front), (0.09, height, front), (0, height - 0.24, front), (0.95, 0.95, 0.95)
            )
            b.box((0, height - 0.12, front - 0.004), (0.035, 0.2, 0.01), looks.accent_color)
            b.box((0, height - 0.015, front - 0.004), (0.05, 0.03, 0.012), looks.accent_color)
        elif looks.outfit == "hoodie":
            b.blob((0, height - 0.01, 0.06), (0.17, 0.07, 0.12), scale_rgb(main, 0.85), segments=10, rings=5)
            b.box((0, 0.12, front + 0.005), (w * 0.6, 0.12, 0.01), scale_rgb(main, 0.8))
            for x in (-0.04, 0.04):
                b.box((x, height - 0.1, front - 0.003), (0.01, 0.12, 0.008), (0.92, 0.92, 0.92))
        elif looks.outfit == "blouse":
            b.triangle((-0.1, height, front), (0.1, height, front), (0, height - 0.1, front), looks.skin)
            b.box((-0.06, height - 0.02, front - 0.003), (0.09, 0.04, 0.01), looks.accent_color)
            b.box((0.06, height - 0.02, front - 0.003), (0.09, 0.04, 0.01), looks.accent_color)
        elif looks.outfit == "sweater":
            b.box((0, 0.02, front + 0.005), (w * 0.88, 0.05, 0.01), scale_rgb(main, 0.8))
            b.box((0, height - 0.01, front + 0.01), (0.16, 0.035, 0.01), scale_rgb(main, 0.8))
            b.box((0, height * 0.55, front), (w * 0.8, 0.035, 0.01), looks.accent_color)
        elif looks.outfit == "uniform":
            b.box((0.1, height - 0.12, front - 0.003), (0.08, 0.03, 0.01), (0.95, 0.95, 0.95))
            b.box((0, height * 0.5, front), (0.02, height * 0.9, 0.01), scale_rgb(main, 0.7))
            for side in (-1, 1):
                b.box((side * w * 0.4, height + 0.012, 0), (0.1, 0.012, 0.1), looks.accent_color)
        elif looks.outfit == "coat":
            b.box((0, height * 0.5, front - 0.004), (0.014, height * 0.95, 0.01), scale_rgb(main, 0.6))
            for side in (-1, 1):
                b.box((side * 0.07, height - 0.02, front - 0.004), (0.1, 0.06, 0.012), scale_rgb(main, 0.8))
                b.box(
                    (side * w * 0.27, height * 0.25, front - 0.003), (0.1, 0.07, 0.01), scale_rgb(main, 0.75)
                )
        else:  # casual t-shirt with a print
            b.box((0, height * 0.58, front), (0.16, 0.12, 0.01), looks.accent_color)
            b.box((0, height - 0.01, front + 0.01), (0.14, 0.03, 0.01), looks.skin)
        self.torso = b.entity(self.body, "torso")

    def _build_head(self, looks: Looks) -> Face:
        shape = self.shape
        light = Lighting(ambient=0.64, key=0.42)
        neck = MeshBuilder(light)
        neck.cylinder((0, -0.04, 0.01), 0.058, 0.12, scale_rgb(looks.skin, 0.9), segments=10)
        neck.entity(self.head_pivot, "neck")
        skin_builder = MeshBuilder(light)
        skin_builder.blob(
            (0, 0, 0), (shape.rx, shape.ry, shape.rz), looks.skin, segments=20, rings=14, smooth=True
        )
        for side in (-1, 1):
            skin_builder.blob(
                (side * shape.rx, 0.0, 0.01), (0.025, 0.045, 0.03), scale_rgb(looks.skin, 0.95), 8, 5
            )
        nose_z = shape.surface_z(0, -0.03, 0.0)
        skin_builder.blob(
            (0, -0.03, nose_z), (0.022, 0.032, 0.026), scale_rgb(looks.skin, 0.97), 10, 6, smooth=True
        )
        skin = skin_builder.entity(self.head, "skin")
        hair = MeshBuilder(light)
        self._build_hair(hair, looks)
        if looks.beard:
            hair.blob((0, -0.168, -0.04), (0.1, 0.05, 0.1), looks.hair_color, 12, 6, smooth=True)
        if looks.glasses:
            frame = (0.12, 0.12, 0.14)
            for side in (-1, 1):
                x = side * Face.EYE_X
                z = shape.surface_z(x, Face.EYE_Y, 0.022)
                for dy in (-0.03, 0.032):
                    hair.box((x, Face.EYE_Y + dy, z), (0.08, 0.008, 0.006), frame)
                for dx in (-0.04, 0.04):
                    hair.box((x + dx, Face.EYE_Y, z), (0.008, 0.068, 0.006), frame)
            hair.box(
                (0, Face.EYE_Y + 0.01, shape.surface_z(0, Face.EYE_Y, 0.03)), (0.04, 0.008, 0.006), frame
            )
        hair.entity(self.head, "hair")
        brow = scale_rgb(looks.hair_color, 0.75) if sum(looks.hair_color) < 1.8 else (0.45, 0.42, 0.4)
        return Face(self.head, skin, shape, looks.skin, brow)

    def _build_hair(self, b: MeshBuilder, looks: Looks) -> None:
        s = self.shape
        c = looks.hair_color
        style = looks.hair_style
        if looks.hat:
            # A cap: crown and a peak over the brow (the hair shows below it at the back).
            b.blob((0, -0.02, 0.05), (s.rx + 0.005, 0.09, s.rz - 0.02), c, 14, 6, smooth=True)
            crown = (s.rx + 0.018, s.ry * 0.5, s.rz + 0.018)
            b.blob((0, 0.135, 0.02), crown, looks.accent_color, 16, 8, smooth=True)
            b.box((0, 0.13, -s.rz - 0.035), (0.2, 0.014, 0.1), scale_rgb(looks.accent_color, 0.8))
            return
        if style == "wrap":
            # A head wrap in the outfit's accent colour, tied at the back.
            fabric = looks.accent_color
            b.blob((0, 0.05, 0.04), (s.rx + 0.025, s.ry * 0.85, s.rz + 0.01), fabric, 18, 10, smooth=True)
            b.blob((0, 0.02, 0.17), (0.07, 0.06, 0.05), scale_rgb(fabric, 0.85), 10, 6, smooth=True)
            return
        if style == "bald":
            b.blob((0, -0.01, 0.03), (s.rx + 0.008, 0.06, s.rz - 0.01), c, 14, 6, smooth=True)
            return
        thickness = 0.006 if style == "buzz" else 0.016
        b.blob((0, 0.1, 0.035), (s.rx + thickness, s.ry * 0.66, s.rz + thickness), c, 18, 10, smooth=True)
        if style in ("long", "ponytail", "bun", "curly"):
            # A fringe sweeping across the top of the forehead.
            b.blob((-0.03, 0.14, -0.085), (0.12, 0.045, 0.065), c, 12, 6, smooth=True)
        if style == "long":
            b.tapered_box((0, -0.28, 0.07), (0.34, 0.1), (0.32, 0.14), 0.36, scale_rgb(c, 0.9))
            for side in (-1, 1):
                b.tapered_box((side * 0.145, -0.22, -0.01), (0.05, 0.08), (0.05, 0.12), 0.3, c)
        elif style == "bun":
            b.blob((0, 0.17, 0.1), (0.075, 0.07, 0.075), c, 12, 6, smooth=True)
        elif style == "ponytail":
            b.blob((0, 0.06, 0.17), (0.05, 0.05, 0.05), c, 10, 5, smooth=True)
            b.tapered_box((0, -0.2, 0.18), (0.05, 0.05), (0.08, 0.07), 0.25, c)
        elif style == "curly":
            for i in range(9):
                a = i / 9 * math.pi * 2
                b.blob(
                    (math.cos(a) * 0.12, 0.1 + 0.04 * math.sin(a * 2), 0.03 + math.sin(a) * 0.11),
                    (0.07, 0.07, 0.07),
                    scale_rgb(c, 0.9 + 0.1 * (i % 2)),
                    8,
                    5,
                    smooth=True,
                )
        elif style == "short":
            b.blob((0.04, 0.145, -0.075), (0.1, 0.04, 0.065), c, 12, 6, smooth=True)


def make_customer_view(parent: Entity, scenario: Scenario) -> CustomerView:
    """The avatar for scenarios in person, the call screen for phone calls."""
    if scenario.channel == "phone":
        from scenes.call_screen import CallScreen

        return CallScreen(parent, scenario.customer)
    avatar = CustomerAvatar(parent, scenario.customer)
    avatar.set_mood(scenario.customer.mood.anger, scenario.customer.mood.trust)
    return avatar
