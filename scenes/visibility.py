"""Which triangles of a static mesh a fixed camera can ever see (a baked potentially visible set).

The trainee's camera never moves during a conversation: it is either the set's in-person view or
the seat in front of the call screen. Most of a furnished room is hidden from both (the backs of
cubicles, the floor behind a counter, desks behind the softphone), yet a software rasteriser pays
for every hidden fragment almost as much as for a drawn one (it depth-tests each pixel of each
triangle). So the sets draw only the triangles that are visible from one of their views.

How: every triangle is drawn once with its own colour (its index) into an offscreen buffer from
each view, with the same depth test and back-face culling as the game; the colours that reach the
picture name the visible triangles. Each view is drawn at several sizes (``PASSES``) with
the 16:9 design framing, which contains every window's framing (``scenes.framing``); slivers thin
enough to slip between the samples are kept anyway (``_thin``). Checked against the full meshes:
the screenshots of all 15 scenarios at 1280x720 are identical but for one phone call where the
softphone face's brows and pupils, at the same depth, swap in 12 pixels (draw order) and one pixel
(by 4 levels) of a hotel; at 1024x768, 1366x768, 1600x900, 1920x1080 and 2560x1440 at most one
pixel of a picture differs, at an edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenes.framing import DESIGN_ASPECT

Point = tuple[float, float, float]
ID_SIZE = (2560, 1440)
"""The offscreen picture each view is drawn into (16:9, twice the benchmark's 1280x720)."""
THIN_PIXELS = 2.0
"""Triangles thinner than this in the 2560x1440 picture are kept if they face the camera."""
PASSES = ((1.0, 0.0), (1.0, 0.5), (0.75, 0.0), (0.625, 0.0), (0.5, 0.0))
"""(share of the picture, shift in its pixels): each view is drawn at 2560x1440, again shifted by
half a pixel, and at 1920x1080, 1600x900 and 1280x720 (in a corner of the same picture), so the
pixel centres of the common 16:9 window sizes are sampled exactly, those of other sizes nearly
(and ``_thin`` keeps the slivers that could light a pixel between the samples)."""


@dataclass(frozen=True)
class Occluder:
    """Opaque, static geometry that is present whenever a view is used (world coordinates)."""

    vertices: np.ndarray
    """(n, 3) float"""
    triangles: np.ndarray
    """(m, 3) int, wound as drawn (back faces are culled like in the game)"""


@dataclass(frozen=True)
class View:
    """A fixed camera: where the eye is, what it looks at, Ursina's horizontal fov at 16:9."""

    eye: Point
    look_at: Point
    fov: float
    occluders: tuple[Occluder, ...] = field(default=())


def _id_colours(count: int) -> np.ndarray:
    """Triangle i (0-based) gets the colour of i + 1 in 24 bits (red the highest byte, blue the
    lowest); 0 (black) is 'no triangle'."""
    ids = np.arange(1, count + 1, dtype=np.int64)
    rgb = np.stack([(ids >> 16) & 255, (ids >> 8) & 255, ids & 255], axis=1).astype(np.float32) / 255
    return np.concatenate([rgb, np.ones((count, 1), np.float32)], axis=1)


def _geom_node(name: str, vertices: np.ndarray, triangles: np.ndarray, colours: np.ndarray) -> Any:
    """Unindexed triangles (3 vertices each) with one colour per triangle, as a GeomNode."""
    from panda3d.core import (
        Geom,
        GeomNode,
        GeomTriangles,
        GeomVertexArrayFormat,
        GeomVertexData,
        GeomVertexFormat,
    )

    array = GeomVertexArrayFormat()
    array.addColumn("vertex", 3, Geom.NT_float32, Geom.C_point)
    array.addColumn("color", 4, Geom.NT_float32, Geom.C_color)
    fmt = GeomVertexFormat.registerFormat(GeomVertexFormat(array))
    corners = vertices[triangles.reshape(-1)].astype(np.float32)
    per_vertex = np.repeat(colours.astype(np.float32), 3, axis=0)
    interleaved = np.concatenate([corners, per_vertex], axis=1)
    data = GeomVertexData(name, fmt, Geom.UH_static)
    data.uncleanSetNumRows(len(interleaved))
    memoryview(data.modifyArray(0)).cast("B")[:] = interleaved.tobytes()
    prim = GeomTriangles(Geom.UH_static)
    prim.addConsecutiveVertices(0, len(interleaved))
    geom = Geom(data)
    geom.addPrimitive(prim)
    node = GeomNode(name)
    node.addGeom(geom)
    return node


def _thin(vertices: np.ndarray, triangles: np.ndarray, to_clip: Any) -> np.ndarray:
    """Front-facing triangles in the view thinner than ``THIN_PIXELS`` in the picture: a sliver
    seen edge-on can slip between every sample row of the picture yet light a pixel of a window
    of another size. They are kept whatever hides them (they cost next to nothing to draw)."""
    matrix = np.array([[to_clip.getCell(r, c) for c in range(4)] for r in range(4)])
    clip = np.concatenate([vertices, np.ones((len(vertices), 1))], axis=1) @ matrix
    corners = clip[triangles]  # (m, 3, 4)
    w = corners[..., 3]
    inside = np.ones(len(triangles), dtype=bool)
    for axis in range(3):
        inside &= ~(np.all(corners[..., axis] > w, axis=1) | np.all(corners[..., axis] < -w, axis=1))
    in_front = np.all(w > 1e-6, axis=1)
    safe_w = np.where(w > 1e-6, w, 1.0)[..., None]
    screen = corners[..., :2] / safe_w * 0.5 * np.array(ID_SIZE)  # pixels
    a, b, c = screen[:, 0], screen[:, 1], screen[:, 2]
    doubled = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])
    longest = np.maximum.reduce(
        [np.hypot(*(b - a).T), np.hypot(*(c - b).T), np.hypot(*(a - c).T), np.full(len(a), 1e-9)]
    )
    thickness = np.abs(doubled) / longest
    # Facing the camera: wound the way the game's back-face culling keeps (checked against the
    # picture: every triangle the samples saw has this sign).
    facing = doubled > 0
    thin: np.ndarray = inside & in_front & facing & (thickness < THIN_PIXELS)
    return thin


