"""Camera framing shared by the sets and the call screen."""

from __future__ import annotations

import math

from ursina import window

DESIGN_ASPECT = 16 / 9
"""Every view is composed for 16:9."""


def fov_for_window(design_fov: float) -> float:
    """Ursina's fov is horizontal. The views are framed for 16:9; in a narrower window keep the
    vertical view instead, so the customer stays the same size and only the sides are cut."""
    aspect = float(window.aspect_ratio)
    if aspect >= DESIGN_ASPECT:
        return design_fov
    vertical = math.atan(math.tan(math.radians(design_fov) / 2) / DESIGN_ASPECT)
    return math.degrees(2 * math.atan(math.tan(vertical) * aspect))
