"""A phone call: the trainee's desk, headset and the softphone screen that shows how the caller feels.

On the phone there is no face to read, so the screen carries the cues: the caller's name and
number, a mood face driven by the same expressions as the in-person avatar, anger and trust
meters, the call timer and a voice-level bar that moves while the caller speaks. It offers the
avatar's methods, so the game loop drives either without knowing which it has.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from panda3d.core import TransparencyAttrib
from ursina import Entity, Mesh, Text, Vec3, camera, destroy

from game.model import Customer
from scenes import textures
from scenes.blocks import Lamp, Lighting, MeshBuilder, headset, make_opaque, rgb, scale_rgb
from scenes.face import Expression, expression_for, mouth_geometry
from scenes.framing import fov_for_window

SCREEN_W, SCREEN_H = 1.0, 0.625
"""The softphone picture in metres (16:10); its texture is 1024x640, so 1 px = 1/1024 m."""
EMOTION_BLEND_SECONDS = 0.5
METER_SECONDS = 0.6
VOICE_BARS = 9


PHONE_CAMERA_FOV = 60.0
SCREEN_Y = 1.3
"""Height of the softphone picture's centre above the floor."""
BAR_W, BAR_Z = 0.014, -0.003


@dataclass
class VoiceBar:
    """One bar of the voice-level display: its centre on the screen and its current height.
    The bars and the meter tracks are drawn together as one mesh (one draw call, not eleven)."""

    x: float
    y: float
    scale_y: float = 0.01


def call_camera(anchor: Vec3) -> tuple[Vec3, Vec3]:
    """The trainee's eye and where it looks, seated in front of a call screen at ``anchor``."""
    return Vec3(anchor.x, 1.62, anchor.z - 2.7), Vec3(anchor.x, 1.02, anchor.z)


def frame_call_camera(anchor: Vec3) -> None:
    """Seat the trainee's camera in front of a call screen standing at ``anchor`` (floor level):
    the softphone framed in the upper half of the picture, above the HUD's subtitles."""
    eye, target = call_camera(anchor)
    camera.orthographic = False
    camera.rotation = (0, 0, 0)
    camera.position = eye
    camera.look_at(target)
    camera.fov = fov_for_window(PHONE_CAMERA_FOV)


def _px(x: float, y: float) -> tuple[float, float]:
    """Texture pixel (from the top left) -> screen-local metres (from the centre, y up)."""
    return (x / 1024 * SCREEN_W - SCREEN_W / 2, SCREEN_H / 2 - y / 640 * SCREEN_H)


def phone_number(name: str) -> str:
    """A made-up but stable caller number (from the name, like the avatar's looks)."""
    digits = hashlib.sha256(name.encode("utf-8")).hexdigest()
    numbers = "".join(str(int(c, 16) % 10) for c in digits[:9])
    return f"+44 7{numbers[:3]} {numbers[3:6]} {numbers[6:9]}"


def _smoothstep(t: float) -> float:
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def _mood_colour(anger: float) -> tuple[float, float, float]:
    calm, hot = rgb("#6fcf97"), rgb("#eb5757")
    mid = rgb("#f2c94c")
    t = anger / 100
    if t < 0.5:
        k = t / 0.5
        return (
            calm[0] + (mid[0] - calm[0]) * k,
            calm[1] + (mid[1] - calm[1]) * k,
            calm[2] + (mid[2] - calm[2]) * k,
        )
    k = (t - 0.5) / 0.5
    return (mid[0] + (hot[0] - mid[0]) * k, mid[1] + (hot[1] - mid[1]) * k, mid[2] + (hot[2] - mid[2]) * k)


def desk_builder() -> MeshBuilder:
    """The agent's desk and the monitor the softphone picture sits on, around the call screen's
    origin (floor level). From the seat it hides much of the room (``scenes.visibility``)."""
    b = MeshBuilder(Lighting(lamps=(Lamp((0.5, 1.2, -0.4), 1.2, 0.35),)))
    wood, metal = rgb("#a47551"), rgb("#3c4048")
    b.box((0, 0.73, -0.15), (1.9, 0.05, 0.85), wood)
    for x in (-0.9, 0.9):
        b.box((x, 0.36, -0.15), (0.05, 0.72, 0.8), metal)
    b.box((0, 0.5, 0.24), (1.8, 0.45, 0.03), scale_rgb(metal, 1.2))
    # The monitor: stand, bezel; the softphone picture sits in front of it.
    b.box((0, 0.765, 0.0), (0.34, 0.02, 0.24), metal)
    b.box((0, 0.96, 0.04), (0.06, 0.4, 0.04), metal)
    b.box((0, SCREEN_Y, 0.0), (SCREEN_W + 0.06, SCREEN_H + 0.06, 0.05), rgb("#1d1f24"))
    b.box((0, 0.77, -0.38), (0.6, 0.025, 0.18), rgb("#2b2d33"))
    for row in range(4):
        b.box((0, 0.785, -0.44 + row * 0.04), (0.54, 0.01, 0.025), rgb("#d8dbe2"))
    b.box((0.42, 0.77, -0.38), (0.07, 0.025, 0.11), rgb("#2b2d33"))
    headset(b, (-0.62, 0.755, -0.3), 20, rgb("#30343c"))
    b.cylinder((0.72, 0.755, -0.25), 0.045, 0.11, rgb("#e76f51"), segments=12)
    b.box((-0.55, 0.76, -0.05), (0.22, 0.01, 0.3), rgb("#fdf6e3"))
    return b


