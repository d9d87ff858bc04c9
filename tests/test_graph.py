"""graph SCENARIO -o OUT: DOT, SVG and PNG drawings with our own layout (no Graphviz)."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from game.cli import main
from game.graph import BOX_HEIGHT, BOX_WIDTH, FILL, edges_of, layout, to_svg
from game.loader import build_draft, load_all, load_scenario
from game.model import Customer, Effects, Example, Goto, Line, Mood, Node, Reply, Scenario

CORPUS = Path(__file__).parent / "corpus"
EVERY = CORPUS / "valid" / "every-feature.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def scenario_of(path: Path) -> Scenario:
    result = load_scenario(path)
    assert result.scenario is not None
    return result.scenario


def draw(tmp_path: Path, source: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / f"graph{suffix}"
    assert main(["graph", str(source), "-o", str(out)]) == 0
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    return out


def test_svg_is_well_formed_and_shows_every_node_and_edge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ET.parse(draw(tmp_path, EVERY, ".svg", capsys)).getroot()
    scenario = scenario_of(EVERY)
    node_groups = {g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == "node"}
    assert node_groups == {f"node-{node_id}" for node_id in scenario.nodes}
    drawn = {
        (g.get("data-source"), g.get("data-target")) for g in root.iter(f"{SVG}g") if g.get("class") == "edge"
    }
    assert drawn == {(e.source, e.target) for e in edges_of(scenario)}
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "acknowledge" in texts and "end: walked_out" in texts
    tooltips = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert "opening → still_upset: upgrade [trust >= 30 or turn > 2] [anger >= 60]" in tooltips
    dashed = [
        g
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "edge" and "stroke-dasharray" in ET.tostring(g, "unicode")
    ]
    assert {(g.get("data-source"), g.get("data-target")) for g in dashed} == {
        ("opening", "walkout"),
        ("opening", "opening"),
    }


def test_svg_escapes_what_trainers_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = EVERY.read_text().replace("say: I'm hanging up.", 'say: "<script>alert(1)</script> & \\"bye\\""')
    source = tmp_path / "escape.yaml"
    source.write_text(text)
    root = ET.parse(draw(tmp_path, source, ".svg", capsys)).getroot()
    assert any("<script>" in (t.text or "") for t in root.iter(f"{SVG}text"))
    assert not list(root.iter(f"{SVG}script"))


def test_dot_lists_every_edge_with_its_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dot = draw(tmp_path, EVERY, ".dot", capsys).read_text()
    assert dot.startswith('digraph "corpus-every-feature" {') and dot.rstrip().endswith("}")
    for edge in edges_of(scenario_of(EVERY)):
        label = edge.label.replace('"', '\\"')
        assert f'"{edge.source}" -> "{edge.target}" [label="{label}"' in dot
    assert 'label="otherwise", style=dashed' in dot


def test_png_is_a_real_picture_with_coloured_endings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Image.open(draw(tmp_path, EVERY, ".png", capsys)) as image:
        assert image.format == "PNG"
        width, height = image.size
        assert 600 <= width <= 3000 and 400 <= height <= 3000
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}
    assert len(colours) > 20  # text, lines and fills, not a blank canvas
    resolved_green = tuple(int(FILL["resolved"][i : i + 2], 16) for i in (1, 3, 5))
    assert resolved_green in colours


def test_unreachable_nodes_are_grey_and_the_graph_still_draws(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "lost.svg"
    assert main(["graph", str(CORPUS / "invalid" / "DLG004-unreachable.yaml"), "-o", str(out)]) == 0
    _, err = capsys.readouterr()
    assert "DLG004" in err  # mentioned, but drawing is how an author finds the problem
    root = ET.parse(out).getroot()
    lost = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "node-lost")
    assert lost.find(f"{SVG}rect").get("fill") == FILL["unreachable"]  # type: ignore[union-attr]


def test_schema_errors_stop_the_drawing_with_the_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "never.svg"
    assert main(["graph", str(CORPUS / "invalid" / "DLG003-missing-node.yaml"), "-o", str(out)]) == 1
    _, err = capsys.readouterr()
    assert "DLG003" in err and "Traceback" not in err and not out.exists()
    assert main(["graph", str(EVERY), "-o", str(tmp_path / "graph.gif")]) == 2
    assert main(["graph", "no-such-scenario", "-o", str(out)]) == 1
    _, err = capsys.readouterr()
    assert "Available:" in err


def all_scenarios() -> list[Scenario]:
    found = [r.scenario for r in load_all() if r.scenario is not None]
    for path in sorted((CORPUS / "valid").glob("*.yaml")) + sorted(
        (CORPUS / "invalid").glob("DLG00[457]*.yaml")
    ):
        draft, _ = build_draft(path.read_bytes(), str(path))
        assert draft is not None
        found.append(draft)
    return found


@pytest.mark.parametrize("scenario", all_scenarios(), ids=lambda s: Path(s.path).name)
def test_layout_keeps_boxes_apart_inside_the_canvas_and_edges_on_their_boxes(scenario: Scenario) -> None:
    graph = layout(scenario)
    boxes = list(graph.boxes.values())
    assert {b.id for b in boxes} == set(scenario.nodes)
    assert graph.boxes[scenario.start].layer == 0
    for a, b in itertools.combinations(boxes, 2):
        apart = (
            a.x + BOX_WIDTH <= b.x
            or b.x + BOX_WIDTH <= a.x
            or a.y + BOX_HEIGHT <= b.y
            or b.y + BOX_HEIGHT <= a.y
        )
        assert apart, (a.id, b.id)
    for box in boxes:
        assert box.x >= 0 and box.x + BOX_WIDTH <= graph.width and box.y + BOX_HEIGHT <= graph.height
    for edge, route in zip(graph.edges, graph.routes, strict=True):
        source, target = graph.boxes[edge.source], graph.boxes[edge.target]
        (x0, y0), (x1, y1) = route.points[0], route.points[-1]
        assert source.x <= x0 <= source.x + BOX_WIDTH and source.y <= y0 <= source.y + BOX_HEIGHT
        assert target.x <= x1 <= target.x + BOX_WIDTH and target.y <= y1 <= target.y + BOX_HEIGHT


@st.composite
def random_scenarios(draw: st.DrawFn) -> Scenario:
    count = draw(st.integers(1, 9))
    ids = [f"n{i}" for i in range(count)]
    nodes = {}
    for node_id in ids:
        if draw(st.integers(0, 3)) == 0:
            nodes[node_id] = Node(
                id=node_id, say=(Line(f"{node_id}.1", 'Bye <now> & "then"'),), end="resolved"
            )
            continue
        targets = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4))
        replies = tuple(
            Reply(id=f"r{i}", examples=(Example("x"),), effects=Effects(next=(Goto(target),)))
            for i, target in enumerate(targets)
        )
        nodes[node_id] = Node(id=node_id, replies=replies)
    return Scenario(
        id="random",
        title="Random",
        level=1,
        setting="retail_counter",
        channel="in_person",
        brief="",
        customer=Customer(name="R", mood=Mood(50, 50)),
        start=draw(st.sampled_from(ids)),
        nodes=nodes,
    )


@settings(max_examples=60, deadline=None)
@given(random_scenarios())
def test_any_graph_lays_out_without_overlaps_and_draws_valid_svg(scenario: Scenario) -> None:
    graph = layout(scenario)
    assert set(graph.boxes) == set(scenario.nodes) and len(graph.routes) == len(graph.edges)
    for a, b in itertools.combinations(graph.boxes.values(), 2):
        assert a.x + BOX_WIDTH <= b.x or b.x + BOX_WIDTH <= a.x or a.y != b.y
    for edge, route in zip(graph.edges, graph.routes, strict=True):
        source, target = graph.boxes[edge.source], graph.boxes[edge.target]
        assert source.x <= route.points[0][0] <= source.x + BOX_WIDTH
        assert target.x <= route.points[-1][0] <= target.x + BOX_WIDTH
    root = ET.fromstring(to_svg(scenario))
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]) == len(graph.edges)
