"""Building blocks the four sets are furnished from.

Static furniture is not made of one entity per box: every block adds triangles to a ``MeshBuilder``
that bakes the lighting into vertex colours (a key light, ambient, a darker band near the floor and
warm pools under the lamps) and becomes ONE unlit entity. Under llvmpipe each draw call and every
lit shader costs frame rate; one baked mesh per set keeps a furnished room at 60 fps.
Textured things (signs, posters, floors, screens) are a few extra quads made by ``panel``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from panda3d.core import TransparencyAttrib
from ursina import Entity, Mesh, Texture, Vec3

Point = tuple[float, float, float]
RGB = tuple[float, float, float]


def rgb(hex_value: str) -> RGB:
    """'#rrggbb' -> floats 0..1 (the palettes are written as hex like any designer's)."""
    value = hex_value.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def scale_rgb(c: RGB, k: float) -> RGB:
    return (c[0] * k, c[1] * k, c[2] * k)


def _normalised(v: Point) -> Point:
    length = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) or 1.0
    return (v[0] / length, v[1] / length, v[2] / length)


def _sub(a: Point, b: Point) -> Point:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _cross(a: Point, b: Point) -> Point:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _dot(a: Point, b: Point) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


@dataclass(frozen=True)
class Lamp:
    """A light pool baked into nearby surfaces (a ceiling lamp, a window's glow)."""

    position: Point
    radius: float
    strength: float
    color: RGB = (1.0, 0.93, 0.8)


@dataclass(frozen=True)
class Lighting:
    """The set's light, evaluated once per vertex when the mesh is built."""

    toward_key: Point = (-0.35, 0.8, -0.5)
    """Direction from surfaces toward the key light (left, above, behind the camera)."""
    ambient: float = 0.58
    key: float = 0.42
    tint: RGB = (1.0, 0.98, 0.95)
    lamps: tuple[Lamp, ...] = ()
    floor_y: float = 0.0

    def shade(self, color: RGB, normal: Point, position: Point) -> tuple[float, float, float, float]:
        key_dir = _normalised(self.toward_key)
        diffuse = max(0.0, _dot(normal, key_dir))
        sky = 0.06 * max(0.0, normal[1])
        # Corners and the floor line read as "grounded" when slightly darker: a cheap ambient occlusion.
        height = position[1] - self.floor_y
        occlusion = 0.72 + 0.28 * min(1.0, max(0.0, height) / 1.1)
        light = (self.ambient + self.key * diffuse + sky) * occlusion
        r, g, b = light * self.tint[0], light * self.tint[1], light * self.tint[2]
        for lamp in self.lamps:
            offset = _sub(lamp.position, position)
            distance = math.sqrt(_dot(offset, offset))
            if distance >= lamp.radius:
                continue
            falloff = (1.0 - distance / lamp.radius) ** 2
            facing = 0.45 + 0.55 * max(0.0, _dot(normal, _normalised(offset)))
            k = lamp.strength * falloff * facing
            r, g, b = r + k * lamp.color[0], g + k * lamp.color[1], b + k * lamp.color[2]
        return (min(1.0, color[0] * r), min(1.0, color[1] * g), min(1.0, color[2] * b), 1.0)


@dataclass(frozen=True)
class _Placement:
    offset: Point
    yaw: float  # degrees, clockwise seen from above (Ursina's rotation_y)

    def apply(self, p: Point) -> Point:
        rad = math.radians(self.yaw)
        c, s = math.cos(rad), math.sin(rad)
        # Ursina is left-handed (x right, y up, z forward): positive yaw turns +z toward +x.
        return (
            p[0] * c + p[2] * s + self.offset[0],
            p[1] + self.offset[1],
            -p[0] * s + p[2] * c + self.offset[2],
        )

    def apply_direction(self, v: Point) -> Point:
        rad = math.radians(self.yaw)
        c, s = math.cos(rad), math.sin(rad)
        return (v[0] * c + v[2] * s, v[1], -v[0] * s + v[2] * c)


