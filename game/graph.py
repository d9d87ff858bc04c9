"""Draw a scenario's dialogue graph as DOT, SVG or PNG, with our own layered layout.

No Graphviz: trainers on Windows will not have ``dot``. The layout is the classic Sugiyama
recipe kept small: edges that close a cycle are reversed (found by depth-first search from the
start), every node goes on the layer of its longest path from a source, and nodes within a layer
are ordered by the barycentre of their neighbours over a few sweeps to reduce crossings. Edges
that point back up are drawn as curves on the right so loops stay readable.

Boxes show the node id, the first customer line (truncated) and the emotion; edges carry the
branch id and its condition; ``otherwise`` edges are dashed; end nodes are coloured by outcome
(resolved green, walked_out red, any other amber); nodes unreachable from start are grey.
SVG is written by hand (all text escaped), PNG is drawn with Pillow (imported only when needed).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from game.model import SUCCESS_OUTCOME, WALKED_OUT, Goto, Node, Scenario
from game.validate import reachable_from

BOX_WIDTH = 230
BOX_HEIGHT = 66
H_GAP = 50
V_GAP = 80
MARGIN = 40
SAY_CHARS = 34
DUMMY_WIDTH = 26
LABEL_CHAR_WIDTH = 5.6
LABEL_CHARS = 44
SWEEPS = 4
FORMATS = (".dot", ".svg", ".png")

FILL = {
    "node": "#ffffff",
    "resolved": "#d7f2dc",
    "walked_out": "#f8d4d4",
    "other_end": "#ffe9b8",
    "unreachable": "#eeeeee",
}
STROKE = {
    "node": "#3d4a5c",
    "resolved": "#2e7d32",
    "walked_out": "#c62828",
    "other_end": "#b7791f",
    "unreachable": "#a0a0a0",
}


@dataclass(frozen=True)
class Box:
    id: str
    say: str
    emotion: str
    style: str
    """node, resolved, walked_out, other_end or unreachable (a key of FILL and STROKE)."""
    outcome: str | None
    start: bool
    layer: int
    x: float
    y: float

    @property
    def centre_x(self) -> float:
        return self.x + BOX_WIDTH / 2


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    dashed: bool


def truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _goto_label(prefix: str, goto: Goto) -> str:
    parts = [prefix] if prefix else []
    if goto.when is not None:
        parts.append(f"[{goto.when.source}]")
    return " ".join(parts)


def edges_of(scenario: Scenario) -> tuple[Edge, ...]:
    """Every transition, one edge per source/target/style with the labels joined."""
    raw: list[Edge] = []
    for node in scenario.nodes.values():
        for goto in node.next:
            raw.append(Edge(node.id, goto.target, _goto_label("", goto) or "next", False))
        for reply in node.replies:
            for goto in reply.effects.next or ():
                label = reply.id + (f" [{reply.when.source}]" if reply.when is not None else "")
                raw.append(Edge(node.id, goto.target, _goto_label(label, goto), False))
        if node.otherwise is not None:
            for goto in node.otherwise.effects.next or ():
                raw.append(Edge(node.id, goto.target, _goto_label("otherwise", goto), True))
    merged: dict[tuple[str, str, bool], list[str]] = {}
    for edge in raw:
        if edge.target in scenario.nodes:
            merged.setdefault((edge.source, edge.target, edge.dashed), []).append(edge.label)
    return tuple(Edge(s, t, ", ".join(labels), d) for (s, t, d), labels in merged.items())


def _style(node: Node, reachable: set[str]) -> str:
    if node.id not in reachable:
        return "unreachable"
    if node.end is None:
        return "node"
    if node.end == SUCCESS_OUTCOME:
        return "resolved"
    return "walked_out" if node.end == WALKED_OUT else "other_end"


@dataclass(frozen=True)
class Route:
    points: tuple[tuple[float, float], ...]
    """A polyline from the source to the target; the arrow points at the last point."""
    label_at: tuple[float, float]
    label_left: bool = False
    """True: the label starts at ``label_at``; False: it is centred on it."""


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    edges: tuple[Edge, ...]
    routes: tuple[Route, ...]
    """One per edge, in the same order."""
    width: int
    height: int


def layout(scenario: Scenario) -> Layout:
    edges = edges_of(scenario)
    ids = list(scenario.nodes)
    outgoing: dict[str, list[str]] = {node_id: [] for node_id in ids}
    for edge in edges:
        if edge.source != edge.target and edge.target not in outgoing[edge.source]:
            outgoing[edge.source].append(edge.target)
    backward, discovery = _back_edges(scenario.start, ids, outgoing)
    # Layered edges always point down: an edge that closes a cycle is laid out reversed.
    layered: list[tuple[str, str]] = []
    for edge in edges:
        if edge.source != edge.target:
            pair = (edge.source, edge.target)
            layered.append((edge.target, edge.source) if pair in backward else pair)
    layers = _longest_path_layers(discovery, layered)
    chains, rows = _chains_and_rows(layered, layers, discovery)
    rows = _order_rows(rows, chains)
    reachable = reachable_from(scenario, scenario.start)
    centres, row_widths = _place(rows)
    widest = max(row_widths, default=BOX_WIDTH)
    width = int(2 * MARGIN + widest + 70)  # room for self-loops on the right
    height = int(2 * MARGIN + len(rows) * BOX_HEIGHT + (len(rows) - 1) * V_GAP)
    boxes: dict[str, Box] = {}
    for layer, row in enumerate(rows):
        for item in row:
            if item.startswith(_DUMMY):
                continue
            node = scenario.nodes[item]
            boxes[item] = Box(
                id=item,
                say=truncate(node.say[0].text, SAY_CHARS) if node.say else "",
                emotion=node.emotion,
                style=_style(node, reachable),
                outcome=node.end,
                start=item == scenario.start,
                layer=layer,
                x=centres[item] - BOX_WIDTH / 2,
                y=MARGIN + layer * (BOX_HEIGHT + V_GAP),
            )
    routes = _route_all(edges, backward, chains, centres, layers, boxes)
    return Layout(boxes, edges, routes, width, height)


_DUMMY = "\x00"


def _back_edges(
    start: str, ids: Sequence[str], outgoing: dict[str, list[str]]
) -> tuple[set[tuple[str, str]], list[str]]:
    """Edges that close a cycle (depth-first search from the start first) and the discovery order."""
    backward: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    discovery: list[str] = []
    roots = ([start] if start in outgoing else []) + list(ids)
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        discovery.append(root)
        stack = [(root, iter(outgoing[root]))]
        while stack:  # iterative: a long chain of nodes must not hit the recursion limit
            node_id, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node_id] = 2
                stack.pop()
            elif child not in state:
                state[child] = 1
                discovery.append(child)
                stack.append((child, iter(outgoing[child])))
            elif state[child] == 1:
                backward.add((node_id, child))
    return backward, discovery


def _longest_path_layers(discovery: Sequence[str], layered: Sequence[tuple[str, str]]) -> dict[str, int]:
    indegree = {node_id: 0 for node_id in discovery}
    down: dict[str, list[str]] = {node_id: [] for node_id in discovery}
    for source, target in set(layered):
        down[source].append(target)
        indegree[target] += 1
    layer = {node_id: 0 for node_id in discovery}
    ready = [node_id for node_id in discovery if indegree[node_id] == 0]
    while ready:
        node_id = ready.pop(0)
        for target in down[node_id]:
            layer[target] = max(layer[target], layer[node_id] + 1)
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return layer


def _chains_and_rows(
    layered: Sequence[tuple[str, str]], layers: dict[str, int], discovery: Sequence[str]
) -> tuple[list[list[str]], list[list[str]]]:
    """Each layered edge as the chain of items it passes (long edges get one dummy per layer)."""
    rows: list[list[str]] = [[] for _ in range(max(layers.values(), default=0) + 1)]
    for node_id in discovery:
        rows[layers[node_id]].append(node_id)
    chains: list[list[str]] = []
    for index, (upper, lower) in enumerate(layered):
        chain = [upper]
        for layer in range(layers[upper] + 1, layers[lower]):
            dummy = f"{_DUMMY}{index}:{layer}"
            rows[layer].append(dummy)
            chain.append(dummy)
        chain.append(lower)
        chains.append(chain)
    return chains, rows


def _order_rows(rows: list[list[str]], chains: Sequence[Sequence[str]]) -> list[list[str]]:
    """Barycentre ordering: a few sweeps down and up, ties kept in the current order."""
    above: dict[str, list[str]] = {}
    below: dict[str, list[str]] = {}
    for chain in chains:
        for upper, lower in pairwise(chain):
            below.setdefault(upper, []).append(lower)
            above.setdefault(lower, []).append(upper)

    def sweep(row: list[str], neighbours: dict[str, list[str]], position: dict[str, int]) -> list[str]:
        current = {item: index for index, item in enumerate(row)}

        def barycentre(item: str) -> float:
            placed = [position[n] for n in neighbours.get(item, []) if n in position]
            return sum(placed) / len(placed) if placed else float(current[item])

        return sorted(row, key=lambda item: (barycentre(item), current[item]))

    for _ in range(SWEEPS):
        for index in range(1, len(rows)):
            rows[index] = sweep(rows[index], above, {n: i for i, n in enumerate(rows[index - 1])})
        for index in range(len(rows) - 2, -1, -1):
            rows[index] = sweep(rows[index], below, {n: i for i, n in enumerate(rows[index + 1])})
    return rows


def _item_width(item: str) -> float:
    return DUMMY_WIDTH if item.startswith(_DUMMY) else BOX_WIDTH


def _place(rows: Sequence[Sequence[str]]) -> tuple[dict[str, float], list[float]]:
    """Horizontal centre of every item, each row centred on the widest."""
    row_widths = [sum(_item_width(i) for i in row) + H_GAP * max(len(row) - 1, 0) for row in rows]
    widest = max(row_widths, default=0.0)
    centres: dict[str, float] = {}
    for row, row_width in zip(rows, row_widths, strict=True):
        x = MARGIN + (widest - row_width) / 2
        for item in row:
            centres[item] = x + _item_width(item) / 2
            x += _item_width(item) + H_GAP
    return centres, row_widths


def _route_all(
    edges: Sequence[Edge],
    backward: set[tuple[str, str]],
    chains: Sequence[Sequence[str]],
    centres: dict[str, float],
    layers: dict[str, int],
    boxes: dict[str, Box],
) -> tuple[Route, ...]:
    def y_of(layer: int) -> float:
        return MARGIN + layer * (BOX_HEIGHT + V_GAP) + BOX_HEIGHT / 2

    # Spread the ends on each box's bottom and top side, ordered by where the edge heads.
    bottoms: dict[str, list[tuple[float, int]]] = {}
    tops: dict[str, list[tuple[float, int]]] = {}
    for index, chain in enumerate(chains):
        bottoms.setdefault(chain[0], []).append((centres[chain[1]], index))
        tops.setdefault(chain[-1], []).append((centres[chain[-2]], index))
    port: dict[tuple[int, str], float] = {}
    for side, table in (("bottom", bottoms), ("top", tops)):
        for box_id, ends in table.items():
            ends.sort()
            for rank, (_, index) in enumerate(ends):
                port[(index, side)] = (
                    centres[box_id] + (rank + 1) / (len(ends) + 1) * BOX_WIDTH * 0.7 - BOX_WIDTH * 0.35
                )

    routes: list[Route] = []
    placed: list[tuple[float, float, float, float]] = [
        (b.x, b.y, b.x + BOX_WIDTH, b.y + BOX_HEIGHT) for b in boxes.values()
    ]
    chain_index = 0
    for edge in edges:
        if edge.source == edge.target:
            box = boxes[edge.source]
            x, y = box.x + BOX_WIDTH, box.y + BOX_HEIGHT / 2
            points = _bezier((x, y - 14), (x + 50, y - 40), (x + 50, y + 40), (x, y + 14))
            routes.append(
                Route(points, _label_spot(edge.label, [(x + 58, y)], placed, left_aligned=True), True)
            )
            continue
        chain = chains[chain_index]
        index = chain_index
        chain_index += 1
        down: list[tuple[float, float]] = [(port[(index, "bottom")], y_of(layers[chain[0]]) + BOX_HEIGHT / 2)]
        for item in chain[1:-1]:
            layer = int(item.rsplit(":", 1)[1])
            down += [
                (centres[item], y_of(layer) - BOX_HEIGHT / 2),
                (centres[item], y_of(layer) + BOX_HEIGHT / 2),
            ]
        down.append((port[(index, "top")], y_of(layers[chain[-1]]) - BOX_HEIGHT / 2))
        points = tuple(reversed(down)) if (edge.source, edge.target) in backward else tuple(down)
        routes.append(Route(points, _label_spot(edge.label, _along(points), placed)))
    return tuple(routes)


def _along(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Candidate label spots along a polyline, the middle first."""
    lengths = [math.dist(a, b) for a, b in pairwise(points)]
    total = sum(lengths) or 1.0
    spots = []
    for fraction in (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78):
        goal = fraction * total
        for (a, b), length in zip(pairwise(points), lengths, strict=True):
            if goal <= length and length > 0:
                spots.append((a[0] + (b[0] - a[0]) * goal / length, a[1] + (b[1] - a[1]) * goal / length))
                break
            goal -= length
    return spots or [points[0]]


