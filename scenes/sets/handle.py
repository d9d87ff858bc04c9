"""What building a set gives back: where the customer and the trainee's camera go."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ursina import Entity, Vec3, camera, destroy, window

DESIGN_ASPECT = 16 / 9


def _fov_for_window(design_fov: float) -> float:
    """Ursina's fov is horizontal. The sets are framed for 16:9; in a narrower window keep the
    vertical view instead, so the customer stays the same size and only the sides are cut."""
    aspect = float(window.aspect_ratio)
    if aspect >= DESIGN_ASPECT:
        return design_fov
    vertical = math.atan(math.tan(math.radians(design_fov) / 2) / DESIGN_ASPECT)
    return math.degrees(2 * math.atan(math.tan(vertical) * aspect))


@dataclass
class SetHandle:
    name: str
    root: Entity
    customer_anchor: Vec3
    camera_position: Vec3
    camera_look_at: Vec3
    camera_fov: float = 70.0
    """Horizontal field of view in degrees (Ursina's ``camera.fov``)."""

    def apply_camera(self, phone: bool = False) -> None:
        """Put the camera at the trainee's eyes, looking at the customer; on a phone call, at the
        call screen (seated, closer, the softphone framed above the HUD's subtitles)."""
        camera.orthographic = False
        camera.rotation = (0, 0, 0)
        if phone:
            a = self.customer_anchor
            camera.position = Vec3(a.x, 1.62, a.z - 2.7)
            camera.look_at(Vec3(a.x, 1.02, a.z))
            camera.fov = _fov_for_window(60)
        else:
            camera.position = self.camera_position
            camera.look_at(self.camera_look_at)
            camera.fov = _fov_for_window(self.camera_fov)

    def destroy(self) -> None:
        destroy(self.root)