class MeshBuilder:
    """Collects flat-shaded, vertex-coloured triangles with the lighting baked in."""

    def __init__(self, lighting: Lighting) -> None:
        self.lighting = lighting
        self._vertices: list[float] = []
        self._colors: list[float] = []
        self._triangles: list[int] = []
        self._placements: list[_Placement] = [_Placement((0.0, 0.0, 0.0), 0.0)]

    @property
    def vertex_count(self) -> int:
        return len(self._vertices) // 3

    def geometry(self) -> tuple[list[float], list[int]]:
        """The vertices (x, y, z flat) and the triangles (3 indices each) collected so far."""
        return self._vertices, self._triangles

    @contextmanager
    def placed(self, offset: Point, yaw: float = 0.0) -> Iterator[None]:
        """Blocks added inside are moved to ``offset`` and turned by ``yaw`` (nests)."""
        outer = self._placements[-1]
        origin = outer.apply(offset)
        self._placements.append(_Placement(origin, outer.yaw + yaw))
        try:
            yield
        finally:
            self._placements.pop()

    def _world(self, p: Point) -> Point:
        return self._placements[-1].apply(p)

    def _emit(self, points: Sequence[Point], color: RGB, normal: Point) -> int:
        start = self.vertex_count
        for p in points:
            self._vertices.extend(p)
            self._colors.extend(self.lighting.shade(color, normal, p))
        return start

    def quad(self, a: Point, b: Point, c: Point, d: Point, color: RGB, divisions: int = 1) -> None:
        """A flat quad, corners counter-clockwise as seen from its front. ``divisions`` splits it
        into a grid so lamp pools and floor darkening show as gradients across big surfaces."""
        wa, wb, wc, wd = self._world(a), self._world(b), self._world(c), self._world(d)
        normal = _normalised(_cross(_sub(wb, wa), _sub(wd, wa)))
        n = max(1, divisions)
        grid: list[Point] = []
        for j in range(n + 1):
            v = j / n
            left = (wa[0] + (wd[0] - wa[0]) * v, wa[1] + (wd[1] - wa[1]) * v, wa[2] + (wd[2] - wa[2]) * v)
            right = (wb[0] + (wc[0] - wb[0]) * v, wb[1] + (wc[1] - wb[1]) * v, wb[2] + (wc[2] - wb[2]) * v)
            for i in range(n + 1):
                u = i / n
                grid.append(
                    (
                        left[0] + (right[0] - left[0]) * u,
                        left[1] + (right[1] - left[1]) * u,
                        left[2] + (right[2] - left[2]) * u,
                    )
                )
        start = self._emit(grid, color, normal)
        row = n + 1
        for j in range(n):
            for i in range(n):
                k = start + j * row + i
                self._triangles.extend((k, k + 1, k + row + 1, k, k + row + 1, k + row))

    def painted_quad(self, a: Point, b: Point, c: Point, d: Point, colors: Sequence[RGB]) -> None:
        """A quad with its own colour at each corner and no lighting (skies, glowing screens)."""
        start = self.vertex_count
        for p, color in zip((a, b, c, d), colors, strict=True):
            self._vertices.extend(self._world(p))
            self._colors.extend((*color, 1.0))
        self._triangles.extend((start, start + 1, start + 2, start, start + 2, start + 3))

    def painted_ellipse(self, center: Point, rx: float, ry: float, color: RGB, segments: int = 16) -> None:
        """A flat unlit ellipse facing -z (clouds, portholes, a plane's nose in a window view)."""
        cx, cy, cz = center
        start = self.vertex_count
        self._vertices.extend(self._world(center))
        self._colors.extend((*color, 1.0))
        for i in range(segments):
            angle = 2 * math.pi * i / segments
            self._vertices.extend(self._world((cx + rx * math.cos(angle), cy + ry * math.sin(angle), cz)))
            self._colors.extend((*color, 1.0))
        for i in range(segments):
            self._triangles.extend((start, start + 1 + i, start + 1 + (i + 1) % segments))

    def triangle(self, a: Point, b: Point, c: Point, color: RGB) -> None:
        wa, wb, wc = self._world(a), self._world(b), self._world(c)
        normal = _normalised(_cross(_sub(wb, wa), _sub(wc, wa)))
        start = self._emit((wa, wb, wc), color, normal)
        self._triangles.extend((start, start + 1, start + 2))

    def box(
        self,
        center: Point,
        size: Point,
        color: RGB,
        top: RGB | None = None,
        bottom: bool = False,
        divisions: int = 1,
    ) -> None:
        """An axis-aligned box (in the current placement); ``top`` recolours the upper face."""
        cx, cy, cz = center
        hx, hy, hz = size[0] / 2, size[1] / 2, size[2] / 2
        x0, x1, y0, y1, z0, z1 = cx - hx, cx + hx, cy - hy, cy + hy, cz - hz, cz + hz
        q = self.quad
        q((x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0), color, divisions)  # front (-z)
        q((x1, y0, z1), (x0, y0, z1), (x0, y1, z1), (x1, y1, z1), color, divisions)  # back (+z)
        q((x0, y0, z1), (x0, y0, z0), (x0, y1, z0), (x0, y1, z1), color, divisions)  # left
        q((x1, y0, z0), (x1, y0, z1), (x1, y1, z1), (x1, y1, z0), color, divisions)  # right
        q((x0, y1, z0), (x1, y1, z0), (x1, y1, z1), (x0, y1, z1), top or color, divisions)  # top
        if bottom:
            q((x0, y0, z1), (x1, y0, z1), (x1, y0, z0), (x0, y0, z0), color, divisions)

    def cylinder(
        self,
        base: Point,
        radius: float,
        height: float,
        color: RGB,
        segments: int = 12,
        radius_top: float | None = None,
        cap: bool = True,
    ) -> None:
        """An upright cylinder or cone frustum standing on ``base``."""
        bx, by, bz = base
        top_r = radius if radius_top is None else radius_top
        ring = [
            (math.cos(2 * math.pi * i / segments), math.sin(2 * math.pi * i / segments))
            for i in range(segments)
        ]
        for i in range(segments):
            c0, s0 = ring[i]
            c1, s1 = ring[(i + 1) % segments]
            a = (bx + c0 * radius, by, bz + s0 * radius)
            b = (bx + c1 * radius, by, bz + s1 * radius)
            c = (bx + c1 * top_r, by + height, bz + s1 * top_r)
            d = (bx + c0 * top_r, by + height, bz + s0 * top_r)
            self.quad(a, b, c, d, color)
            if cap and top_r > 0:
                self.triangle((bx, by + height, bz), d, c, color)

    def blob(
        self,
        center: Point,
        radii: Point,
        color: RGB,
        segments: int = 10,
        rings: int = 6,
        smooth: bool = False,
    ) -> None:
        """A low-poly ellipsoid: heads, hands, foliage, lamp shades.

        ``smooth`` shades each vertex by its own normal (a head should look round, a bush faceted)."""
        cx, cy, cz = center
        rx, ry, rz = radii

        def unit(ring: int, seg: int) -> Point:
            phi = math.pi * ring / rings - math.pi / 2
            theta = 2 * math.pi * seg / segments
            return (math.cos(phi) * math.cos(theta), math.sin(phi), math.cos(phi) * math.sin(theta))

        def point(u: Point) -> Point:
            return (cx + rx * u[0], cy + ry * u[1], cz + rz * u[2])

        if smooth:
            # One shared grid of vertices, each shaded by its own normal: a quarter of the vertices
            # of separate quads, and the software rasteriser transforms vertices on one thread.
            grid = [unit(r, s) for r in range(rings + 1) for s in range(segments + 1)]
            normals = [_normalised((u[0] / rx, u[1] / ry, u[2] / rz)) for u in grid]
            start = self._emit_smooth([point(u) for u in grid], normals, color)
            row = segments + 1
            for r in range(rings):
                for s in range(segments):
                    k = start + r * row + s
                    self._triangles.extend((k, k + 1, k + row + 1, k, k + row + 1, k + row))
            return
        for r in range(rings):
            for s in range(segments):
                a, b = point(unit(r, s)), point(unit(r, s + 1))
                c, d = point(unit(r + 1, s + 1)), point(unit(r + 1, s))
                if r == 0:
                    self.triangle(a, c, d, color)
                elif r == rings - 1:
                    self.triangle(a, b, c, color)
                else:
                    self.quad(a, b, c, d, color)

    def _emit_smooth(self, points: Sequence[Point], normals: Sequence[Point], color: RGB) -> int:
        start = self.vertex_count
        placement = self._placements[-1]
        for p, n in zip(points, normals, strict=True):
            wp = placement.apply(p)
            self._vertices.extend(wp)
            self._colors.extend(self.lighting.shade(color, placement.apply_direction(n), wp))
        return start

    def tapered_box(
        self, base: Point, bottom: tuple[float, float], top: tuple[float, float], height: float, color: RGB
    ) -> None:
        """A box whose top is a different size from its bottom (torsos, lamp bases, bins)."""
        bx, by, bz = base
        bw, bd = bottom[0] / 2, bottom[1] / 2
        tw, td = top[0] / 2, top[1] / 2
        p0, p1 = (bx - bw, by, bz - bd), (bx + bw, by, bz - bd)
        p2, p3 = (bx + bw, by, bz + bd), (bx - bw, by, bz + bd)
        t0, t1 = (bx - tw, by + height, bz - td), (bx + tw, by + height, bz - td)
        t2, t3 = (bx + tw, by + height, bz + td), (bx - tw, by + height, bz + td)
        self.quad(p0, p1, t1, t0, color)
        self.quad(p2, p3, t3, t2, color)
        self.quad(p3, p0, t0, t3, color)
        self.quad(p1, p2, t2, t1, color)
        self.quad(t0, t1, t2, t3, color)
        self.quad(p3, p2, p1, p0, color)

    def entity(self, parent: Entity, name: str = "static", view_from: Point | None = None) -> Entity:
        """The collected triangles as one unlit entity (one draw call).

        With ``view_from`` (the camera position) triangles are drawn nearest first: the software
        rasteriser then rejects hidden pixels by depth before shading them."""
        triangles = self._triangles
        if view_from is not None:
            triangles = self._sorted_front_to_back(view_from)
        return self._make_entity(parent, name, triangles)

    def _make_entity(self, parent: Entity, name: str, triangles: list[int]) -> Entity:
        # Keep only the vertices these triangles use, so a split does not carry the whole room twice.
        remap: dict[int, int] = {}
        vertices: list[float] = []
        colors: list[float] = []
        indices: list[int] = []
        for index in triangles:
            new = remap.get(index)
            if new is None:
                new = remap[index] = len(remap)
                vertices.extend(self._vertices[index * 3 : index * 3 + 3])
                colors.extend(self._colors[index * 4 : index * 4 + 4])
            indices.append(new)
        if not indices:
            return Entity(parent=parent, name=name)
        mesh = Mesh(vertices=vertices, triangles=indices, colors=colors, static=True)
        return Entity(parent=parent, model=mesh, name=name)

    def _sorted_front_to_back(self, eye: Point) -> list[int]:
        v, t = self._vertices, self._triangles
        ex, ey, ez = eye
        keyed: list[tuple[float, int]] = []
        for start in range(0, len(t), 3):
            a, b, c = t[start] * 3, t[start + 1] * 3, t[start + 2] * 3
            cx = (v[a] + v[b] + v[c]) / 3 - ex
            cy = (v[a + 1] + v[b + 1] + v[c + 1]) / 3 - ey
            cz = (v[a + 2] + v[b + 2] + v[c + 2]) / 3 - ez
            keyed.append((cx * cx + cy * cy + cz * cz, start))
        keyed.sort()
        ordered: list[int] = []
        for _, start in keyed:
            ordered.extend(t[start : start + 3])
        return ordered