def visible_triangles(
    vertices: np.ndarray, triangles: np.ndarray, views: Sequence[View], transform: Any = None
) -> np.ndarray | None:
    """Booleans, a row per view and a column per triangle: seen from that view. ``vertices``
    (n, 3) and ``triangles`` (m, 3) are in the mesh's own space, placed in the world by ``transform`` (a
    Panda3D ``TransformState``, identity when None). None when nothing can be rendered here (no
    graphics output, e.g. ``window_type='none'``): then keep everything."""
    from panda3d.core import (
        Camera,
        FrameBufferProperties,
        GraphicsOutput,
        GraphicsPipe,
        NodePath,
        PerspectiveLens,
        ShadeModelAttrib,
        Texture,
        TransformState,
        Vec3,
        WindowProperties,
    )
    from ursina import application, camera

    base = application.base
    if base is None or base.win is None or base.win.getGsg() is None or len(triangles) == 0:
        return None
    if len(triangles) >= (1 << 24) - 1:
        return None
    engine = base.graphicsEngine
    props = FrameBufferProperties()
    props.setRgbColor(True)
    props.setRgbaBits(8, 8, 8, 8)
    props.setDepthBits(32)  # as the game's window gets (near-coplanar faces resolve alike)
    buffer = engine.makeOutput(
        base.pipe,
        "visibility",
        -100,
        props,
        WindowProperties.size(*ID_SIZE),
        GraphicsPipe.BF_refuse_window,
        base.win.getGsg(),
        base.win,
    )
    if buffer is None:
        return None
    texture = Texture("visibility")
    buffer.addRenderTexture(texture, GraphicsOutput.RTM_copy_ram)
    texture.setFormat(Texture.F_rgba8)
    buffer.setClearColor((0, 0, 0, 1))
    buffer.setClearColorActive(True)
    buffer.setClearDepthActive(True)

    root = NodePath("visibility")
    root.setAttrib(ShadeModelAttrib.make(ShadeModelAttrib.M_flat))  # one exact colour per triangle
    root.setTwoSided(False)  # back faces culled, as in the game
    mesh = root.attachNewNode(_geom_node("ids", vertices, triangles, _id_colours(len(triangles))))
    mesh.setTransform(transform if transform is not None else TransformState.makeIdentity())
    lens = PerspectiveLens()
    real = camera.perspective_lens
    lens.setNearFar(real.getNear(), real.getFar())
    lens.setAspectRatio(DESIGN_ASPECT)
    eye = root.attachNewNode(Camera("visibility", lens))
    region = buffer.makeDisplayRegion()
    region.setCamera(eye)

    seen = np.zeros((len(views), len(triangles) + 1), dtype=bool)
    others = [engine.getWindow(i) for i in range(engine.getNumWindows())]
    paused = [w for w in others if w != buffer and w.isActive()]
    for window in paused:  # draw only the offscreen picture
        window.setActive(False)
    try:
        for index, view in enumerate(views):
            blockers = [
                root.attachNewNode(
                    _geom_node("occluder", o.vertices, o.triangles, np.zeros((len(o.triangles), 4)))
                )
                for o in view.occluders
            ]
            eye.setPos(Vec3(*view.eye))
            eye.lookAt(Vec3(*view.look_at), Vec3(0, 1, 0))
            lens.setFov(view.fov)
            for share, shift in PASSES:
                region.setDimensions(0, share, 0, share)
                pixel = lens.getFilmSize()[0] / (ID_SIZE[0] * share)
                lens.setFilmOffset(shift * pixel, shift * pixel)
                engine.renderFrame()
                # Panda3D keeps the picture as blue, green, red, alpha bytes: little-endian
                # words whose low 24 bits are the id (blue holds its lowest byte).
                pixels = np.frombuffer(memoryview(texture.getRamImage()), dtype="<u4")
                starts = np.flatnonzero(pixels[1:] != pixels[:-1]) + 1  # runs of one triangle
                ids = np.append(pixels[starts], pixels[0]) & 0xFFFFFF
                seen[index, np.minimum(ids, len(triangles))] = True  # (no other colour appears)
            lens.setFilmOffset(0, 0)
            seen[index, 1:] |= _thin(vertices, triangles, mesh.getMat(eye) * lens.getProjectionMat())
            for blocker in blockers:
                blocker.removeNode()
    finally:
        for window in paused:
            window.setActive(True)
        region.setCamera(NodePath())
        engine.removeWindow(buffer)
        root.removeNode()
    by_view: np.ndarray = seen[:, 1:]
    return by_view
