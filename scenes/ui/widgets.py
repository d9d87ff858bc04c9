"""Small building blocks shared by the screens: panels, labels, buttons, a meter, text helpers.

Everything is placed in UI units (the screen is 1 high and ``window.aspect_ratio`` wide, centre
0,0) with the top-left corner as the anchor, which keeps layouts readable.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Iterable
from typing import Any

from ursina import Button, Entity, InputField, Mesh, Text, Vec3, camera, color, destroy, lerp
from ursina.color import Color
from ursina.scripts.property_generator import generate_properties_for_class

from scenes.ui import theme

# A proportional font shows about this many average characters per UI unit at Text.size.
CHARS_PER_UNIT = 80.0


def wrap(text: str, width: float, size: float = theme.SIZE_BODY) -> str:
    """Wrap ``text`` to fit ``width`` UI units at text ``size`` (keeps explicit newlines)."""
    columns = max(8, int(width * CHARS_PER_UNIT / size))
    return "\n".join(textwrap.fill(part, columns) if part else "" for part in text.split("\n"))


def plain(text: str) -> str:
    """Text from players or trainers shown without Ursina's ``<tag>`` markup being interpreted."""
    return text.replace("<", "‹").replace(">", "›")


CORNER_SEGMENTS = 9
"""Points per rounded corner, as Ursina's ``Quad`` (at the middle of each of 9 equal steps)."""


def rounded_mesh(radius: float, aspect: float) -> Mesh:
    """Ursina's rounded ``Quad(radius, aspect)`` outline, 1 x 1 around the origin, cut into compact
    triangles: a fan at each corner around the corner's centre and five rectangles between them.

    ``Quad`` fans 34 triangles out of one outline point, long slivers that cross the whole panel;
    a software rasteriser pays per triangle per screen tile it touches, so the same panel filled
    with compact triangles draws in about half the time (the outline, so the look, is the same)."""
    r = min(max(radius, 0.0), 0.5)
    rx, ry = r / max(aspect, 1e-6), r
    cx, cy = 0.5 - rx, 0.5 - ry
    centres = ((cx, cy), (-cx, cy), (-cx, -cy), (cx, -cy))  # counter-clockwise from top right
    vertices = [Vec3(x, y, 0) for x, y in centres]
    step = 90 / CORNER_SEGMENTS
    for corner, (x, y) in enumerate(centres):
        for k in range(CORNER_SEGMENTS):
            angle = math.radians(corner * 90 + (k + 0.5) * step)
            vertices.append(Vec3(x + rx * math.cos(angle), y + ry * math.sin(angle), 0))
    triangles: list[tuple[int, int, int]] = [(0, 1, 2), (0, 2, 3)]
    first = 4
    for corner in range(4):
        start = first + corner * CORNER_SEGMENTS
        for k in range(CORNER_SEGMENTS - 1):
            triangles.append((corner, start + k, start + k + 1))
        following = (corner + 1) % 4
        last, next_first = start + CORNER_SEGMENTS - 1, first + following * CORNER_SEGMENTS
        triangles += [(corner, last, next_first), (corner, next_first, following)]
    uvs = [(v[0] + 0.5, v[1] + 0.5) for v in vertices]
    return Mesh(vertices=vertices, triangles=triangles, uvs=uvs)


@generate_properties_for_class()
class Panel(Entity):  # type: ignore[misc]
    """A flat shape whose colour is written into its vertices instead of being a colour scale.

    Under a software rasteriser a colour scale costs about a third more per pixel of the shape
    (llvmpipe, 1280x720: ~135 vs ~93 us for a 200x115 px blended panel), and the HUD's panels
    cover a third of the screen. ``color`` and ``alpha`` work as on any entity: they repaint the
    vertices (a few dozen; panels change colour rarely)."""

    def color_getter(self) -> Any:
        return getattr(self, "_color", color.white)

    def color_setter(self, value: Any) -> None:
        if isinstance(value, str):
            value = color.hex(value)
        if not isinstance(value, Color):
            value = color.rgba(*value) if len(value) == 4 else color.rgb(*value)
        self._color = value
        mesh = self.model
        if mesh is None:
            return
        mesh.colors = [value] * len(mesh.vertices)
        mesh.generate()
        mesh.setColorScaleOff()


def rounded(
    parent: Any,
    x: float,
    y: float,
    w: float,
    h: float,
    colour: Any = theme.PANEL,
    radius: float = theme.RADIUS,
    z: float = 0.0,
    **kwargs: Any,
) -> Entity:
    """A rounded rectangle with its top-left corner at (x, y)."""
    r = min(radius / max(h, 1e-6), 0.5)
    return Panel(
        parent=parent,
        model=rounded_mesh(r, w / max(h, 1e-6)),
        origin=(-0.5, 0.5),
        position=(x, y, z),
        scale=(w, h),
        color=colour,
        ignore=True,  # no update or input: Ursina's per-frame loop passes over it at once
        **kwargs,
    )