def make_opaque(root: Entity) -> None:
    """Draw everything under ``root`` as plain opaque, unfogged geometry.

    Ursina gives every model "dual" transparency: each object is drawn twice, the second time
    blended. Under a software rasteriser that costs about a third of the frame for a furnished
    room; nothing in a set or on the customer is see-through, so one opaque pass is right.
    Ursina's scene also always carries an exponential fog, density 0 unless a game sets one: it
    changes no pixel, yet every fragment pays for it (4-5 ms of a 1280x720 llvmpipe frame)."""
    root.setTransparency(TransparencyAttrib.M_none, 1)
    root.setFogOff(1)
    skip_updates(root)


def skip_updates(root: Entity) -> None:
    """Mark the entities under ``root`` (and ``root``) that have no ``update`` or ``input`` of
    their own as ``ignore``: Ursina visits every entity every frame, and on every key, looking for
    those methods and walking up each one's parents to see whether one is disabled; ignored ones
    are passed over at once. Nothing else changes (they are still drawn, moved and coloured)."""
    stack = [root]
    while stack:
        entity = stack.pop()
        stack.extend(entity.children)
        if not (hasattr(entity, "update") or hasattr(entity, "input") or getattr(entity, "scripts", None)):
            entity.ignore = True


# --- furniture: each adds to a builder at the current placement -------------------------------------


