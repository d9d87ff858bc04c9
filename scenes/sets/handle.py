"""What building a set gives back: where the customer and the trainee's camera go."""

from __future__ import annotations

from dataclasses import dataclass

from ursina import Entity, Vec3, camera, destroy

from scenes.call_screen import frame_call_camera
from scenes.framing import fov_for_window


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
        call screen (seated, closer, the softphone framed above the HUD's subtitles). The sets are
        built at the world origin, so the anchor is where the call screen stands."""
        camera.orthographic = False
        camera.rotation = (0, 0, 0)
        if phone:
            frame_call_camera(self.customer_anchor)
            return
        camera.position = self.camera_position
        camera.look_at(self.camera_look_at)
        camera.fov = fov_for_window(self.camera_fov)

    def destroy(self) -> None:
        destroy(self.root)
