"""One look for every screen: colours, text sizes and the shapes panels and buttons use.

Anger is always red/orange and trust always teal/blue, on the HUD meter and the debrief chart
alike, so the trainee learns the colours once.
"""

from __future__ import annotations

from typing import Any

from ursina import color

# Backgrounds, darkest first.
BACKDROP = color.hex("#0f1324")
BACKDROP_LOW = color.hex("#141a5e")
"""The bottom of the menu's and debrief's background gradient."""
PANEL_OPAQUE = color.hex("#1a2040")
"""A large panel over the backdrop, drawn opaque (blending big areas is slow on software GL)."""
PANEL = color.rgba(0.118, 0.145, 0.255, 0.94)
PANEL_SOFT = color.rgba(0.118, 0.145, 0.255, 0.80)
CARD = color.hex("#262e52")
CARD_HOVER = color.hex("#313b68")
SHADE = color.rgba(0.03, 0.04, 0.09, 0.72)
"""Dims the 3D scene behind a modal card."""

TEXT = color.hex("#f3f5fb")
MUTED = color.hex("#b3bbd4")
FAINT = color.hex("#7a84a4")

ACCENT = color.hex("#7c6cf2")
"""Primary buttons and the selected item."""
ACCENT_DARK = color.hex("#5a4cc9")
SECONDARY = color.hex("#38416b")

ANGER = color.hex("#ff6b4a")
ANGER_HOT = color.hex("#ff3d3d")
ANGER_SOFT = color.hex("#ffa24a")
TRUST = color.hex("#2ec4b6")
TRUST_DEEP = color.hex("#3fa7d6")

GOOD = color.hex("#3ddc97")
WARN = color.hex("#ffc857")
BAD = color.hex("#ff5d73")
COACH = color.hex("#ffd166")

# Text sizes as multiples of Ursina's Text.size (.025 of the screen height).
SIZE_HUGE = 3.2
SIZE_TITLE = 2.0
SIZE_HEADING = 1.35
SIZE_BODY = 1.1
SIZE_SMALL = 0.9

RADIUS = 0.018
"""Corner radius of panels, in screen heights."""

EMOTION_LABELS: dict[str, str] = {
    "angry": "angry",
    "frustrated": "frustrated",
    "anxious": "anxious",
    "sad": "upset",
    "confused": "confused",
    "neutral": "neutral",
    "calm": "calm",
    "relieved": "relieved",
    "happy": "happy",
}

SETTING_LABELS: dict[str, str] = {
    "retail_counter": "Retail counter",
    "call_center": "Call centre",
    "hotel_front_desk": "Hotel front desk",
    "airline_gate": "Airline gate",
}

LEVEL_NAMES: dict[int, str] = {
    1: "Simple inquiry",
    2: "Mild frustration",
    3: "Upset customer",
    4: "Angry customer",
    5: "Highly emotional",
}

OUTCOME_BANNERS: dict[str, tuple[str, Any]] = {
    "resolved": ("Resolved", GOOD),
    "walked_out": ("Walked out", BAD),
    "escalated": ("Escalated", ANGER_SOFT),
    "unfinished": ("Unfinished", WARN),
}


def setting_label(setting: str) -> str:
    return SETTING_LABELS.get(setting, setting.replace("_", " ").capitalize())


def outcome_banner(outcome: str) -> tuple[str, Any]:
    return OUTCOME_BANNERS.get(outcome, (outcome.replace("_", " ").capitalize(), ANGER_SOFT))


def mix(a: Any, b: Any, t: float) -> Any:
    """Linear blend of two colours (t=0: a, t=1: b)."""
    t = max(0.0, min(1.0, t))
    return color.rgba(*(a[i] + (b[i] - a[i]) * t for i in range(4)))


def anger_colour(anger: float) -> Any:
    """Orange when mildly annoyed, red when furious."""
    return mix(ANGER_SOFT, ANGER_HOT, anger / 100)
