"""What building a set gives back: where the customer and the trainee's camera go."""

from __future__ import annotations

from dataclasses import dataclass

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

    def apply_camera(self, phone: bool = False) -> None:
        """Put the camera at the trainee's eyes, looking at the customer; on a phone call, at the
        call screen (seated, closer, the softphone framed above the HUD's subtitles)."""
        camera.orthographic = False
        camera.rotation = (0, 0, 0)
        if phone:
            a = self.customer_anchor
            camera.position = Vec3(a.x, 1.62, a.z - 2.7)
            camera.look_at(Vec3(a.x, 1.02, a.z))
            camera.fov = 60
        else:
            camera.position = self.camera_position
            camera.look_at(self.camera_look_at)
            camera.fov = self.camera_fov

    def destroy(self) -> None:
        destroy(self.root)