def room(
    b: MeshBuilder,
    width: float,
    depth: float,
    height: float,
    wall: RGB,
    floor: RGB | None,
    ceiling: RGB,
    skirting: RGB,
    back_z: float,
    front_z: float,
) -> None:
    """Floor (unless textured separately), back and side walls, ceiling; open toward the camera."""
    hw = width / 2
    if floor is not None:
        b.quad((-hw, 0, front_z), (hw, 0, front_z), (hw, 0, back_z), (-hw, 0, back_z), floor, divisions=12)
    b.quad((-hw, 0, back_z), (hw, 0, back_z), (hw, height, back_z), (-hw, height, back_z), wall, divisions=10)
    b.quad(
        (-hw, 0, front_z), (-hw, 0, back_z), (-hw, height, back_z), (-hw, height, front_z), wall, divisions=8
    )
    b.quad((hw, 0, back_z), (hw, 0, front_z), (hw, height, front_z), (hw, height, back_z), wall, divisions=8)
    b.quad(
        (-hw, height, back_z), (hw, height, back_z), (hw, height, front_z), (-hw, height, front_z), ceiling, 6
    )
    b.box((0, 0.06, back_z - 0.02), (width, 0.12, 0.04), skirting)
    b.box((-hw + 0.02, 0.06, (back_z + front_z) / 2), (0.04, 0.12, back_z - front_z), skirting)
    b.box((hw - 0.02, 0.06, (back_z + front_z) / 2), (0.04, 0.12, back_z - front_z), skirting)


