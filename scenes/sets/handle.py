"""What building a set gives back: where the customer and the trainee's camera go."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from ursina import Entity, Mesh, Vec3, camera, destroy

from scenes.call_screen import PHONE_CAMERA_FOV, call_camera, desk_builder, frame_call_camera
from scenes.framing import fov_for_window
from scenes.visibility import Occluder, View, visible_triangles

_SEEN: dict[str, np.ndarray] = {}
"""Visible-triangle masks already worked out in this process, by the geometry and views they are
for: the sets are built the same way every time, so each is worked out once per run."""


def _subset(vertices: np.ndarray, triangles: np.ndarray, colours: np.ndarray, mask: np.ndarray) -> Any:
    """The triangles in ``mask`` as a new static mesh (an empty one when there are none)."""
    if not mask.any():
        return Mesh(vertices=[], triangles=[], colors=[], static=True)
    kept = triangles[mask].reshape(-1)
    used, remapped = np.unique(kept, return_inverse=True)
    return Mesh(
        vertices=vertices[used].reshape(-1).tolist(),
        triangles=remapped.tolist(),
        colors=colours[used].reshape(-1).tolist(),
        static=True,
    )


def _follow_camera(
    views: tuple[View, ...], selections: list[tuple[Entity, list[Any]]], shown: list[int]
) -> None:
    """Each frame: when the camera is exactly at one of the views (where it always is in play),
    draw the triangles that view sees; anywhere else, all that any view sees."""
    position, forward = camera.world_position, camera.forward
    choice = 0
    for index, view in enumerate(views, start=1):
        if not view.occluders:
            continue  # (only the seat at the call screen, where the desk hides much, pays off)
        eye, target = np.array(view.eye), np.array(view.look_at)
        direction = (target - eye) / np.linalg.norm(target - eye)
        if (
            np.abs(np.array(tuple(position)) - eye).max() < 1e-3
            and np.abs(np.array(tuple(forward)) - direction).max() < 1e-3
        ):
            choice = index
            break
    if choice == shown[0]:
        return
    shown[0] = choice
    for entity, meshes in selections:
        entity.model = meshes[choice]


def render_root() -> Any:
    """Panda3D's scene root, which world coordinates are relative to."""
    from ursina import application

    return application.base.render


@dataclass
class SetHandle:
    name: str
    root: Entity
    customer_anchor: Vec3
    camera_position: Vec3
    camera_look_at: Vec3
    camera_fov: float = 70.0
    """Horizontal field of view in degrees (Ursina's ``camera.fov``)."""
    full_triangles: int = 0
    """Triangles the set's furniture was built with; its mesh keeps only those a view can see."""

    def apply_camera(self, phone: bool = False) -> None:
        """Put the camera at the trainee's eyes, looking at the customer; on a phone call, at the
        call screen (seated, closer, the softphone framed above the HUD's subtitles). The sets are
        built at the world origin, so the anchor is where the call screen stands.

        These two are the only views the sets are drawn for (``views``): the furniture nobody can
        see from them is not drawn at all, so a new camera must be added there."""
        camera.orthographic = False
        camera.rotation = (0, 0, 0)
        if phone:
            frame_call_camera(self.customer_anchor)
            return
        camera.position = self.camera_position
        camera.look_at(self.camera_look_at)
        camera.fov = fov_for_window(self.camera_fov)

    def views(self) -> tuple[View, ...]:
        """The in-person view, and the phone view with the call screen's desk (always there when
        the camera sits in front of it) hiding what is behind it."""
        eye, target = call_camera(self.customer_anchor)
        vertices, triangles = desk_builder().geometry()
        anchor = np.array(tuple(self.customer_anchor), dtype=np.float64)
        desk = Occluder(
            np.asarray(vertices, dtype=np.float64).reshape(-1, 3) + anchor,
            np.asarray(triangles, dtype=np.int64).reshape(-1, 3),
        )
        return (
            View(tuple(self.camera_position), tuple(self.camera_look_at), self.camera_fov),
            View(tuple(eye), tuple(target), PHONE_CAMERA_FOV, (desk,)),
        )

    def drop_unseen(self) -> None:
        """Keep only the furniture's triangles that one of ``views`` can see (``scenes.visibility``):
        the picture is the same, the software rasteriser's work a fraction. All the set's baked,
        untextured meshes (the furniture, the airline's painted window view, sign wires) are
        worked out together, so each hides what is behind it in the others."""
        baked = [
            e
            for e in self.root.children
            if isinstance(e.model, Mesh) and e.texture is None and e.model.colors and e.model.triangles
        ]
        if not baked:
            return
        parts: list[tuple[Entity, np.ndarray, np.ndarray]] = []
        for entity in baked:
            mesh = entity.model
            vertices = np.asarray(mesh.vertices, dtype=np.float64).reshape(-1, 3)
            triangles = np.asarray(mesh.triangles, dtype=np.int64).reshape(-1, 3)
            parts.append((entity, vertices, triangles))
            if entity.name.endswith("_static"):
                self.full_triangles = len(triangles)
        world: list[np.ndarray] = []
        offsets = [0]
        for entity, vertices, _triangles in parts:
            matrix = entity.getMat(render_root())
            m = np.array([[matrix.getCell(r, c) for c in range(4)] for r in range(4)])
            world.append(np.concatenate([vertices, np.ones((len(vertices), 1))], axis=1) @ m)
            offsets.append(offsets[-1] + len(vertices))
        all_vertices = np.concatenate(world)[:, :3]
        all_triangles = np.concatenate([t + offsets[i] for i, (_, _, t) in enumerate(parts)])
        views = self.views()
        key_parts = [all_vertices.tobytes(), all_triangles.tobytes()]
        for view in views:
            key_parts.append(repr((view.eye, view.look_at, view.fov)).encode())
            key_parts += [o.vertices.tobytes() + o.triangles.tobytes() for o in view.occluders]
        key = hashlib.sha1(b"|".join(key_parts)).hexdigest()
        seen = _SEEN.get(key)
        if seen is None:
            seen = visible_triangles(all_vertices, all_triangles, views)
            if seen is not None:
                _SEEN[key] = seen
        if seen is None:
            return
        union = seen.any(axis=0)
        start = 0
        selections: list[tuple[Entity, list[Any]]] = []
        for entity, vertices, triangles in parts:
            span = slice(start, start + len(triangles))
            start += len(triangles)
            colours = np.asarray(entity.model.colors, dtype=np.float64).reshape(-1, 4)
            # The mesh for any camera (everything a view sees), then one per view.
            meshes = [_subset(vertices, triangles, colours, mask[span]) for mask in (union, *seen)]
            entity.model = meshes[0]
            selections.append((entity, meshes))
        Entity(
            parent=self.root,
            name="view_culling",
            update=partial(_follow_camera, views, selections, [0]),
        )

    def destroy(self) -> None:
        destroy(self.root)
