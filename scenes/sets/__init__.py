"""The four sets a scenario can happen in, each built by one module.

``build_set(setting, parent)`` furnishes a set under ``parent`` and returns a ``SetHandle``: where the
customer stands (or the call screen goes) and where the trainee's camera is. Every set shares one
layout so the game loop never needs to know which it is: the trainee stands at z < 0 looking along
+z across a desk or counter; the customer stands at ``customer_anchor`` facing back (-z).
"""

from __future__ import annotations

from collections.abc import Callable

from ursina import Entity

from scenes.sets.airline_gate import build as build_airline_gate
from scenes.sets.call_center import build as build_call_center
from scenes.sets.handle import SetHandle
from scenes.sets.hotel_front_desk import build as build_hotel_front_desk
from scenes.sets.retail_counter import build as build_retail_counter

__all__ = ["SETTINGS", "SetBuilder", "SetHandle", "build_set"]


SetBuilder = Callable[[Entity], SetHandle]

SETTINGS: dict[str, SetBuilder] = {
    "retail_counter": build_retail_counter,
    "call_center": build_call_center,
    "hotel_front_desk": build_hotel_front_desk,
    "airline_gate": build_airline_gate,
}


def build_set(setting: str, parent: Entity) -> SetHandle:
    """Furnish ``setting`` under ``parent``. Unknown settings get the retail counter (content may
    name sets this version does not have; play goes on rather than fail)."""
    builder: SetBuilder = SETTINGS.get(setting, build_retail_counter)
    handle = builder(parent)
    handle.drop_unseen()  # the furniture no view can see is not drawn (scenes.visibility)
    return handle
