"""The Larkspur Hotel: a warm lobby seen from behind the reception desk."""

from __future__ import annotations

from ursina import Entity, Vec3

from scenes import textures
from scenes.blocks import (
    Lamp,
    Lighting,
    MeshBuilder,
    chair,
    counter,
    make_opaque,
    monitor,
    panel,
    pendant_lamp,
    person,
    plant,
    rgb,
    room,
    tiled_floor,
)
from scenes.sets.handle import SetHandle

WIDTH, HEIGHT = 11.0, 3.6
BACK_Z, FRONT_Z = 6.0, -3.0
GREEN, GOLD, WALNUT = rgb("#1f4e46"), rgb("#c9a227"), rgb("#6b4226")
LAMPS = (
    Lamp((-1.2, 2.7, 0.3), 2.6, 0.55, (1.0, 0.85, 0.6)),
    Lamp((1.2, 2.7, 0.3), 2.6, 0.55, (1.0, 0.85, 0.6)),
    Lamp((0.0, 3.0, 3.6), 4.0, 0.5, (1.0, 0.88, 0.65)),
    Lamp((-4.0, 1.6, 4.6), 2.0, 0.35, (1.0, 0.8, 0.55)),
)

ANCHOR = (0, 0, 0.98)
EYE = (0, 1.7, -1.55)


def _trolley(b: MeshBuilder, x: float, z: float) -> None:
    """A brass luggage trolley with two cases and a bag."""
    brass = rgb("#d4af37")
    b.box((x, 0.2, z), (1.0, 0.05, 0.55), rgb("#7a1f2b"))
    for dx in (-0.48, 0.48):
        b.box((x + dx, 1.0, z), (0.04, 1.6, 0.04), brass)
    b.box((x, 1.78, z), (1.0, 0.04, 0.04), brass)
    for dx in (-0.45, 0.45):
        for dz in (-0.24, 0.24):
            b.cylinder((x + dx, 0.0, z + dz), 0.06, 0.16, rgb("#222222"), segments=8)
    b.box((x - 0.2, 0.5, z), (0.5, 0.55, 0.25), rgb("#2e5e8c"))
    b.box((x + 0.25, 0.45, z), (0.35, 0.45, 0.22), rgb("#a63d40"))
    b.box((x + 0.05, 0.88, z), (0.45, 0.2, 0.25), rgb("#c8b08a"))


def _sofa(b: MeshBuilder, x: float, z: float, yaw: float, fabric: tuple[float, float, float]) -> None:
    with b.placed((x, 0, z), yaw):
        b.box((0, 0.22, 0), (1.8, 0.44, 0.8), fabric)
        b.box((0, 0.65, 0.32), (1.8, 0.5, 0.18), fabric)
        for dx in (-0.85, 0.85):
            b.box((dx, 0.52, 0), (0.16, 0.3, 0.8), fabric)
        for dx in (-0.45, 0.45):
            b.box((dx, 0.5, -0.02), (0.8, 0.12, 0.7), tuple(min(1.0, c * 1.15) for c in fabric))  # type: ignore[arg-type]


