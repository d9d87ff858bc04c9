"""Brightside Goods: a bright neighbourhood shop with the returns counter in front of the trainee."""

from __future__ import annotations

from ursina import Entity, Vec3

from scenes import textures
from scenes.blocks import (
    Lamp,
    Lighting,
    MeshBuilder,
    card_reader,
    counter,
    make_opaque,
    panel,
    pendant_lamp,
    person,
    plant,
    rgb,
    room,
    shelf_unit,
    tiled_floor,
    till,
)
from scenes.sets.handle import SetHandle

WIDTH, HEIGHT = 10.0, 3.2
BACK_Z, FRONT_Z = 4.2, -3.0
TEAL, CORAL, MUSTARD = rgb("#2a9d8f"), rgb("#e76f51"), rgb("#e9c46a")
PRODUCTS = (
    TEAL,
    CORAL,
    MUSTARD,
    rgb("#264653"),
    rgb("#f4a261"),
    rgb("#8ab17d"),
    rgb("#f1faee"),
    rgb("#b56576"),
)
LAMPS = (
    Lamp((-1.1, 2.45, 0.3), 2.4, 0.5),
    Lamp((1.1, 2.45, 0.3), 2.4, 0.5),
    Lamp((-3.0, 2.9, 3.4), 3.0, 0.35),
    Lamp((3.0, 2.9, 3.4), 3.0, 0.35),
)

ANCHOR = (0, 0, 0.95)
EYE = (0, 1.66, -1.55)


def build(parent: Entity) -> SetHandle:
    root = Entity(parent=parent, name="set:retail_counter")
    b = MeshBuilder(Lighting(lamps=LAMPS, tint=(1.0, 0.97, 0.92)))
    room(
        b,
        WIDTH,
        BACK_Z - FRONT_Z,
        HEIGHT,
        rgb("#efe6d8"),
        None,
        rgb("#f7f3ec"),
        rgb("#6d597a"),
        BACK_Z,
        FRONT_Z,
    )
    tiled_floor(
        b,
        WIDTH,
        FRONT_Z,
        BACK_Z,
        (rgb("#e8e1d3"), rgb("#d3c7b1")),
        0.7,
        ((-1.1, 0.3, 1.8), (1.1, 0.3, 1.8), (0, 3.4, 3.0)),
    )
    # A teal band along the walls gives the shop its brand colour.
    b.box((0, 2.45, BACK_Z - 0.03), (WIDTH, 0.9, 0.04), TEAL)
    b.box((-WIDTH / 2 + 0.03, 1.1, 0.6), (0.04, 2.2, 7.2), rgb("#d9e8e3"))
    b.box((WIDTH / 2 - 0.03, 1.1, 0.6), (0.04, 2.2, 7.2), rgb("#d9e8e3"))

    for index, x in enumerate((-3.1, 0.0, 3.1)):
        shelf_unit(b, (x, 0, BACK_Z - 0.35), 2.6, 2.0, 0.5, rgb("#b08155"), PRODUCTS, seed=11 + index)
    # A display table with stacked gift boxes between the door and the counter.
    b.box((-3.0, 0.4, 1.5), (1.4, 0.8, 0.8), rgb("#8c6a4f"), top=rgb("#c9a27e"))
    for i, color in enumerate((CORAL, TEAL, MUSTARD, rgb("#b56576"))):
        b.box((-3.45 + i * 0.3, 0.92, 1.5), (0.24, 0.22 + 0.05 * (i % 2), 0.3), color)
    b.box((-2.9, 1.1, 1.45), (0.3, 0.16, 0.3), CORAL)

    counter(b, (0, 0, 0.2), 3.6, 0.7, 1.0, rgb("#2f5d62"), rgb("#d8c3a5"), MUSTARD)
    till(b, (-1.3, 1.0, 0.22), 15, rgb("#3d405b"), rgb("#8ecae6"))
    card_reader(b, (1.0, 1.0, 0.35), 200, rgb("#2b2d42"), rgb("#90e0ef"))
    # The returned item: a dented gift box and its bag, on the customer's side of the counter.
    b.box((0.45, 1.07, 0.38), (0.26, 0.14, 0.2), CORAL)
    b.box((0.45, 1.07, 0.38), (0.05, 0.145, 0.205), MUSTARD)
    b.box((-0.45, 1.14, 0.45), (0.24, 0.28, 0.12), rgb("#f1faee"))
    b.box((1.45, 1.05, 0.05), (0.25, 0.1, 0.18), MUSTARD)

    for x in (-1.1, 1.1):
        pendant_lamp(b, (x, 2.6, 0.3), TEAL, cord_length=0.6)

    person(b, (-3.3, 0, 3.1), 180, rgb("#577590"), rgb("#3a3a48"), rgb("#c68f64"), rgb("#2b1d14"))
    person(
        b, (1.55, 0, 2.3), -12, rgb("#9c6644"), rgb("#2f3e46"), rgb("#f1c6a8"), rgb("#d9b56a"), height=1.66
    )
    person(b, (2.25, 0, 3.05), -8, rgb("#6d597a"), rgb("#22223b"), rgb("#8d5a3b"), rgb("#1e1a18"), height=1.8)
    plant(b, (-4.4, 0, 3.7), 1.6, CORAL, rgb("#52796f"), seed=3)
    plant(b, (4.4, 0, 0.4), 1.4, TEAL, rgb("#6a994e"), seed=7)
    b.entity(root, "retail_static", view_from=EYE)

    sign = textures.sign("BRIGHTSIDE GOODS", "#264653", "#f1faee", accent="#e9c46a", width=1024, height=160)
    panel(root, sign, (0.3, 2.6, BACK_Z - 0.06), (2.9, 0.455), name="shop_sign")
    returns = textures.sign("RETURNS & EXCHANGES", "#e76f51", "#ffffff", width=768, height=128)
    panel(root, returns, (-1.85, 1.8, 2.6), (1.3, 0.22), name="returns_sign", brightness=0.95)
    b2 = MeshBuilder(Lighting())
    for x in (-2.4, -1.3):
        b2.box((x, 2.5, 2.6), (0.01, 1.2, 0.01), (0.2, 0.2, 0.2))
    b2.entity(root, "sign_wires")
    panel(
        root,
        textures.poster("SPRING SALE", "up to 30% off homeware", "#e9c46a", "#264653"),
        (-WIDTH / 2 + 0.06, 1.55, -0.2),
        (0.8, 1.1),
        yaw=-90,
        name="poster",
    )
    panel(
        root,
        textures.poster("GIFT WRAP", "free with every purchase", "#2a9d8f", "#f1faee", "stripes"),
        (WIDTH / 2 - 0.06, 1.55, 1.6),
        (0.8, 1.1),
        yaw=90,
        name="poster",
    )
    make_opaque(root)
    return SetHandle(
        name="retail_counter",
        root=root,
        customer_anchor=Vec3(*ANCHOR),
        camera_position=Vec3(*EYE),
        camera_look_at=Vec3(0, 1.28, 1.0),
        camera_fov=62,
    )
