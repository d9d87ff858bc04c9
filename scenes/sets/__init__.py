"""The four sets a scenario can happen in, each built by one module.

``build_set(setting, parent)`` furnishes a set under ``parent`` and returns a ``SetHandle``: where the
customer stands (or the call screen goes) and where the trainee's camera is. Every set shares one
layout so the game loop never needs to know which it is: the trainee stands at z < 0 looking along
+z across a desk or counter; the customer stands at ``customer_anchor`` facing back (-z).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ursina import Entity, Vec3, camera, destroy


@dataclass
class SetHandle:
    name: str
    root: Entity
    customer_anchor: Vec3
    camera_position: Vec3
    camera_look_at: Vec3
    camera_fov: float = 70.0
    """Horizontal field of view in degrees (Ursina's ``camera.fov``)."""
    animated: list[Entity] = field(default_factory=list)
    """Entities with their own ``update`` (clocks, boards); static geometry is one baked mesh."""

    def apply_camera(self) -> None:
        """Put the camera at the trainee's eyes, looking at the customer."""
        camera.orthographic = False
        camera.position = self.camera_position
        camera.rotation = (0, 0, 0)
        camera.look_at(self.camera_look_at)
        camera.fov = self.camera_fov

    def destroy(self) -> None:
        destroy(self.root)


SetBuilder = Callable[[Entity], SetHandle]

# Imported after SetHandle exists: each set module builds and returns one.
from scenes.sets import airline_gate, call_center, hotel_front_desk, retail_counter  # noqa: E402

SETTINGS: dict[str, SetBuilder] = {
    "retail_counter": retail_counter.build,
    "call_center": call_center.build,
    "hotel_front_desk": hotel_front_desk.build,
    "airline_gate": airline_gate.build,
}


def build_set(setting: str, parent: Entity) -> SetHandle:
    """Furnish ``setting`` under ``parent``. Unknown settings get the retail counter (content may
    name sets this version does not have; play goes on rather than fail)."""
    return SETTINGS.get(setting, retail_counter.build)(parent)