def build(parent: Entity) -> SetHandle:
    root = Entity(parent=parent, name="set:hotel_front_desk")
    b = MeshBuilder(Lighting(lamps=LAMPS, ambient=0.54, tint=(1.0, 0.95, 0.86)))
    room(b, WIDTH, BACK_Z - FRONT_Z, HEIGHT, rgb("#efe2c8"), None, rgb("#f6efe2"), WALNUT, BACK_Z, FRONT_Z)
    tiled_floor(
        b,
        WIDTH,
        FRONT_Z,
        BACK_Z,
        (rgb("#eae3d6"), rgb("#d9cfbd")),
        1.0,
        ((-1.2, 0.3, 2.0), (1.2, 0.3, 2.0), (0, 3.6, 3.4)),
    )
    # Wood panelling to waist height and pilasters give the lobby its old-hotel warmth.
    b.box((0, 0.55, BACK_Z - 0.04), (WIDTH, 1.1, 0.05), WALNUT)
    for x in (-4.2, -1.6, 1.6, 4.2):
        b.box((x, HEIGHT / 2, BACK_Z - 0.1), (0.35, HEIGHT, 0.15), rgb("#e6d3ae"))
    # The entrance: glass doors with brass frames in the back wall.
    b.box((0, 1.3, BACK_Z - 0.06), (2.2, 2.6, 0.04), rgb("#9ec5d6"))
    for x in (-1.1, 0.0, 1.1):
        b.box((x, 1.3, BACK_Z - 0.09), (0.06, 2.6, 0.04), GOLD)
    b.box((0, 2.6, BACK_Z - 0.09), (2.26, 0.08, 0.04), GOLD)
    # A rug, sofas and a low table in the lounge behind the guest.
    b.box((-3.4, 0.01, 3.4), (3.2, 0.02, 2.2), rgb("#7a1f2b"), top=rgb("#8c2f39"))
    _sofa(b, -3.6, 4.4, 180, GREEN)
    _sofa(b, -4.9, 3.0, 90, GREEN)
    b.box((-3.4, 0.22, 3.2), (1.0, 0.44, 0.6), WALNUT)
    b.cylinder((-3.4, 0.44, 3.2), 0.1, 0.25, rgb("#d9d9d9"), segments=10, radius_top=0.06)
    b.blob((-3.4, 0.75, 3.2), (0.16, 0.12, 0.16), rgb("#e07a9b"), segments=8, rings=4)
    _trolley(b, 3.2, 2.8)
    person(b, (3.9, 0, 3.2), -100, rgb("#7a1f2b"), rgb("#1b1b1b"), rgb("#c68f64"), rgb("#1e1a18"))  # porter
    person(
        b, (-3.6, 0, 4.2), 180, rgb("#e9c46a"), rgb("#264653"), rgb("#f1c6a8"), rgb("#6b4428"), seated=True
    )
    person(b, (1.7, 0, 4.6), 200, rgb("#577590"), rgb("#333333"), rgb("#8d5a3b"), rgb("#1e1a18"))
    for x in (-5.0, 5.0):
        plant(b, (x, 0, 5.5), 2.0, rgb("#c9a227"), rgb("#2d6a4f"), seed=int(x + 20))
    plant(b, (2.3, 0, 5.5), 1.6, rgb("#c9a227"), rgb("#40916c"), seed=31)
    chair(b, (4.6, 0, 0.8), -90, GREEN, WALNUT)

    counter(b, (0, 0, 0.2), 3.8, 0.75, 1.08, WALNUT, rgb("#efe9e1"), GOLD)
    monitor(b, (-1.35, 1.08, 0.05), 20, rgb("#2b2d33"), rgb("#cfe3f2"))
    b.cylinder((0.95, 1.08, 0.35), 0.07, 0.03, GOLD, segments=12)  # the service bell
    b.blob((0.95, 1.12, 0.35), (0.05, 0.05, 0.05), GOLD, segments=10, rings=5)
    b.box((0.4, 1.1, 0.38), (0.34, 0.03, 0.24), rgb("#f7f3e8"))  # a registration card and pen
    b.box((0.48, 1.12, 0.38), (0.14, 0.01, 0.012), rgb("#1d1f24"))
    b.box((-0.5, 1.14, 0.42), (0.12, 0.12, 0.12), rgb("#c9a227"))  # a small key-card box
    for x in (-1.2, 1.2):
        pendant_lamp(b, (x, 2.9, 0.3), GOLD, cord_length=0.7)
    b.entity(root, "hotel_static", view_from=EYE)

    sign = textures.sign("THE LARKSPUR HOTEL", "#1f4e46", "#e9d8a6", accent="#c9a227", width=1024, height=160)
    panel(root, sign, (0, 2.5, BACK_Z - 0.25), (3.2, 0.5), name="hotel_sign")
    panel(root, textures.key_rack(), (-WIDTH / 2 + 0.06, 1.7, -0.6), (1.4, 0.96), yaw=-90, name="key_rack")
    panel(
        root,
        textures.poster("SPA & POOL", "open daily 7am - 10pm", "#1f4e46", "#e9d8a6", "circle"),
        (WIDTH / 2 - 0.06, 1.7, 1.6),
        (0.8, 1.1),
        yaw=90,
        name="poster",
    )
    make_opaque(root)
    return SetHandle(
        name="hotel_front_desk",
        root=root,
        customer_anchor=Vec3(*ANCHOR),
        camera_position=Vec3(*EYE),
        camera_look_at=Vec3(0, 1.3, 1.0),
        camera_fov=62,
    )