def counter(
    b: MeshBuilder, center: Point, width: float, depth: float, height: float, body: RGB, top: RGB, trim: RGB
) -> None:
    """A service counter: body, an overhanging top and a kick plate."""
    x, _, z = center
    b.box((x, height / 2, z), (width, height - 0.04, depth), body)
    b.box((x, height - 0.02, z), (width + 0.06, 0.05, depth + 0.08), top)
    b.box((x, 0.05, z - depth / 2 + 0.02), (width - 0.04, 0.1, 0.05), trim)
    # A front panel stripe gives the counter a designed, branded look.
    b.box((x, height * 0.62, z + depth / 2 + 0.005), (width * 0.96, 0.08, 0.01), trim)


def shelf_unit(
    b: MeshBuilder,
    center: Point,
    width: float,
    height: float,
    depth: float,
    frame: RGB,
    products: Sequence[RGB],
    seed: int,
    levels: int = 4,
) -> None:
    """A wall shelf with rows of boxes and bottles in varied colours and sizes."""
    x, _, z = center
    hw = width / 2
    b.box((x, height / 2, z + depth / 2 - 0.02), (width, height, 0.04), scale_rgb(frame, 0.8))
    b.box((x - hw, height / 2, z), (0.04, height, depth), frame)
    b.box((x + hw, height / 2, z), (0.04, height, depth), frame)
    rng = _Lcg(seed)
    for level in range(levels):
        y = 0.15 + level * (height - 0.2) / levels
        b.box((x, y, z), (width, 0.03, depth), frame)
        cursor = x - hw + 0.06
        while cursor < x + hw - 0.12:
            w = 0.08 + rng.next() * 0.14
            h = 0.12 + rng.next() * ((height - 0.2) / levels - 0.2)
            color = products[int(rng.next() * len(products)) % len(products)]
            if rng.next() < 0.3:
                b.cylinder((cursor + w / 2, y + 0.015, z - 0.02), w * 0.35, h, color, segments=7)
            else:
                b.box((cursor + w / 2, y + 0.015 + h / 2, z - 0.02), (w, h, depth * 0.7), color)
            cursor += w + 0.015 + rng.next() * 0.03