def label(
    parent: Any,
    text: str,
    x: float,
    y: float,
    size: float = theme.SIZE_BODY,
    colour: Any = theme.TEXT,
    origin: tuple[float, float] = (-0.5, 0.5),
    tags: bool = False,
    z: float = -0.01,
    **kwargs: Any,
) -> Text:
    """A text whose ``origin`` corner sits at (x, y); ``tags`` enables Ursina colour markup."""
    # ``ignore``: a label has no update or input, so Ursina's per-frame loop passes over it at once.
    if not tags:
        return Text(
            parent=parent,
            use_tags=False,
            text=plain(text),
            position=(x, y, z),
            origin=origin,
            scale=size,
            color=colour,
            line_height=kwargs.pop("line_height", 1.08),
            ignore=True,
            **kwargs,
        )
    # Setting ``color`` repaints every section, so with markup the default colour goes in first.
    entity = Text(parent=parent, position=(x, y, z), origin=origin, scale=size, ignore=True, **kwargs)
    entity.text_colors["default"] = colour
    entity.current_color = colour
    entity._color = colour
    entity.text = text
    return entity


def set_text(entity: Text, text: str) -> None:
    """Set a label's text only when it changes: every assignment rebuilds the text's glyphs and
    nodes in Python, far too slow to do each frame for a timer, a meter's number or a subtitle."""
    if getattr(entity, "raw_text", None) != text:
        entity.text = text


STYLES: dict[str, tuple[Any, Any]] = {
    "primary": (theme.ACCENT, theme.TEXT),
    "secondary": (theme.SECONDARY, theme.TEXT),
    "card": (theme.CARD, theme.TEXT),
    "good": (theme.GOOD.tint(-0.25), theme.TEXT),
    "danger": (theme.BAD.tint(-0.2), theme.TEXT),
}


def button(
    parent: Any,
    text: str,
    x: float,
    y: float,
    w: float,
    h: float,
    on_click: Callable[[], Any] | None = None,
    style: str = "primary",
    size: float = theme.SIZE_BODY,
    text_origin: tuple[float, float] = (0, 0),
    z: float = -0.02,
) -> Button:
    """A rounded button whose top-left corner is at (x, y)."""
    fill, ink = STYLES.get(style, STYLES["primary"])
    radius = min(theme.RADIUS * 0.8 / h, 0.5)
    b = Button(
        parent=parent,
        model=rounded_mesh(radius, w / h),
        text=plain(text),
        position=(x + w / 2, y - h / 2, z),
        scale=(w, h),
        radius=radius,
        color=fill,
        highlight_color=fill.tint(0.12),
        pressed_color=fill.tint(-0.12),
        text_size=size,
        text_origin=text_origin,
    )
    if b.text_entity is not None:
        b.text_entity.color = ink
        if text_origin[0] < 0:
            b.text_entity.x += 0.02 / w
    if on_click is not None:
        b.on_click = on_click
    return b


def set_enabled(button_entity: Button, enabled: bool) -> None:
    button_entity.disabled = not enabled
    button_entity.color = button_entity.color if enabled else theme.SECONDARY
    if button_entity.text_entity is not None:
        button_entity.text_entity.color = theme.TEXT if enabled else theme.FAINT


class Meter(Entity):  # type: ignore[misc]
    """A labelled horizontal bar whose fill glides towards its target value (0..100)."""

    def __init__(
        self,
        parent: Any,
        title: str,
        x: float,
        y: float,
        w: float,
        fill: Any | Callable[[float], Any],
        value: float = 0.0,
        speed: float = 4.0,
    ) -> None:
        super().__init__(parent=parent, position=(x, y, -0.01))
        self.w = w
        self.target = float(value)
        self.shown = float(value)
        self.speed = speed
        self._fill_colour = fill
        self.title = label(self, title, 0, 0, theme.SIZE_SMALL, theme.MUTED)
        self.number = label(self, str(round(value)), w, 0, theme.SIZE_SMALL, theme.TEXT, origin=(0.5, 0.5))
        self.track = rounded(self, 0, -0.032, w, 0.016, theme.CARD, radius=0.008, z=0)
        self.bar = Entity(
            parent=self,
            model=rounded_mesh(0.5, 8),
            origin=(-0.5, 0.5),
            position=(0, -0.032, -0.005),
            scale=(max(0.001, w * value / 100), 0.016),
            color=self._colour_for(value),
        )

    def _colour_for(self, value: float) -> Any:
        fill = self._fill_colour
        return fill(value) if callable(fill) else fill

    def set(self, value: float, instant: bool = False) -> None:
        self.target = max(0.0, min(100.0, float(value)))
        if instant:
            self.shown = self.target
            self._render()

    def update(self) -> None:
        from ursina import time

        if abs(self.shown - self.target) < 0.05:
            if self.shown != self.target:
                self.shown = self.target
                self._render()
            return
        self.shown = lerp(self.shown, self.target, min(1.0, time.dt * self.speed))
        self._render()

    def _render(self) -> None:
        self.bar.scale_x = max(0.001, self.w * self.shown / 100)
        self.bar.color = self._colour_for(self.shown)
        set_text(self.number, str(round(self.shown)))


