"""The customer's face: expressions as numbers, and the eyes, brows, mouth and cheeks that show them.

An ``Expression`` is a handful of features (brow angle and height, eye openness, mouth curve and
openness, flush, head tilt) chosen so each of the nine emotions reads from across the room: the
game is about noticing how someone feels, so the differences are deliberately stage-sized.
Blending between expressions is plain interpolation of those numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields

from ursina import Entity, Mesh

from scenes.blocks import RGB, Lighting, MeshBuilder, mix, scale_rgb


@dataclass(frozen=True)
class Expression:
    brow_angle: float = 0.0
    """Degrees; positive lowers the inner ends (anger), negative raises them (worry, sadness)."""
    brow_raise: float = 0.0
    """Metres up (+) or down (-) from rest."""
    brow_skew: float = 0.0
    """Metres: one brow up and the other down (puzzlement)."""
    eye_open: float = 0.9
    """0 closed, 1 open, above 1 wide."""
    mouth_curve: float = 0.0
    """-1 deep frown .. +1 broad smile."""
    mouth_open: float = 0.0
    mouth_width: float = 1.0
    mouth_skew: float = 0.0
    flush: float = 0.0
    """0..1: the face reddens (anger)."""
    blush: float = 0.0
    """0..1: pink cheeks (warmth, relief)."""
    head_roll: float = 0.0
    """Degrees of sideways head tilt."""
    head_pitch: float = 0.0
    """Degrees; positive looks down."""

    def blended(self, other: Expression, t: float) -> Expression:
        values = {
            f.name: getattr(self, f.name) + (getattr(other, f.name) - getattr(self, f.name)) * t
            for f in fields(self)
        }
        return Expression(**values)

    def close_to(self, other: Expression, tolerance: float = 1e-3) -> bool:
        return all(abs(getattr(self, f.name) - getattr(other, f.name)) <= tolerance for f in fields(self))


EXPRESSIONS: dict[str, Expression] = {
    "angry": Expression(
        brow_angle=28, brow_raise=-0.016, eye_open=0.6, mouth_curve=-0.85, mouth_open=0.25,
        mouth_width=1.05, flush=0.75, head_pitch=6,
    ),
    "frustrated": Expression(
        brow_angle=18, brow_raise=-0.01, eye_open=0.7, mouth_curve=-0.65, mouth_width=0.78,
        flush=0.35, head_roll=-6, head_pitch=3,
    ),
    "anxious": Expression(
        brow_angle=-22, brow_raise=0.016, eye_open=1.25, mouth_curve=-0.35, mouth_open=0.14,
        mouth_width=0.7, head_pitch=-2, head_roll=3,
    ),
    "sad": Expression(
        brow_angle=-26, brow_raise=0.004, eye_open=0.5, mouth_curve=-0.95, mouth_width=0.85,
        head_pitch=14, head_roll=7,
    ),
    "confused": Expression(
        brow_angle=-4, brow_raise=0.006, brow_skew=0.02, eye_open=1.0, mouth_curve=-0.2,
        mouth_width=0.8, mouth_skew=1.0, mouth_open=0.08, head_roll=13,
    ),
    "neutral": Expression(),
    "calm": Expression(brow_angle=-4, eye_open=0.78, mouth_curve=0.45, blush=0.12, head_roll=3),
    "relieved": Expression(
        brow_angle=-14, brow_raise=0.008, eye_open=0.5, mouth_curve=0.75, mouth_width=1.08,
        blush=0.3, head_roll=6, head_pitch=-6,
    ),
    "happy": Expression(
        brow_angle=-5, brow_raise=0.014, eye_open=0.8, mouth_curve=1.0, mouth_open=0.42,
        mouth_width=1.2, blush=0.65, head_pitch=-5,
    ),
}  # fmt: skip


def expression_for(emotion: str) -> Expression:
    """The expression for an emotion name; unknown names look neutral rather than fail mid-game."""
    return EXPRESSIONS.get(emotion, EXPRESSIONS["neutral"])


@dataclass(frozen=True)
class HeadShape:
    """The head is an ellipsoid around the head pivot; the features sit on its front surface."""

    rx: float = 0.15
    ry: float = 0.175
    rz: float = 0.152

    def surface_z(self, x: float, y: float, lift: float = 0.004) -> float:
        inside = max(0.0, 1.0 - (x / self.rx) ** 2 - (y / self.ry) ** 2)
        return -self.rz * math.sqrt(inside) - lift


LIP = (0.42, 0.12, 0.14)
MOUTH_INSIDE = (0.22, 0.06, 0.07)
TEETH = (0.97, 0.96, 0.92)
BLUSH = (0.95, 0.42, 0.45)
FLUSH_TINT = (1.0, 0.62, 0.58)


class Face:
    """Eyes, brows, mouth and cheeks on a head; ``show`` poses them for one expression."""

    EYE_X = 0.058
    EYE_Y = 0.018
    BROW_Y = 0.074
    MOUTH_Y = -0.088
    MOUTH_SEGMENTS = 12

    def __init__(self, head: Entity, skin_entity: Entity, shape: HeadShape, skin: RGB, brow: RGB) -> None:
        self.head = head
        self.skin_entity = skin_entity
        self.shape = shape
        self.skin = skin
        light = Lighting(ambient=0.72, key=0.35)
        self.eyes: list[Entity] = []
        for side in (-1, 1):
            x = side * self.EYE_X
            eye = Entity(
                parent=head, name="eye", position=(x, self.EYE_Y, shape.surface_z(x, self.EYE_Y, 0.0))
            )
            b = MeshBuilder(light)
            b.blob((0, 0, 0), (0.04, 0.036, 0.014), (0.98, 0.98, 0.98), segments=14, rings=6, smooth=True)
            b.blob(
                (side * -0.004, -0.003, -0.01), (0.022, 0.024, 0.008), (0.3, 0.2, 0.12), segments=12, rings=5
            )
            b.blob(
                (side * -0.004, -0.003, -0.016),
                (0.012, 0.013, 0.004),
                (0.03, 0.03, 0.04),
                segments=10,
                rings=4,
            )
            b.blob(
                (side * -0.004 + 0.008, 0.008, -0.02), (0.005, 0.005, 0.002), (1, 1, 1), segments=6, rings=3
            )
            b.entity(eye, "eyeball")
            # The upper lid line makes squints and wide eyes read at a distance.
            lid = MeshBuilder(light)
            lid.box((0, 0.0, 0), (0.088, 0.011, 0.012), scale_rgb(brow, 0.6))
            lid_entity = lid.entity(eye, "lid")
            lid_entity.y = 0.035
            self.eyes.append(eye)
        self.brows: list[Entity] = []
        for side in (-1, 1):
            x = side * self.EYE_X
            pivot = Entity(
                parent=head, name="brow", position=(x, self.BROW_Y, shape.surface_z(x, self.BROW_Y, 0.012))
            )
            b = MeshBuilder(light)
            b.box((0, 0, 0), (0.095, 0.028, 0.02), brow)
            b.entity(pivot, "brow_mesh")
            self.brows.append(pivot)
        self.cheeks: list[Entity] = []
        for side in (-1, 1):
            x, y = side * 0.088, -0.035
            b = MeshBuilder(Lighting(ambient=1.0, key=0.0))
            b.blob((0, 0, 0), (0.03, 0.02, 0.004), (1, 1, 1), segments=20, rings=6, smooth=True)
            cheek = b.entity(head, "cheek")
            cheek.position = (x, y, shape.surface_z(x, y, 0.0))
            cheek.enabled = False
            self.cheeks.append(cheek)
        # The cheeks are unlit; matching the lit skin's front brightness hides their edge.
        self._cheek_skin = scale_rgb(skin, 0.86)
        self.mouth = Entity(
            parent=head, name="mouth", model=Mesh(vertices=[], triangles=[], colors=[], static=False)
        )
        self._mouth_state: tuple[float, float, float, float, float] | None = None

    def show(self, e: Expression, talking: float = 0.0, blink: float = 0.0) -> None:
        """Pose every feature; ``talking`` opens the mouth (0..1), ``blink`` closes the eyes (0..1)."""
        openness = max(0.05, e.eye_open * (1.0 - blink))
        for eye in self.eyes:
            eye.scale_y = openness
        for index, brow in enumerate(self.brows):
            side = -1 if index == 0 else 1
            # Rotating the viewer's-left brow clockwise lowers its inner (right-hand) end, and the
            # mirror for the other brow: one angle gives symmetric anger or worry.
            brow.rotation_z = e.brow_angle * -side
            brow.y = self.BROW_Y + e.brow_raise + e.brow_skew * side + (openness - 0.9) * 0.012
        amount = min(1.0, e.blush + e.flush * 0.6)
        blush = mix(self._cheek_skin, BLUSH, amount * 0.6)
        for cheek in self.cheeks:
            cheek.enabled = amount > 0.03
            cheek.color = (*blush, 1)
        tint = mix((1.0, 1.0, 1.0), FLUSH_TINT, e.flush * 0.55)
        self.skin_entity.color = (*tint, 1)
        mouth_open = min(1.0, e.mouth_open + talking * 0.75)
        state = (
            round(e.mouth_curve, 3),
            round(mouth_open, 3),
            round(e.mouth_width, 3),
            round(e.mouth_skew, 3),
            round(talking, 2),
        )
        if state != self._mouth_state:
            self._mouth_state = state
            self._rebuild_mouth(e.mouth_curve, mouth_open, e.mouth_width, e.mouth_skew)

    def _rebuild_mouth(self, curve: float, openness: float, width_factor: float, skew: float) -> None:
        vertices, colors, triangles = mouth_geometry(
            curve,
            openness,
            0.058 * width_factor,
            skew,
            self.MOUTH_Y,
            self.shape.surface_z,
            self.MOUTH_SEGMENTS,
        )
        mesh = self.mouth.model
        mesh.vertices = vertices
        mesh.colors = colors
        mesh.triangles = triangles
        mesh.generate()


def mouth_geometry(
    curve: float,
    openness: float,
    half_width: float,
    skew: float,
    centre_y: float,
    depth: Callable[[float, float, float], float],
    segments: int = 12,
) -> tuple[list[float], list[float], list[int]]:
    """A mouth as three strips (lips, the dark inside, teeth): vertices, colours, triangles.

    ``depth(x, y, lift)`` places each point (on a curved head, or flat on a screen); sizes scale
    with ``half_width`` so the same shapes serve the 3D face and the call screen's mood face.
    """
    n = segments
    k = half_width / 0.058
    vertices: list[float] = []
    colors: list[float] = []
    triangles: list[int] = []

    def strip(lower: list[float], upper: list[float], xs: list[float], lift: float, color: RGB) -> None:
        start = len(vertices) // 3
        for x, lo, up in zip(xs, lower, upper, strict=True):
            for y in (lo, up):
                vertices.extend((x, y, depth(x, y, lift)))
                colors.extend((*color, 1.0))
        for i in range(n):
            j = start + i * 2
            triangles.extend((j, j + 2, j + 3, j, j + 3, j + 1))

    xs = [-half_width + 2 * half_width * i / n for i in range(n + 1)]
    centre, gap, lip = [], [], []
    for x in xs:
        s = x / half_width
        centre.append(centre_y + k * (curve * 0.036 * (s * s - 0.3) + skew * 0.014 * s))
        gap.append(k * openness * 0.04 * max(0.0, 1 - s * s) ** 0.7)
        lip.append(k * 0.011 * (1 - 0.4 * s * s))
    strip(
        [c - g - t for c, g, t in zip(centre, gap, lip, strict=True)],
        [c + g + t for c, g, t in zip(centre, gap, lip, strict=True)],
        xs,
        0.003 * k,
        LIP,
    )
    if openness > 0.02:
        strip(
            [c - g for c, g in zip(centre, gap, strict=True)],
            [c + g for c, g in zip(centre, gap, strict=True)],
            xs,
            0.0045 * k,
            MOUTH_INSIDE,
        )
        teeth = [min(g, 0.011 * k) for g in gap]
        strip(
            [c + g - t for c, g, t in zip(centre, gap, teeth, strict=True)],
            [c + g for c, g in zip(centre, gap, strict=True)],
            xs,
            0.0055 * k,
            TEETH,
        )
    return vertices, colors, triangles
