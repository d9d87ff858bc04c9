"""The four sets build offscreen, render furnished (not blank) frames, and clean up after themselves."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("ursina")

from game.model import SETTINGS


def _render(app: Any) -> Any:
    import numpy as np

    from scenes.screenshot import capture_image

    app.step()
    app.step()
    return np.asarray(capture_image(app), dtype=np.float32)


@pytest.mark.parametrize("setting", SETTINGS)
def test_each_set_builds_and_renders_a_furnished_frame(clean_scene: Any, setting: str) -> None:
    from ursina import Entity, scene

    from scenes.sets import build_set

    root = Entity()
    handle = build_set(setting, root)
    handle.apply_camera()
    pixels = _render(clean_scene)

    assert handle.name == setting
    static = [e for e in scene.entities if e.name.endswith("_static") and e.has_ancestor(root)]
    assert len(static) == 1, "the furniture is one baked mesh"
    assert handle.full_triangles > 2000, "a furnished room, not a box"
    # Furnished and lit: many distinct colours, strong variation, nothing like a cleared screen.
    assert pixels.std() > 25
    distinct = len({tuple(p) for p in pixels[::16, ::16].reshape(-1, 3).astype(int)})
    assert distinct > 150
    # The customer's spot is in front of the camera, across the desk.
    assert handle.customer_anchor.z > handle.camera_position.z + 1
    handle.destroy()


def test_destroying_a_set_removes_every_entity_it_made(clean_scene: Any) -> None:
    from ursina import Entity, scene

    from scenes.sets import build_set

    before = len(scene.entities)
    root = Entity()
    handle = build_set("airline_gate", root)
    assert len(scene.entities) > before + 5
    handle.destroy()
    clean_scene.step()
    assert len(scene.entities) == before + 1  # only the parent we made


def test_an_unknown_setting_still_gives_a_set(clean_scene: Any) -> None:
    from ursina import Entity

    from scenes.sets import SETTINGS as BUILDERS
    from scenes.sets import build_set

    assert set(BUILDERS) == set(SETTINGS)
    handle = build_set("space_station", Entity())
    assert handle.name == "retail_counter"


def test_the_sets_look_different_from_each_other(clean_scene: Any) -> None:
    import numpy as np
    from ursina import Entity

    from scenes.sets import build_set

    means = {}
    for setting in SETTINGS:
        handle = build_set(setting, Entity())
        handle.apply_camera()
        means[setting] = _render(clean_scene).mean(axis=(0, 1))
        handle.destroy()
    names = list(means)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert np.abs(means[a] - means[b]).sum() > 6, (a, b)


@pytest.mark.parametrize("setting", SETTINGS)
def test_sets_draw_in_one_opaque_pass(clean_scene: Any, setting: str) -> None:
    """Ursina gives every model "dual" transparency (drawn twice, once blended); under a software
    rasteriser that costs a third of the frame, so every set must draw as plain opaque geometry."""
    from panda3d.core import TransparencyAttrib
    from ursina import Entity

    from scenes.sets import build_set

    handle = build_set(setting, Entity())
    geometry = handle.root.find_all_matches("**/+GeomNode")
    assert geometry.get_num_paths() > 3
    for index in range(geometry.get_num_paths()):
        node = geometry.get_path(index)
        mode = node.get_net_state().get_attrib(TransparencyAttrib)
        if node.get_parent().name == "wall_clock" or node.get_parent().get_parent().name == "wall_clock":
            continue  # the round clock face is cut out (alpha test), still one pass
        assert mode is None or mode.get_mode() == TransparencyAttrib.M_none, node


@pytest.mark.parametrize(("setting", "phone"), [(s, False) for s in SETTINGS] + [("call_center", True)])
def test_only_the_furniture_a_view_can_see_is_drawn(clean_scene: Any, setting: str, phone: bool) -> None:
    """The furniture keeps only the triangles its views can see (scenes.visibility): a fraction of
    them, and the picture is the same as with all of them (on the phone, the call screen's desk
    hides the room behind it)."""
    import numpy as np
    from ursina import Entity

    from game.model import Customer, Mood
    from scenes.call_screen import CallScreen
    from scenes.sets import SETTINGS as BUILDERS

    root = Entity()
    handle = BUILDERS[setting](root)  # as built, before build_set drops what nobody sees
    handle.apply_camera(phone=phone)
    if phone:
        anchor = Entity(parent=root, position=handle.customer_anchor)
        CallScreen(anchor, Customer("Dana Reyes", Mood(60, 30)))
    static = next(e for e in handle.root.children if e.name.endswith("_static"))
    everything = _render(clean_scene)
    built = len(static.model.triangles) // 3
    handle.drop_unseen()
    kept = len(static.model.triangles) // 3
    assert handle.full_triangles == built
    assert kept < built * 0.5
    assert np.array_equal(_render(clean_scene), everything)