def backdrop(
    parent: Any, top: Any = theme.BACKDROP, bottom: Any = theme.BACKDROP_LOW, z: float = 0.5
) -> Entity:
    """A full-screen, opaque vertical gradient made of vertex colours (cheap even on software GL)."""
    from ursina import Mesh, Vec3

    w = ui_width() / 2 + 0.01
    mesh = Mesh(
        vertices=[Vec3(-w, -0.51, 0), Vec3(w, -0.51, 0), Vec3(w, 0.51, 0), Vec3(-w, 0.51, 0)],
        triangles=[(0, 1, 2), (0, 2, 3)],
        colors=[bottom, bottom, top, top],
    )
    return Entity(parent=parent, model=mesh, z=z)


def clear(entities: Iterable[Any]) -> None:
    for entity in entities:
        if entity is not None:
            destroy(entity)


def ui_width() -> float:
    """Width of the UI in UI units (the aspect ratio)."""
    from ursina import window

    return float(window.aspect_ratio)


def single_pass(root: Any) -> None:
    """Draw everything under ``root`` in one blended pass instead of Ursina's two.

    Ursina gives every model "dual" transparency: an alpha-tested pass in the opaque bin, then the
    whole model again, blended, in the back-to-front transparent bin. The UI has no depth test, so
    the second pass alone already gives the picture; the first one is pure fill cost (about a third
    of the HUD's time under llvmpipe). Plain alpha keeps each panel in the same sorted bin, so the
    layering and the look are unchanged. The override also covers children added later."""
    from panda3d.core import TransparencyAttrib

    root.setTransparency(TransparencyAttrib.M_alpha, 1)


def merge_static_text(parent: Any, texts: Iterable[Text], name: str = "static text") -> Any:
    """Bake ``texts`` (labels that never change while shown) into one node under ``parent`` and
    destroy the labels: one draw for all of them instead of one each (a software rasteriser pays a
    fixed cost per draw). Returns the Panda3D node; remove it with ``removeNode``."""
    holder = parent.attachNewNode(name)
    holder.setColorScaleOff()
    for text in texts:
        for section in text.text_nodes:
            baked = holder.attachNewNode(section.node().generate())
            baked.setMat(section.getMat(holder))
            baked.setState(section.getState(holder))
        destroy(text)
    holder.flattenStrong()
    return holder


def ui_root(name: str) -> Entity:
    return Entity(parent=camera.ui, name=name)


_TAG = re.compile(r"<[^>]*>")


def strip_tags(text: str) -> str:
    return _TAG.sub("", text)


class ReplyField(InputField):  # type: ignore[misc]
    """A one-line InputField that scrolls sideways, so a long reply never spills out of its box."""

    def __init__(self, visible_chars: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text_field.scale *= 0.9
        self.text_field.y -= 0.04
        if visible_chars is None:
            # The text starts 5% in from the left edge; keep the same margin on the right.
            box = self.world_scale_x / camera.ui.world_scale_x
            char = self.text_field.cursor_parent.world_scale_x / camera.ui.world_scale_x
            visible_chars = max(8, int(box * 0.9 / char) - 1)
        self.visible_chars = visible_chars
        self._offset = 0
        self._last_text = ""
        self.text_field.render = self._render_scrolled
        self._render_scrolled()

    def _render_scrolled(self) -> None:
        field = self.text_field
        full = field.text.replace("\n", " ")
        cursor = int(field.cursor.x)
        if cursor < self._offset:
            self._offset = cursor
        elif cursor > self._offset + self.visible_chars:
            self._offset = cursor - self.visible_chars
        self._offset = max(0, min(self._offset, max(0, len(full) - self.visible_chars + 1)))
        shown = full[self._offset : self._offset + self.visible_chars]
        if getattr(field.text_entity, "raw_text", None) != shown:
            field.text_entity.text = shown
        field.cursor_parent.x = -self._offset * field.character_width
        if full != self._last_text:
            self._last_text = full
            if self.on_value_changed:
                self.on_value_changed()

    def update(self) -> None:
        # Arrow keys move the cursor without re-rendering: keep it in view.
        if self.active:
            self._render_scrolled()