def plant(b: MeshBuilder, base: Point, height: float, pot: RGB, leaves: RGB, seed: int) -> None:
    """A potted plant: tapered pot and a few overlapping leaf blobs."""
    x, y, z = base
    b.cylinder((x, y, z), 0.18, 0.4, pot, segments=10, radius_top=0.22)
    b.cylinder((x, y + 0.4, z), 0.2, 0.02, scale_rgb(pot, 0.5), segments=10)
    rng = _Lcg(seed)
    for i in range(5):
        angle = i * 1.3 + rng.next()
        r = 0.12 + rng.next() * 0.1
        bx = x + math.cos(angle) * r
        bz = z + math.sin(angle) * r
        by = y + 0.45 + (height - 0.45) * (0.35 + 0.5 * rng.next())
        size = 0.18 + rng.next() * 0.12
        shade = 0.8 + 0.35 * rng.next()
        b.blob((bx, by, bz), (size, size * 1.3, size), scale_rgb(leaves, shade), segments=7, rings=5)


def chair(b: MeshBuilder, base: Point, yaw: float, seat: RGB, frame: RGB) -> None:
    """A waiting-room chair facing -z before ``yaw``."""
    with b.placed(base, yaw):
        b.box((0, 0.45, 0), (0.5, 0.08, 0.48), seat)
        b.box((0, 0.8, 0.22), (0.5, 0.6, 0.07), seat)
        for sx in (-0.22, 0.22):
            for sz in (-0.2, 0.2):
                b.box((sx, 0.21, sz), (0.04, 0.42, 0.04), frame)


