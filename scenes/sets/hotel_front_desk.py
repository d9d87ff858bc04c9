"""Placeholder until the set is furnished: the retail counter."""

from __future__ import annotations

from ursina import Entity

from scenes.sets.handle import SetHandle


def build(parent: Entity) -> SetHandle:
    from scenes.sets import retail_counter

    handle = retail_counter.build(parent)
    handle.name = "hotel_front_desk"
    return handle