def _label_spot(
    label: str,
    candidates: Sequence[tuple[float, float]],
    placed: list[tuple[float, float, float, float]],
    left_aligned: bool = False,
) -> tuple[float, float]:
    """The first candidate where the label overlaps no box and no other label (else the first)."""
    width = len(truncate(label, LABEL_CHARS)) * LABEL_CHAR_WIDTH + 6
    height = 13.0
    chosen = candidates[0]
    for x, y in candidates:
        left = x if left_aligned else x - width / 2
        rect = (left, y - height / 2, left + width, y + height / 2)
        if not any(_overlap(rect, other) for other in placed):
            chosen = (x, y)
            break
    left = chosen[0] if left_aligned else chosen[0] - width / 2
    placed.append((left, chosen[1] - height / 2, left + width, chosen[1] + height / 2))
    return chosen


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _bezier(
    p0: tuple[float, float],
    p1: tuple[float, float],
    p2: tuple[float, float],
    p3: tuple[float, float],
    steps: int = 24,
) -> tuple[tuple[float, float], ...]:
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        points.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return tuple(points)


def _arrowhead(points: Sequence[tuple[float, float]], size: float = 9) -> list[tuple[float, float]]:
    (x0, y0), (x1, y1) = points[-2], points[-1]
    angle = math.atan2(y1 - y0, x1 - x0)
    return [
        (x1, y1),
        (x1 - size * math.cos(angle - 0.4), y1 - size * math.sin(angle - 0.4)),
        (x1 - size * math.cos(angle + 0.4), y1 - size * math.sin(angle + 0.4)),
    ]