def person(
    b: MeshBuilder,
    base: Point,
    yaw: float,
    shirt: RGB,
    trousers: RGB,
    skin: RGB,
    hair: RGB,
    seated: bool = False,
    height: float = 1.72,
) -> None:
    """A simple background figure (queue, travellers, colleagues): present, never distracting."""
    k = height / 1.72
    with b.placed(base, yaw):
        if seated:
            b.box((-0.1, 0.48, -0.15), (0.14, 0.14, 0.42), trousers)
            b.box((0.1, 0.48, -0.15), (0.14, 0.14, 0.42), trousers)
            b.box((-0.1, 0.24, -0.34), (0.12, 0.48, 0.12), trousers)
            b.box((0.1, 0.24, -0.34), (0.12, 0.48, 0.12), trousers)
            hip = 0.5
        else:
            b.box((-0.1, 0.44 * k, 0), (0.14, 0.88 * k, 0.16), trousers)
            b.box((0.1, 0.44 * k, 0), (0.14, 0.88 * k, 0.16), trousers)
            hip = 0.88 * k
        b.box((0, hip + 0.3 * k, 0), (0.42, 0.62 * k, 0.24), shirt)
        b.box((-0.26, hip + 0.28 * k, 0), (0.1, 0.58 * k, 0.12), shirt)
        b.box((0.26, hip + 0.28 * k, 0), (0.1, 0.58 * k, 0.12), shirt)
        b.box((0, hip + 0.66 * k, 0), (0.1, 0.1, 0.1), skin)
        head_y = hip + 0.8 * k
        b.blob((0, head_y, 0), (0.11, 0.13, 0.12), skin, segments=8, rings=5)
        b.blob((0, head_y + 0.05, 0.02), (0.12, 0.1, 0.125), hair, segments=8, rings=5)


def pendant_lamp(b: MeshBuilder, position: Point, shade: RGB, cord_length: float = 0.6) -> None:
    """A ceiling pendant: cord and a conical shade (its glow is a Lamp in the Lighting)."""
    x, y, z = position
    b.box((x, y + cord_length / 2, z), (0.015, cord_length, 0.015), (0.15, 0.15, 0.15))
    b.cylinder((x, y - 0.18, z), 0.28, 0.2, shade, segments=12, radius_top=0.06)
    b.blob((x, y - 0.2, z), (0.12, 0.05, 0.12), (1.0, 0.97, 0.85), segments=8, rings=3)


def ceiling_panel_light(b: MeshBuilder, center: Point, size: tuple[float, float]) -> None:
    """A flush rectangular office light."""
    x, y, z = center
    w, d = size
    b.quad(
        (x - w / 2, y, z + d / 2),
        (x + w / 2, y, z + d / 2),
        (x + w / 2, y, z - d / 2),
        (x - w / 2, y, z - d / 2),
        (1.6, 1.6, 1.55),
    )


def monitor(b: MeshBuilder, base: Point, yaw: float, frame: RGB, screen: RGB) -> None:
    """A desk monitor on a stand, facing -z before ``yaw``."""
    with b.placed(base, yaw):
        b.box((0, 0.01, 0), (0.22, 0.02, 0.16), frame)
        b.box((0, 0.14, 0.03), (0.04, 0.26, 0.03), frame)
        b.box((0, 0.32, 0), (0.56, 0.34, 0.03), frame)
        b.quad(
            (-0.26, 0.17, -0.016), (0.26, 0.17, -0.016), (0.26, 0.47, -0.016), (-0.26, 0.47, -0.016), screen
        )


def card_reader(b: MeshBuilder, base: Point, yaw: float, body: RGB, screen: RGB) -> None:
    with b.placed(base, yaw):
        b.box((0, 0.015, 0), (0.16, 0.03, 0.2), scale_rgb(body, 0.7))
        b.box((0, 0.07, 0.02), (0.09, 0.1, 0.17), body)
        b.quad((-0.035, 0.121, 0.06), (0.035, 0.121, 0.06), (0.035, 0.121, 0.1), (-0.035, 0.121, 0.1), screen)
        for row in range(3):
            for col in range(3):
                b.box(
                    (-0.025 + col * 0.025, 0.121, -0.035 + row * 0.025),
                    (0.018, 0.006, 0.016),
                    (0.85, 0.85, 0.85),
                )


def till(b: MeshBuilder, base: Point, yaw: float, body: RGB, screen: RGB) -> None:
    """A point-of-sale till: cash drawer, keyboard, a screen facing the clerk (the camera)."""
    with b.placed(base, yaw):
        b.box((0, 0.06, 0), (0.42, 0.12, 0.4), body)
        b.box((0, 0.125, -0.08), (0.34, 0.02, 0.14), scale_rgb(body, 0.6))
        b.box((0, 0.2, 0.12), (0.05, 0.16, 0.05), body)
        with b.placed((0, 0.34, 0.1), 0):
            b.box((0, 0, 0.02), (0.36, 0.24, 0.03), scale_rgb(body, 0.8))
            b.quad((-0.16, -0.1, 0.004), (0.16, -0.1, 0.004), (0.16, 0.1, 0.004), (-0.16, 0.1, 0.004), screen)


