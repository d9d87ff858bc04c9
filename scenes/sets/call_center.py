"""Northwind Connect customer care: the trainee's cubicle on a busy support floor."""

from __future__ import annotations

from panda3d.core import TransparencyAttrib
from ursina import Entity, Vec3

from scenes import textures
from scenes.blocks import (
    Lamp,
    Lighting,
    MeshBuilder,
    ceiling_panel_light,
    chair,
    headset,
    make_opaque,
    monitor,
    panel,
    person,
    plant,
    rgb,
    room,
    tiled_floor,
)
from scenes.sets.handle import SetHandle

WIDTH, HEIGHT = 12.0, 3.0
BACK_Z, FRONT_Z = 6.5, -3.0
FABRIC, FRAME = rgb("#4a6c8c"), rgb("#c9ced6")
ACCENT = rgb("#f2994a")
LAMPS = tuple(Lamp((x, 2.9, z), 3.2, 0.22, (0.95, 0.97, 1.0)) for x in (-3.5, 0.0, 3.5) for z in (0.5, 3.5))

# The seated agent's view of the call screen: phone is this set's usual channel.
ANCHOR = (0, 0, 0.35)
EYE = (0.0, 1.62, 0.35 - 2.7)


def _cubicle(b: MeshBuilder, x: float, z: float, occupied: bool, shirt: str, seed: int) -> None:
    """A cubicle seen from behind its back partition: desk, monitor glow, an agent with a headset."""
    b.box((x, 0.6, z + 0.8), (1.9, 1.2, 0.06), FABRIC, top=FRAME)
    b.box((x - 0.95, 0.6, z + 0.2), (0.06, 1.2, 1.2), FABRIC, top=FRAME)
    b.box((x, 0.72, z + 0.45), (1.8, 0.04, 0.6), rgb("#d8c3a5"))
    monitor(b, (x - 0.2, 0.74, z + 0.5), 180, rgb("#2b2d33"), rgb("#8fb8de"))
    monitor(b, (x + 0.4, 0.74, z + 0.5), 200, rgb("#2b2d33"), rgb("#a8d5ba"))
    if occupied:
        skin = (rgb("#f1c6a8"), rgb("#8d5a3b"), rgb("#c68f64"), rgb("#643f2a"))[seed % 4]
        hair = (rgb("#2b1d14"), rgb("#d9b56a"), rgb("#1e1a18"), rgb("#8a3b1e"))[seed % 4]
        person(b, (x + 0.1, 0, z - 0.05), 180, rgb(shirt), rgb("#2f3640"), skin, hair, seated=True)
        headset(b, (x + 0.1, 1.38, z - 0.05), 0, rgb("#1d1f24"))
    chair(b, (x + 0.1, 0, z - 0.1), 180, rgb("#30343c"), rgb("#1d1f24"))


def build(parent: Entity) -> SetHandle:
    root = Entity(parent=parent, name="set:call_center")
    b = MeshBuilder(Lighting(lamps=LAMPS, ambient=0.6, tint=(0.96, 0.98, 1.0)))
    room(
        b,
        WIDTH,
        BACK_Z - FRONT_Z,
        HEIGHT,
        rgb("#e4e8ee"),
        None,
        rgb("#f4f6f8"),
        rgb("#59606b"),
        BACK_Z,
        FRONT_Z,
    )
    tiled_floor(
        b,
        WIDTH,
        FRONT_Z,
        BACK_Z,
        (rgb("#5c6b7a"),),
        0.5,
        tuple((x, z, 2.4) for x in (-3.5, 0.0, 3.5) for z in (0.5, 3.5)),
    )
    b.box((0, 2.35, BACK_Z - 0.03), (WIDTH, 0.5, 0.04), ACCENT)
    b.box((-WIDTH / 2 + 0.2, 1.5, 4.0), (0.04, 1.6, 2.6), rgb("#cfe0ee"))  # a window onto the car park
    for x in (-3.5, 0.0, 3.5):
        for z in (0.5, 3.5):
            ceiling_panel_light(b, (x, HEIGHT - 0.01, z), (1.2, 0.6))

    # The trainee's own cubicle walls frame the call screen (which brings its own desk).
    for side in (-1, 1):
        b.box((side * 1.1, 0.65, 0.0), (0.06, 1.3, 1.5), FABRIC, top=FRAME)
    b.box((0, 0.65, 0.78), (2.26, 1.3, 0.06), FABRIC, top=FRAME)

    shirts = ("#577590", "#e76f51", "#2a9d8f", "#8064a2", "#f4a261", "#6d597a", "#43aa8b")
    seed = 0
    for z in (2.3, 4.4):
        for x in (-3.9, -1.9, 0.1, 2.1, 4.1):
            occupied = (seed * 5 + 3) % 7 != 0
            _cubicle(b, x, z, occupied, shirts[seed % len(shirts)], seed)
            seed += 1
    person(b, (2.9, 0, 1.5), 160, rgb("#264653"), rgb("#22223b"), rgb("#c68f64"), rgb("#1e1a18"))  # team lead
    plant(b, (-5.4, 0, 1.2), 1.5, rgb("#e0e0e0"), rgb("#52796f"), seed=5)
    plant(b, (5.4, 0, 5.8), 1.7, rgb("#e0e0e0"), rgb("#6a994e"), seed=9)
    b.box((5.3, 0.55, 0.5), (0.6, 1.1, 0.6), rgb("#9aa5b1"), top=rgb("#c1c8d1"))  # water cooler
    b.cylinder((5.3, 1.1, 0.5), 0.14, 0.38, rgb("#a9d6f5"), segments=12)
    b.entity(root, "call_center_static", view_from=EYE)

    panel(
        root,
        textures.wallboard("NORTHWIND CONNECT  ·  CUSTOMER CARE", "#f2994a"),
        (2.9, 1.9, BACK_Z - 0.06),
        (2.7, 0.9),
        name="wallboard",
    )
    clock = panel(
        root, textures.clock_face(10, 10), (-3.0, 2.2, BACK_Z - 0.06), (0.55, 0.55), name="wall_clock"
    )
    panel(root, textures.sticky_notes(), (-1.06, 1.0, 0.1), (0.55, 0.37), yaw=-90, name="pin_board")
    panel(
        root,
        textures.poster("YOU'VE GOT THIS", "breathe · listen · help", "#2a9d8f", "#ffffff"),
        (1.06, 1.05, 0.2),
        (0.34, 0.47),
        yaw=90,
        name="poster",
    )
    make_opaque(root)
    clock.setTransparency(TransparencyAttrib.M_binary, 2)  # a round face: cut out, not blended
    return SetHandle(
        name="call_center",
        root=root,
        customer_anchor=Vec3(*ANCHOR),
        camera_position=Vec3(0, 1.62, -1.9),
        camera_look_at=Vec3(0, 1.36, 0.6),
        camera_fov=70,
    )