def _box_lines(box: Box) -> list[str]:
    head = f"{box.id}" + ("  (start)" if box.start else "")
    tail = f"{box.emotion}" + (f" · end: {box.outcome}" if box.outcome else "")
    return [head, box.say, tail]


# --- writers -----------------------------------------------------------------------------------


def to_dot(scenario: Scenario) -> str:
    graph = layout(scenario)

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [
        f"digraph {quoted(scenario.id)} {{",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for box in graph.boxes.values():
        label = "\n".join(line for line in _box_lines(box) if line)
        width = ", penwidth=2.5" if box.start else ""
        lines.append(
            f"  {quoted(box.id)} [label={quoted(label)}, fillcolor={quoted(FILL[box.style])},"
            f" color={quoted(STROKE[box.style])}{width}];"
        )
    for edge in graph.edges:
        style = ", style=dashed" if edge.dashed else ""
        lines.append(f"  {quoted(edge.source)} -> {quoted(edge.target)} [label={quoted(edge.label)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(scenario: Scenario) -> str:
    graph = layout(scenario)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{graph.width}" height="{graph.height}"'
        f' viewBox="0 0 {graph.width} {graph.height}" font-family="Helvetica, Arial, sans-serif">',
        f"<title>{escape(scenario.title)} ({escape(scenario.id)})</title>",
        f'<rect width="{graph.width}" height="{graph.height}" fill="#fafbfc"/>',
    ]
    for edge, path in zip(graph.edges, graph.routes, strict=True):
        d = "M " + " L ".join(f"{x:.1f} {y:.1f}" for x, y in path.points)
        dash = ' stroke-dasharray="6 4"' if edge.dashed else ""
        head = " ".join(f"{x:.1f},{y:.1f}" for x, y in _arrowhead(path.points))
        out.append(
            f'<g class="edge" data-source={quoteattr(edge.source)} data-target={quoteattr(edge.target)}>'
            f"<title>{escape(edge.source)} → {escape(edge.target)}: {escape(edge.label)}</title>"
            f'<path d="{d}" fill="none" stroke="#56606e" stroke-width="1.4"{dash}/>'
            f'<polygon points="{head}" fill="#56606e"/></g>'
        )
    for box in graph.boxes.values():
        head, say, tail = _box_lines(box)
        width = 2.6 if box.start else 1.4
        colour = "#777777" if box.style == "unreachable" else "#1f2328"
        out.append(
            f'<g class="node" id={quoteattr("node-" + box.id)}>'
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="8"'
            f' fill="{FILL[box.style]}" stroke="{STROKE[box.style]}" stroke-width="{width}"/>'
            f'<text x="{box.x + 10:.1f}" y="{box.y + 19:.1f}" font-size="13" font-weight="bold"'
            f' fill="{colour}">{escape(head)}</text>'
            f'<text x="{box.x + 10:.1f}" y="{box.y + 38:.1f}" font-size="11" fill="{colour}">'
            f"{escape(say)}</text>"
            f'<text x="{box.x + 10:.1f}" y="{box.y + 56:.1f}" font-size="10" font-style="italic"'
            f' fill="#57606a">{escape(tail)}</text></g>'
        )
    for edge, path in zip(graph.edges, graph.routes, strict=True):
        text = truncate(edge.label, LABEL_CHARS)
        lx, ly = path.label_at
        width = len(text) * LABEL_CHAR_WIDTH + 6
        left = lx if path.label_left else lx - width / 2
        anchor = "start" if path.label_left else "middle"
        out.append(
            f'<g class="label"><rect x="{left:.1f}" y="{ly - 7:.1f}" width="{width:.1f}" height="13" rx="3"'
            f' fill="#fafbfc" fill-opacity="0.85"/>'
            f'<text x="{lx + (3 if path.label_left else 0):.1f}" y="{ly + 3.5:.1f}" font-size="10"'
            f' fill="#30363d" text-anchor="{anchor}">{escape(text)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_png(scenario: Scenario, path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    graph = layout(scenario)
    image = Image.new("RGB", (graph.width, graph.height), "#fafbfc")
    draw = ImageDraw.Draw(image)
    try:
        bold = ImageFont.load_default(size=13)
        small = ImageFont.load_default(size=11)
        label_font = ImageFont.load_default(size=10)
    except TypeError:  # Pillow without FreeType sizes: the bitmap font still reads fine
        bold = small = label_font = ImageFont.load_default()
    for edge, path_ in zip(graph.edges, graph.routes, strict=True):
        points = list(path_.points)
        if edge.dashed:
            for a, b in _dashes(points):
                draw.line([a, b], fill="#56606e", width=2)
        else:
            draw.line(points, fill="#56606e", width=2)
        draw.polygon(_arrowhead(points), fill="#56606e")
    for box in graph.boxes.values():
        head, say, tail = _box_lines(box)
        draw.rounded_rectangle(
            [box.x, box.y, box.x + BOX_WIDTH, box.y + BOX_HEIGHT],
            radius=8,
            fill=FILL[box.style],
            outline=STROKE[box.style],
            width=3 if box.start else 2,
        )
        colour = "#777777" if box.style == "unreachable" else "#1f2328"
        draw.text((box.x + 10, box.y + 7), head, fill=colour, font=bold)
        draw.text((box.x + 10, box.y + 27), say, fill=colour, font=small)
        draw.text((box.x + 10, box.y + 45), tail, fill="#57606a", font=small)
    for edge, path_ in zip(graph.edges, graph.routes, strict=True):
        anchor = "lm" if path_.label_left else "mm"
        text = truncate(edge.label, LABEL_CHARS)
        box_ = draw.textbbox(path_.label_at, text, font=label_font, anchor=anchor)
        draw.rounded_rectangle([box_[0] - 3, box_[1] - 2, box_[2] + 3, box_[3] + 2], radius=3, fill="#f2f4f7")
        draw.text(path_.label_at, text, fill="#30363d", font=label_font, anchor=anchor)
    image.save(path, format="PNG")


def _dashes(
    points: Sequence[tuple[float, float]], on: float = 7, off: float = 5
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    drawing, left = True, on
    for (x0, y0), (x1, y1) in pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while done < length:
            step = min(left, length - done)
            a = (x0 + (x1 - x0) * done / length, y0 + (y1 - y0) * done / length)
            b = (x0 + (x1 - x0) * (done + step) / length, y0 + (y1 - y0) * (done + step) / length)
            if drawing:
                segments.append((a, b))
            done += step
            left -= step
            if left <= 0:
                drawing = not drawing
                left = on if drawing else off
    return segments


def write_graph(scenario: Scenario, out: str | Path) -> Path:
    """Write the graph in the format named by ``out``'s suffix (.dot, .svg or .png)."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".dot":
        path.write_text(to_dot(scenario), encoding="utf-8")
    elif suffix == ".svg":
        path.write_text(to_svg(scenario), encoding="utf-8")
    elif suffix == ".png":
        write_png(scenario, path)
    else:
        raise ValueError(f"cannot write {path.name}: the output must end in {', '.join(FORMATS)}")
    return path
