"""Rendering one moment of a scenario to a PNG with no window (``screenshot`` command, docs, tests).

The moment is a node: the set, the customer showing that node's emotion and the mood they would
have on reaching it along the scenario's first path (first branch at every turn), the HUD with the
node's first line as the subtitle. The picture is taken after a few fixed-length frames, so the
same scenario and node always give the same image on one machine.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from ursina import Entity, Text, Ursina, camera, destroy

from game.model import Effects, Mood, Node, Scenario
from scenes.avatar import make_customer_view
from scenes.engine import create_app, step, use_fixed_time, window_size
from scenes.sets import build_set

SETTLE_FRAMES = 4


class SizeMismatch(RuntimeError):
    """The app already runs at another size (Ursina is a singleton; its buffer size is fixed)."""


@dataclass(frozen=True)
class Moment:
    """What the customer shows at a node."""

    node: Node
    mood: Mood
    emotion: str
    line: str


HudBuilder = Callable[[Scenario, Moment], Entity | None]


def _effects_of(node: Node) -> list[tuple[Effects, list[str]]]:
    """Ways out of a node in authored order, with the node ids each leads to."""
    ways: list[tuple[Effects, list[str]]] = []
    for reply in node.replies:
        targets = [g.target for g in reply.effects.next or ()]
        ways.append((reply.effects, targets))
    if node.next:
        ways.append((Effects(), [g.target for g in node.next]))
    if node.otherwise is not None and node.otherwise.effects.next:
        ways.append((node.otherwise.effects, [g.target for g in node.otherwise.effects.next]))
    return ways


def mood_on_reaching(scenario: Scenario, node_id: str) -> Mood:
    """The customer's mood on reaching ``node_id`` along the first path there (depth-first, first
    branch first); the starting mood for the start node or a node no path reaches."""
    start_mood = scenario.customer.mood
    seen: set[str] = set()
    stack: list[tuple[str, Mood]] = [(scenario.start, start_mood)]
    while stack:
        current, mood = stack.pop()
        if current == node_id:
            return mood
        if current in seen or current not in scenario.nodes:
            continue
        seen.add(current)
        children: list[tuple[str, Mood]] = []
        for effects, targets in _effects_of(scenario.nodes[current]):
            after = mood.shifted(effects.mood.anger, effects.mood.trust)
            children.extend((target, after) for target in targets)
        stack.extend(reversed(children))
    return start_mood


def moment_at(scenario: Scenario, node_id: str | None) -> Moment:
    """The moment to show; raises KeyError for a node the scenario does not have."""
    node = scenario.node(node_id or scenario.start)
    line = node.say[0] if node.say else None
    emotion = (line.emotion if line and line.emotion else None) or node.emotion
    return Moment(node, mood_on_reaching(scenario, node.id), emotion, line.text if line else "")


def _resize(app: Ursina, size: tuple[int, int]) -> None:
    """Resize the offscreen buffer (a window keeps its size: SizeMismatch)."""
    if window_size(app) == size:
        return
    app.win.setSize(size[0], size[1])
    app.graphicsEngine.renderFrame()
    if window_size(app) != size:
        raise SizeMismatch(f"the renderer is already running at {window_size(app)}, not {size}")
    from ursina import window

    with contextlib.redirect_stdout(io.StringIO()):  # Ursina prints the aspect-ratio change
        window.update_aspect_ratio()


def _minimal_hud(scenario: Scenario, moment: Moment) -> Entity:
    """A stand-in HUD (subtitle and mood) for when the game's own HUD cannot be built."""
    root = Entity(parent=camera.ui, name="screenshot_hud")
    Entity(parent=root, model="quad", color=(0.05, 0.06, 0.09, 0.78), position=(0, -0.38), scale=(1.3, 0.14))
    Text(
        parent=root,
        text=f"{scenario.customer.name}: {moment.line}",
        position=(-0.62, -0.345),
        scale=1.1,
        wordwrap=70,
        color=(1, 1, 1, 1),
    )
    Text(
        parent=root,
        text=f"anger {moment.mood.anger}   trust {moment.mood.trust}   ({moment.emotion})",
        position=(0.4, 0.47),
        scale=1.0,
        color=(1, 1, 1, 1),
    )
    return root