class CallScreen:
    """The call as the trainee sees it, built around ``parent``'s origin (floor level)."""

    SCREEN_Y = SCREEN_Y

    def __init__(self, parent: Entity, customer: Customer, frame_camera: bool = True) -> None:
        """``frame_camera``: also move the camera to the agent's seat (a phone call is seen from
        there whatever the set's own camera is)."""
        self.customer = customer
        self.root = Entity(parent=parent, name=f"call:{customer.name}")
        self._build_desk()
        self.screen = Entity(parent=self.root, name="softphone", position=(0, self.SCREEN_Y, -0.032))
        Entity(
            parent=self.screen,
            model="quad",
            scale=(SCREEN_W, SCREEN_H),
            texture=textures.call_window(customer.name, phone_number(customer.name)),
        )
        self._build_face()
        self._build_meters()
        self.timer_text = Text(
            parent=self.screen,
            text="00:00",
            position=(*_px(452, 510), -0.004),
            scale=3.2,
            color=(0.95, 0.96, 0.98, 1),
            origin=(-0.5, 0.5),
        )
        make_opaque(self.root)
        self.timer_text.setTransparency(TransparencyAttrib.M_alpha, 2)  # glyph edges need blending
        if frame_camera:
            frame_call_camera(self.root.world_position)
        self._emotion = "neutral"
        self._from = expression_for("neutral")
        self._to = self._from
        self._expression = self._from
        self._blend_t = 1.0
        self._anger = float(customer.mood.anger)
        self._trust = float(customer.mood.trust)
        self._target_anger = self._anger
        self._target_trust = self._trust
        self._talk = 0.0
        self._talk_target = 0.0
        self._elapsed = 0.0
        self._shown_seconds = -1
        self._clock = 0.0
        self._mouth_state: tuple[float, ...] | None = None
        self._apply()

    # --- the CustomerView API -----------------------------------------------------------------

    @property
    def emotion(self) -> str:
        return self._emotion

    def set_emotion(self, emotion: str) -> None:
        self._emotion = emotion
        self._from = self._expression
        self._to = expression_for(emotion)
        self._blend_t = 0.0

    def set_mood(self, anger: int, trust: int) -> None:
        self._target_anger, self._target_trust = float(anger), float(trust)

    def set_talking(self, level: float) -> None:
        self._talk_target = min(1.0, max(0.0, level))

    def gesture(self, name: str) -> None:
        """Gestures cannot be seen on the phone; accepted so the game loop need not care."""

    def settle(self) -> None:
        self._blend_t = 1.0
        self._expression = self._to
        self._anger, self._trust = self._target_anger, self._target_trust
        self._talk = self._talk_target
        self._apply()

    def update(self, dt: float) -> None:
        self._clock += dt
        self._elapsed += dt
        if self._blend_t < 1.0:
            self._blend_t = min(1.0, self._blend_t + dt / EMOTION_BLEND_SECONDS)
            self._expression = self._from.blended(self._to, _smoothstep(self._blend_t))
        rate = min(1.0, dt / METER_SECONDS * 3)
        self._anger += (self._target_anger - self._anger) * rate
        self._trust += (self._target_trust - self._trust) * rate
        self._talk += (self._talk_target - self._talk) * min(1.0, dt * 18)
        self._apply()

    def destroy(self) -> None:
        destroy(self.root)

    # --- building -------------------------------------------------------------------------------

    def _build_desk(self) -> None:
        self.desk = desk_builder().entity(self.root, "call_desk")

    def _build_face(self) -> None:
        centre = _px(212, 330)
        self.face = Entity(parent=self.screen, name="mood_face", position=(centre[0], centre[1], -0.003))
        self.face_disc = Entity(parent=self.face, model="circle", scale=0.28, color=(0.4, 0.8, 0.5, 1))
        self.eyes: list[Entity] = []
        self.brows: list[Entity] = []
        for side in (-1, 1):
            eye = Entity(parent=self.face, position=(side * 0.045, 0.025, -0.001))
            Entity(parent=eye, model="circle", scale=(0.05, 0.055), color=(1, 1, 1, 1))
            Entity(parent=eye, model="circle", scale=(0.026, 0.028), color=(0.1, 0.1, 0.12, 1), z=-0.001)
            self.eyes.append(eye)
            brow = Entity(
                parent=self.face,
                model="quad",
                scale=(0.06, 0.012),
                color=(0.15, 0.12, 0.12, 1),
                position=(side * 0.045, 0.07, -0.002),
            )
            self.brows.append(brow)
        self.mouth = Entity(parent=self.face, model=Mesh(vertices=[], triangles=[], colors=[], static=False))

    def _build_meters(self) -> None:
        self.meters: list[Entity] = []
        self._tracks: list[tuple[float, float]] = []
        for row, colour in ((300, rgb("#eb5757")), (400, rgb("#56ccf2"))):
            left, top = _px(452, row + 8)
            self._tracks.append((left, top))
            fill = Entity(
                parent=self.screen,
                model="quad",
                origin=(-0.5, 0),
                position=(left, top, -0.003),
                scale=(0.25, 0.028),
                color=(*colour, 1),
            )
            self.meters.append(fill)
        self.voice_bars = [VoiceBar(*_px(108 + i * 24, 500)) for i in range(VOICE_BARS)]
        self._bars_state: tuple[float, ...] | None = None
        self.bars = Entity(
            parent=self.screen, name="tracks_and_voice", model=Mesh(vertices=[], colors=[], static=False)
        )

    def _draw_bars(self) -> None:
        """The meter tracks and the voice bars as one mesh, rebuilt only when a bar's height changes."""
        state = tuple(round(bar.scale_y, 4) for bar in self.voice_bars)
        if state == self._bars_state:
            return
        self._bars_state = state
        vertices: list[tuple[float, float, float]] = []
        colors: list[tuple[float, float, float, float]] = []

        def rect(x0: float, y0: float, x1: float, y1: float, z: float, colour: tuple[float, ...]) -> None:
            # two triangles, wound like Ursina's quad (counter-clockwise with x right, y up)
            vertices.extend([(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y0, z), (x1, y1, z), (x0, y1, z)])
            red, green, blue = colour[:3]
            colors.extend([(red, green, blue, 1.0)] * 6)

        for left, top in self._tracks:
            rect(left, top - 0.014, left + 0.5, top + 0.014, -0.002, (0.16, 0.2, 0.28))
        for bar in self.voice_bars:
            half_w, half_h = BAR_W / 2, bar.scale_y / 2
            rect(bar.x - half_w, bar.y - half_h, bar.x + half_w, bar.y + half_h, BAR_Z, (0.55, 0.8, 0.95))
        mesh = self.bars.model
        mesh.vertices, mesh.colors = vertices, colors
        mesh.generate()

    # --- showing --------------------------------------------------------------------------------

    def _apply(self) -> None:
        e: Expression = self._expression
        self.face_disc.color = (*_mood_colour(self._anger), 1)
        for index, eye in enumerate(self.eyes):
            eye.scale_y = max(0.08, e.eye_open)
            side = -1 if index == 0 else 1
            brow = self.brows[index]
            brow.rotation_z = e.brow_angle * -side * 1.2
            brow.y = 0.07 + (e.brow_raise + e.brow_skew * side) * 2.2
        self.face.rotation_z = e.head_roll * 0.6
        talk = self._talk
        state = (
            round(e.mouth_curve, 3),
            round(min(1.0, e.mouth_open + talk * 0.75), 3),
            round(e.mouth_skew, 3),
        )
        if state != self._mouth_state:
            self._mouth_state = state
            vertices, colors, triangles = mouth_geometry(
                state[0], state[1], 0.075 * e.mouth_width, state[2], -0.055, lambda _x, _y, lift: -lift
            )
            mesh = self.mouth.model
            mesh.vertices, mesh.colors, mesh.triangles = vertices, colors, triangles
            mesh.generate()
        self.meters[0].scale_x = max(0.002, 0.5 * self._anger / 100)
        self.meters[1].scale_x = max(0.002, 0.5 * self._trust / 100)
        for i, bar in enumerate(self.voice_bars):
            wave = 0.5 + 0.5 * math.sin(self._clock * 13 + i * 1.7)
            bar.scale_y = 0.01 + 0.07 * talk * (0.35 + 0.65 * wave)
        self._draw_bars()
        seconds = int(self._elapsed)
        if seconds != self._shown_seconds:
            self._shown_seconds = seconds
            self.timer_text.text = f"{seconds // 60:02d}:{seconds % 60:02d}"
