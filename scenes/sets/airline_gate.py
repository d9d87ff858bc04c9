"""Gate B12 at Skyline Airways: the gate podium, a waiting area and a plane outside the window."""

from __future__ import annotations

from ursina import Entity, Vec3

from scenes import textures
from scenes.blocks import (
    Lamp,
    Lighting,
    MeshBuilder,
    card_reader,
    ceiling_panel_light,
    chair,
    counter,
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

WIDTH, HEIGHT = 14.0, 3.8
BACK_Z, FRONT_Z = 7.0, -3.0
NAVY, SKY, SUN = rgb("#1d3557"), rgb("#457b9d"), rgb("#f2b705")
LAMPS = (
    Lamp((0.0, 3.0, 0.3), 3.0, 0.35, (1.0, 0.97, 0.9)),
    Lamp((0.0, 2.0, BACK_Z - 0.3), 6.0, 0.45, (0.85, 0.92, 1.0)),
)
DEPARTURES = (
    ("09:40", "LISBON", "B12", "DELAYED"),
    ("10:05", "OSLO", "B14", "BOARDING"),
    ("10:20", "NEW YORK", "C03", "ON TIME"),
    ("10:35", "ROME", "B09", "CANCELLED"),
    ("11:00", "DUBLIN", "B11", "ON TIME"),
    ("11:25", "ATHENS", "C07", "ON TIME"),
)

ANCHOR = (0, 0, 0.95)
EYE = (0, 1.66, -1.55)


def _window_view(b: MeshBuilder, width: float, bottom: float, top: float, z: float) -> None:
    """The apron through the terminal window, painted in unlit vertex colours on the glass plane:
    sky, clouds, tarmac and a parked plane. (A texture this size costs a software rasteriser
    several milliseconds a frame; flat colours cost almost nothing.)"""
    left, right = -width / 2, width / 2
    horizon = bottom + (top - bottom) * 0.38
    sky_top, sky_low = rgb("#78aee6"), rgb("#d2e6f7")
    b.painted_quad(
        (left, horizon, z),
        (right, horizon, z),
        (right, top, z),
        (left, top, z),
        (sky_low, sky_low, sky_top, sky_top),
    )
    tarmac_far, tarmac_near = rgb("#8a8e96"), rgb("#6b6f77")
    b.painted_quad(
        (left, bottom, z),
        (right, bottom, z),
        (right, horizon, z),
        (left, horizon, z),
        (tarmac_near, tarmac_near, tarmac_far, tarmac_far),
    )
    f = z - 0.005  # each layer a few millimetres nearer, so the depth test keeps the order
    b.painted_quad(
        (left, horizon - 0.2, f),
        (right, horizon - 0.2, f),
        (right, horizon - 0.17, f),
        (left, horizon - 0.17, f),
        [rgb("#e9c46a")] * 4,
    )
    white = rgb("#fafcff")
    for cx, cy, r in (
        (-5.2, 3.1, 0.5),
        (-4.6, 3.15, 0.6),
        (3.4, 3.25, 0.45),
        (4.0, 3.2, 0.55),
        (-0.8, 2.9, 0.35),
    ):
        b.painted_ellipse((cx, cy, f), r * 1.6, r * 0.5, white)
    # The plane, nose to the left: fuselage, tail fin, wing, engine, windows, cheat line.
    body, accent = rgb("#f4f6fa"), rgb("#1e5aaa")
    g = f - 0.005
    px, py = 1.2, horizon + 0.25
    b.painted_quad(
        (px - 3.0, py - 0.28, g),
        (px + 2.6, py - 0.28, g),
        (px + 2.6, py + 0.28, g),
        (px - 3.0, py + 0.28, g),
        [body] * 4,
    )
    b.painted_ellipse((px - 3.0, py, g), 0.45, 0.28, body)
    b.painted_quad(
        (px + 2.3, py + 0.2, g),
        (px + 2.75, py + 0.2, g),
        (px + 3.3, py + 1.2, g),
        (px + 2.95, py + 1.2, g),
        [accent] * 4,
    )
    h = g - 0.005
    b.painted_quad(
        (px - 3.3, py - 0.09, h),
        (px + 2.6, py - 0.09, h),
        (px + 2.6, py - 0.03, h),
        (px - 3.3, py - 0.03, h),
        [accent] * 4,
    )
    b.painted_quad(
        (px - 0.5, py - 0.2, h),
        (px + 1.0, py - 0.2, h),
        (px + 0.3, py - 0.75, h),
        (px - 0.1, py - 0.75, h),
        [rgb("#c9ced8")] * 4,
    )
    b.painted_ellipse((px - 0.2, py - 0.45, h - 0.005), 0.35, 0.16, rgb("#7d828c"))
    for i in range(16):
        wx = px - 2.5 + i * 0.3
        b.painted_ellipse((wx, py + 0.1, h), 0.055, 0.045, rgb("#3c506e"), segments=8)
    for wx in (px - 2.6, px + 0.0, px + 0.4):
        b.painted_quad(
            (wx, horizon - 0.05, g),
            (wx + 0.06, horizon - 0.05, g),
            (wx + 0.06, py - 0.25, g),
            (wx, py - 0.25, g),
            [rgb("#4a4a50")] * 4,
        )
        b.painted_ellipse((wx + 0.03, horizon - 0.05, h), 0.1, 0.1, rgb("#222226"), segments=10)


def _seat_row(b: MeshBuilder, x: float, z: float, seats: int, yaw: float) -> None:
    """Linked gate seats on a shared beam."""
    with b.placed((x, 0, z), yaw):
        b.box((0, 0.3, 0), (seats * 0.56, 0.06, 0.08), rgb("#8d99ae"))
        for i in range(seats):
            chair(b, ((i - (seats - 1) / 2) * 0.56, 0, 0), 0, SKY, rgb("#8d99ae"))


def build(parent: Entity) -> SetHandle:
    root = Entity(parent=parent, name="set:airline_gate")
    b = MeshBuilder(Lighting(lamps=LAMPS, ambient=0.6, tint=(0.97, 0.99, 1.0)))
    room(
        b,
        WIDTH,
        BACK_Z - FRONT_Z,
        HEIGHT,
        rgb("#e9edf2"),
        None,
        rgb("#f5f7fa"),
        rgb("#5c677d"),
        BACK_Z,
        FRONT_Z,
    )
    tiled_floor(
        b, WIDTH, FRONT_Z, BACK_Z, (rgb("#3d5a80"),), 0.5, tuple((x, 6.5, 3.0) for x in (-4.0, 0.0, 4.0))
    )
    # The window wall: mullions and a sill around the view of the apron.
    b.box((0, 0.35, BACK_Z - 0.12), (WIDTH, 0.7, 0.2), rgb("#c5cdd8"))
    b.box((0, 3.2, BACK_Z - 0.1), (WIDTH, 0.14, 0.16), rgb("#5c677d"))
    for x in (-4.6, -1.55, 1.55, 4.6):
        b.box((x, 1.95, BACK_Z - 0.08), (0.1, 2.5, 0.08), rgb("#4a5261"))
    view = MeshBuilder(Lighting())
    _window_view(view, WIDTH - 0.2, 0.7, 3.13, BACK_Z - 0.03)
    view.entity(root, "window_view")
    for x in (-6.0, -3.0, 0.0, 3.0, 6.0):
        ceiling_panel_light(b, (x, HEIGHT - 0.01, 2.0), (0.5, 3.0))

    for index, z in enumerate((2.4, 3.6)):
        _seat_row(b, -3.4, z, 6, 180)
        _seat_row(b, 3.4, z, 6, 180)
        shirts = ("#e63946", "#2a9d8f", "#f4a261", "#6d597a")
        person(
            b,
            (-4.5 + index * 1.1, 0, z),
            180,
            rgb(shirts[index]),
            rgb("#2b2d42"),
            rgb("#c68f64"),
            rgb("#1e1a18"),
            seated=True,
        )
        person(
            b,
            (2.8 + index * 1.7, 0, z),
            180,
            rgb(shirts[index + 2]),
            rgb("#3d405b"),
            rgb("#f1c6a8"),
            rgb("#d9b56a"),
            seated=True,
        )
    # A small queue forming behind the passenger at the desk, with cabin bags.
    for i, (x, z) in enumerate(((1.2, 2.0), (1.5, 2.8))):
        shirt, skin, hair = (("#457b9d", "#8d5a3b", "#1e1a18"), ("#b5838d", "#eec1a2", "#8a3b1e"))[i]
        person(b, (x, 0, z), -10, rgb(shirt), rgb("#2b2d42"), rgb(skin), rgb(hair), height=1.7 + 0.08 * i)
        b.box((x + 0.35, 0.3, z), (0.35, 0.5, 0.22), rgb(("#1d3557", "#e63946")[i]))
        b.box((x + 0.35, 0.62, z), (0.05, 0.14, 0.05), rgb("#333333"))
    plant(b, (-6.5, 0, 6.3), 1.8, rgb("#d0d5dc"), rgb("#2d6a4f"), seed=17)
    plant(b, (6.5, 0, 6.3), 1.8, rgb("#d0d5dc"), rgb("#40916c"), seed=23)
    # The board's pillar and the gate podium.
    b.box((-2.6, 1.4, 5.6), (0.3, 2.8, 0.3), rgb("#5c677d"))
    counter(b, (0, 0, 0.2), 2.6, 0.7, 1.05, NAVY, rgb("#e9edf2"), SUN)
    monitor(b, (-0.8, 1.05, 0.05), 15, rgb("#2b2d33"), rgb("#a8dadc"))
    card_reader(b, (0.85, 1.05, 0.35), 200, rgb("#2b2d42"), rgb("#90e0ef"))
    b.box((0.35, 1.07, 0.38), (0.22, 0.02, 0.3), rgb("#fdfdfd"))  # a boarding pass
    b.box((0.35, 1.08, 0.3), (0.2, 0.005, 0.06), SUN)
    b.entity(root, "airline_static", view_from=EYE)

    # Low enough that its title clears the HUD's buttons in the top-left corner.
    panel(root, textures.departure_board(DEPARTURES), (-2.6, 1.56, 5.42), (1.9, 0.9), name="departures")
    gate = textures.sign(
        "GATE B12  ·  LISBON", "#1d3557", "#ffffff", accent="#f2b705", width=1024, height=160
    )
    panel(root, gate, (0.5, 2.55, 4.8), (2.0, 0.31), name="gate_sign")
    b2 = MeshBuilder(Lighting())
    for x in (-0.4, 1.4):
        b2.box((x, 3.2, 4.8), (0.02, 1.0, 0.02), rgb("#5c677d"))
    b2.entity(root, "sign_rods")
    make_opaque(root)
    return SetHandle(
        name="airline_gate",
        root=root,
        customer_anchor=Vec3(*ANCHOR),
        camera_position=Vec3(*EYE),
        camera_look_at=Vec3(0, 1.3, 1.0),
        camera_fov=62,
    )