def game_hud(scenario: Scenario, moment: Moment) -> Entity | None:
    """The game's own HUD (``scenes.ui.hud.Hud``) posed at the moment; the stand-in if the game's
    HUD is missing or its interface has moved on (a picture with a plain HUD beats no picture)."""
    try:
        from scenes.ui.hud import Hud

        hud = Hud(
            scenario,
            coaching=True,
            subtitles=True,
            voice_input=False,
            on_send=lambda _text: None,
            on_pick=lambda _index: None,
            on_confirm=lambda _index: None,
            on_menu=lambda: None,
        )
    except (ImportError, TypeError, AttributeError) as error:
        print(f"warning: drawing a plain HUD; the game's HUD could not be built ({error})", file=sys.stderr)
        return _minimal_hud(scenario, moment)
    hud.show_line(moment.line, moment.emotion, None)
    hud.finish_line()
    hud.set_mood(moment.mood)
    # A still picture shows the meters where they end up, not mid-animation.
    hud.anger.set(moment.mood.anger, instant=True)
    hud.trust.set(moment.mood.trust, instant=True)
    if moment.node.coach:
        hud.show_coach(moment.node.coach)
    examples = [r.examples[0].text for r in moment.node.replies if r.examples]
    if examples:
        hud.show_suggestions(examples)
    return hud  # type: ignore[no-any-return]


def capture_image(app: Ursina) -> Image.Image:
    """What the last rendered frame shows, as an RGB image."""
    texture = app.win.getScreenshot()
    if texture is None:
        raise RuntimeError("the renderer returned no image")
    width, height = texture.getXSize(), texture.getYSize()
    data = bytes(texture.getRamImageAs("RGB"))
    # Panda3D stores rows bottom-up.
    return Image.frombytes("RGB", (width, height), data).transpose(Image.Transpose.FLIP_TOP_BOTTOM)


def capture_png(app: Ursina, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    capture_image(app).save(out, format="PNG", optimize=True)


def render_scenario_png(
    scenario: Scenario,
    node_id: str | None,
    size: tuple[int, int],
    out: Path,
    hud: HudBuilder | None = game_hud,
) -> Moment:
    """Render the scenario at ``node_id`` (default: its start) into ``out``; returns the moment shown.

    Raises KeyError for an unknown node, ``scenes.engine.EngineUnavailable`` when nothing can be
    rendered on this machine, SizeMismatch when the app already runs at another size.
    """
    moment = moment_at(scenario, node_id)
    app = create_app(size=size, offscreen=True)
    size_before = window_size(app)
    _resize(app, size)
    use_fixed_time()
    root = Entity(name="screenshot_root")
    ui_root: Entity | None = None
    try:
        handle = build_set(scenario.setting, root)
        handle.apply_camera(phone=scenario.channel == "phone")
        anchor = Entity(parent=root, name="customer_anchor", position=handle.customer_anchor)
        view = make_customer_view(anchor, scenario)
        view.set_mood(moment.mood.anger, moment.mood.trust)
        view.set_emotion(moment.emotion)
        view.settle()
        if hud is not None:
            ui_root = hud(scenario, moment)
        for _ in range(SETTLE_FRAMES):
            view.update(1 / 60)
            step(app)
        capture_png(app, out)
        view.destroy()
    finally:
        if ui_root is not None:
            destroy(ui_root)
        destroy(root)
        _resize(app, size_before)  # the app is shared (tests, the game): leave it as it was
        step(app)  # let Ursina finish destroying before anyone builds the next scene
    return moment
