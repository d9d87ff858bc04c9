"""Small inline SVG charts for the reports: no library, no script, readable offline and in print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "font-family=\"'Segoe UI', 'DejaVu Sans', Arial, sans-serif\""
GRID = "#e3e7ee"
INK = "#2b3442"
MUTED = "#6b7686"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    values: Sequence[float | None]


def line_chart(
    series: Sequence[Series],
    labels: Sequence[str],
    *,
    title: str,
    width: int = 640,
    height: int = 260,
    y_max: float = 100.0,
    chart_id: str = "",
) -> str:
    """Values over sessions (x: session order, y: 0..y_max) with a legend; None leaves a gap."""
    left, right, top, bottom = 40, 16, 30, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max((len(s.values) for s in series), default=0)
    parts = [_open(width, height, title, chart_id, "line")]
    for tick in range(0, 101, 25):
        y = top + plot_h - plot_h * tick / 100
        parts.append(
            f'<line x1="{left}" y1="{_num(y)}" x2="{left + plot_w}" y2="{_num(y)}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end" font-size="11" fill="{MUTED}" {FONT}>'
            f"{_num(y_max * tick / 100)}</text>"
        )

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if count <= 1 else plot_w * i / (count - 1))

    step = max(1, count // 10)
    for i, label in enumerate(labels[:count]):
        if i % step and i != count - 1:
            continue
        parts.append(
            f'<text x="{_num(x_at(i))}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" '
            f'fill="{MUTED}" {FONT}>{escape(label)}</text>'
        )
    for s in series:
        points = [
            (x_at(i), top + plot_h - plot_h * min(v, y_max) / y_max)
            for i, v in enumerate(s.values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
            parts.append(
                f'<polyline class="series" data-series="{escape(s.name)}" points="{path}" fill="none" '
                f'stroke="{s.color}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        for x, y in points:
            parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="{s.color}"/>')
    legend_x = left
    for s in series:
        parts.append(
            f'<rect x="{legend_x}" y="{height - 16}" width="12" height="12" rx="2" fill="{s.color}"/>'
        )
        parts.append(
            f'<text x="{legend_x + 17}" y="{height - 6}" font-size="12" fill="{INK}" '
            f"{FONT}>{escape(s.name)}</text>"
        )
        legend_x += 30 + 8 * len(s.name)
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    """0..1 for rates (shown as a percentage), else a count."""
    color: str
    note: str = ""


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    width: int = 640,
    percent: bool = True,
    chart_id: str = "",
    label_width: int = 170,
) -> str:
    """Horizontal bars, one per row, with the value written at the end."""
    row, top = 26, 8
    height = top * 2 + row * max(1, len(bars))
    plot_w = width - label_width - 70
    top_value = 1.0 if percent else max((b.value for b in bars), default=1.0) or 1.0
    parts = [_open(width, height, title, chart_id, "bar")]
    for i, bar in enumerate(bars):
        y = top + i * row
        length = max(0.0, plot_w * bar.value / top_value)
        shown = f"{bar.value:.0%}" if percent else _num(bar.value)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="12" fill="{INK}" {FONT}>'
            f"{escape(bar.label)}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 5}" width="{_num(plot_w)}" height="16" rx="3" fill="#f1f3f7"/>'
        )
        parts.append(
            f'<rect class="bar" x="{label_width}" y="{y + 5}" width="{_num(length)}" height="16" rx="3" '
            f'fill="{bar.color}"><title>{escape(bar.label)}: {shown} {escape(bar.note)}</title></rect>'
        )
        parts.append(
            f'<text x="{_num(label_width + plot_w + 8)}" y="{y + 17}" font-size="12" fill="{INK}" {FONT}>'
            f"{shown}</text>"
        )
    if not bars:
        parts.append(
            f'<text x="{label_width}" y="{top + 17}" font-size="12" fill="{MUTED}" {FONT}>No data yet</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Segment:
    name: str
    value: int
    color: str


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[Segment]]],
    *,
    title: str,
    width: int = 640,
    chart_id: str = "",
    label_width: int = 190,
) -> str:
    """One 100%-wide bar per row split into segments (e.g. outcomes per scenario), with a legend."""
    row, top = 26, 8
    legend_h = 24
    height = top * 2 + row * max(1, len(rows)) + legend_h
    plot_w = width - label_width - 50
    parts = [_open(width, height, title, chart_id, "stacked")]
    legend: dict[str, str] = {}
    for i, (label, segments) in enumerate(rows):
        y = top + i * row
        total = sum(s.value for s in segments) or 1
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="12" fill="{INK}" {FONT}>'
            f"{escape(label)}</text>"
        )
        x = float(label_width)
        for segment in segments:
            if segment.value <= 0:
                continue
            w = plot_w * segment.value / total
            legend.setdefault(segment.name, segment.color)
            parts.append(
                f'<rect class="bar" x="{_num(x)}" y="{y + 5}" width="{_num(w)}" height="16" '
                f'fill="{segment.color}">'
                f"<title>{escape(label)}: {escape(segment.name)} {segment.value}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{label_width + plot_w + 8}" y="{y + 17}" font-size="12" fill="{MUTED}" '
            f"{FONT}>{total}</text>"
        )
    lx = label_width
    for name, color in legend.items():
        parts.append(f'<rect x="{lx}" y="{height - 18}" width="12" height="12" rx="2" fill="{color}"/>')
        parts.append(
            f'<text x="{lx + 17}" y="{height - 8}" font-size="12" fill="{INK}" {FONT}>{escape(name)}</text>'
        )
        lx += 30 + 7 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def gauge(value: float | None, *, label: str, color: str, size: int = 120, chart_id: str = "") -> str:
    """A ring showing a 0..100 score, the number in the middle, the label underneath."""
    width = size + 60
    r = size / 2 - 10
    c = size / 2
    cx = width / 2
    circumference = 2 * 3.14159265 * r
    filled = circumference * (value or 0) / 100
    text = "-" if value is None else f"{value:.0f}"
    return (
        f"{_open(width, size + 22, f'{label}: {text}', chart_id, 'gauge')}"
        f'<circle cx="{_num(cx)}" cy="{c}" r="{_num(r)}" fill="none" stroke="#eef1f5" stroke-width="12"/>'
        f'<circle class="bar" cx="{_num(cx)}" cy="{c}" r="{_num(r)}" fill="none" stroke="{color}" '
        f'stroke-width="12" stroke-dasharray="{_num(filled)} {_num(circumference)}" stroke-linecap="round" '
        f'transform="rotate(-90 {_num(cx)} {c})"/>'
        f'<text x="{_num(cx)}" y="{c + 9}" text-anchor="middle" font-size="28" font-weight="700" '
        f'fill="{INK}" {FONT}>{text}</text>'
        f'<text x="{_num(cx)}" y="{size + 16}" text-anchor="middle" font-size="13" fill="{MUTED}" {FONT}>'
        f"{escape(label)}</text></svg>"
    )


def _open(width: int, height: int, title: str, chart_id: str, kind: str) -> str:
    ident = f' id="{escape(chart_id)}"' if chart_id else ""
    return (
        f'<svg class="chart chart-{kind}"{ident} xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(title)}</title>"
    )