def headset(b: MeshBuilder, base: Point, yaw: float, color: RGB) -> None:
    """A headset lying on the desk: band, two ear cups and a boom microphone."""
    with b.placed(base, yaw):
        for sx in (-0.09, 0.09):
            b.cylinder((sx, 0, 0), 0.05, 0.035, color, segments=10)
            b.cylinder((sx, 0.035, 0), 0.042, 0.006, (0.35, 0.35, 0.38), segments=10)
        b.box((0, 0.02, 0.06), (0.2, 0.02, 0.025), color)
        b.box((0.06, 0.015, -0.07), (0.012, 0.012, 0.14), color)
        b.blob((0.06, 0.02, -0.14), (0.015, 0.015, 0.02), (0.1, 0.1, 0.1), segments=6, rings=3)


class _Lcg:
    """A tiny deterministic generator so furniture looks the same every run (no global random)."""

    def __init__(self, seed: int) -> None:
        self._state = (seed * 2654435761 + 1013904223) & 0xFFFFFFFF

    def next(self) -> float:
        self._state = (self._state * 1664525 + 1013904223) & 0xFFFFFFFF
        return self._state / 0x100000000


def tiled_floor(
    b: MeshBuilder,
    width: float,
    front_z: float,
    back_z: float,
    colors: Sequence[RGB],
    tile: float,
    pools: Sequence[tuple[float, float, float]] = (),
) -> None:
    """A floor of square tiles cycling through ``colors`` (one colour: carpet), lit like the room,
    with light pools ``(x, z, radius)`` where lamps shine down. Vertex colours, not a texture: a
    floor-sized texture costs a software rasteriser a millisecond or more every frame."""
    columns = max(1, round(width / tile))
    rows = max(1, round((back_z - front_z) / tile))
    step_x, step_z = width / columns, (back_z - front_z) / rows
    up = (0.0, 1.0, 0.0)

    def lit(color: RGB, x: float, z: float) -> RGB:
        r, g, bl, _ = b.lighting.shade(color, up, (x, 0.0, z))
        glow = 0.0
        for px, pz, radius in pools:
            d = math.hypot(x - px, z - pz)
            if d < radius:
                glow += 0.32 * (1 - d / radius) ** 2
        return (min(1.0, r + glow), min(1.0, g + glow * 0.95), min(1.0, bl + glow * 0.85))

    for j in range(rows):
        for i in range(columns):
            color = colors[(i + j) % len(colors)]
            x0, z0 = -width / 2 + i * step_x, front_z + j * step_z
            x1, z1 = x0 + step_x, z0 + step_z
            b.painted_quad(
                (x0, 0.0, z0),
                (x1, 0.0, z0),
                (x1, 0.0, z1),
                (x0, 0.0, z1),
                [lit(color, x, z) for x, z in ((x0, z0), (x1, z0), (x1, z1), (x0, z1))],
            )


# --- textured pieces ----------------------------------------------------------------------------------


def panel(
    parent: Entity,
    texture: Texture,
    position: Point,
    size: tuple[float, float],
    yaw: float = 0.0,
    brightness: float = 1.0,
    name: str = "panel",
    **extra: Any,
) -> Entity:
    """A textured quad (sign, poster, screen, floor): faces -z before ``yaw``."""
    quad = Entity(
        parent=parent,
        name=name,
        model="quad",
        texture=texture,
        position=Vec3(*position),
        scale=(size[0], size[1], 1),
        rotation_y=yaw,
        color=(brightness, brightness, brightness, 1),
        **extra,
    )
    return quad
