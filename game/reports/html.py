"""Progress reports as one self-contained HTML page: inline CSS and SVG charts, no script, no network.

``trainee_report``: one trainee's skills over time, strengths, what to practise, campaign, sessions.
``trainer_report``: every trainee at a glance, and where conversations go wrong across them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from game.model import COMPOSURE_TAGS, EMPATHY_TAGS
from game.progress.achievements import Achievement
from game.progress.adaptive import Recommendation
from game.progress.skills import Relevance, mean, no_relevance, tag_stats
from game.progress.store import SessionRecord
from game.reports.insight import bad_replies, scenario_outcomes, trouble_nodes
from game.reports.svg import Bar, Segment, Series, bar_chart, gauge, line_chart, stacked_bars

EMPATHY_COLOR = "#2f7dd1"
COMPOSURE_COLOR = "#2aa876"
OVERALL_COLOR = "#9a6fd6"
WARN_COLOR = "#e0803a"
BAD_COLOR = "#d9534f"
OUTCOME_COLORS = {
    "resolved": "#2aa876",
    "escalated": "#e0a43a",
    "walked_out": "#d9534f",
    "unfinished": "#9aa5b4",
}
TAG_LABELS = {
    "acknowledge_emotion": "Acknowledge feeling",
    "apology": "Apology",
    "validation": "Validation",
    "paraphrase": "Paraphrase",
    "ownership": "Ownership",
    "next_step": "Next step",
    "exploring_question": "Exploring question",
    "blame": "Blame",
    "dismissive": "Dismissive",
    "sarcasm": "Sarcasm",
    "defensive": "Defensive",
    "rude": "Rude",
}
TIPS = {
    "acknowledge_emotion": 'Name the feeling you hear before fixing anything: "that sounds stressful".',
    "apology": "Apologise for the problem itself, not for how they feel.",
    "validation": 'Tell them their reaction makes sense: "anyone would be upset by that".',
    "paraphrase": "Repeat the key facts back so they know you listened.",
    "ownership": 'Take it on personally: "I\'ll make sure this gets sorted".',
    "next_step": "Say exactly what happens next, and when.",
    "exploring_question": "Ask one open question to understand more before solving.",
    "blame": "Leave out who is at fault; talk about what you will do.",
    "dismissive": "Never minimise the problem or hide behind policy.",
    "sarcasm": "Say it plainly; sarcasm always lands as contempt.",
    "defensive": "Don't argue or justify; listen first, explain later if at all.",
    "rude": "Stay courteous even when the customer is not.",
}

CSS = """
:root { --ink:#1f2a37; --muted:#6b7686; --line:#e3e7ee; --bg:#f5f7fa; --card:#fff; --accent:#2f7dd1; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font: 15px/1.5 "Segoe UI", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 28px 48px; }
header.top { background: linear-gradient(120deg, #1d4e89, #2f7dd1 60%, #47a3c9); color:#fff;
  padding: 28px 0 24px; }
header.top .inner { max-width:1040px; margin:0 auto; padding:0 28px; }
header.top h1 { margin:0 0 4px; font-size: 28px; font-weight: 700; letter-spacing: .2px; }
header.top p { margin:0; opacity:.9; }
.kicker { text-transform: uppercase; letter-spacing: 1.5px; font-size: 12px; opacity: .85; }
section { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:20px 22px;
  margin: 18px 0; box-shadow: 0 1px 2px rgba(20,30,50,.04); break-inside: avoid; }
h2 { margin: 0 0 12px; font-size: 19px; }
h3 { margin: 14px 0 6px; font-size: 15px; }
.grid { display:grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 14px; }
.kpi { border:1px solid var(--line); border-radius:10px; padding:12px 14px; background:#fbfcfe; }
.kpi .value { font-size: 26px; font-weight: 700; }
.kpi .label { color: var(--muted); font-size: 13px; }
.gauges { display:flex; gap: 18px; flex-wrap: wrap; align-items:center; }
.two { display:grid; grid-template-columns: 1fr 1fr; gap: 18px; }
@media (max-width: 760px) { .two { grid-template-columns: 1fr; } }
svg.chart { max-width: 100%; height: auto; display:block; }
table { width:100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align:left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase;
  letter-spacing: .6px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.matrix th { font-size: 11px; letter-spacing: 0; text-transform: none; }
td.heat { text-align: center; font-weight: 600; border: 2px solid #fff; border-radius: 6px; }
@media print { td.heat { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
.pill { display:inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight:600;
  background:#eef1f5; color: var(--ink); white-space: nowrap; }
.pill.good { background:#e3f5ec; color:#17734f; } .pill.bad { background:#fbe7e6; color:#a8322e; }
.pill.warn { background:#fdf0e1; color:#9a5a12; } .pill.info { background:#e6f0fb; color:#1d5fa8; }
ul.clean { list-style:none; padding:0; margin:0; }
ul.clean li { padding: 8px 0; border-bottom: 1px dashed var(--line); }
ul.clean li:last-child { border-bottom: 0; }
.badges { display:flex; flex-wrap: wrap; gap: 10px; }
.badge { border:1px solid #f1d9a6; background: #fff8e8; border-radius: 10px; padding: 8px 12px;
  min-width: 170px; }
.badge b { display:block; } .badge span { color: var(--muted); font-size: 13px; }
.levels { display:grid; grid-template-columns: repeat(5, 1fr); gap: 10px; }
.level { border:1px solid var(--line); border-radius:10px; padding:10px 12px; font-size: 13px; }
.level.passed { background:#e9f7f0; border-color:#bfe6d2; }
.level.open { background:#eef5fd; border-color:#c4dbf5; }
.level.locked { background:#f6f7f9; color: var(--muted); }
.level b { display:block; font-size: 14px; }
.callout { border-left: 4px solid var(--accent); background:#f1f7fe; padding: 12px 14px; border-radius: 6px; }
.callout.rest { border-left-color: #2aa876; background: #eef9f3; }
.certificate { margin-top: 16px; border: 3px double #b8934a; background: #fffdf6; text-align:center;
  padding: 26px;
  border-radius: 8px; }
.certificate h2 { font-family: Georgia, serif; font-size: 26px; color:#6b4e16; }
.quote { font-style: italic; }
.muted { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; text-align:center; margin-top: 24px; }
@media print {
  body { background:#fff; font-size: 12px; }
  header.top { background: none !important; color: var(--ink); border-bottom: 2px solid var(--ink); }
  section { box-shadow:none; border-color:#ccc; page-break-inside: avoid; }
  main { padding: 0 8px; }
  .noprint { display:none; }
}
"""


@dataclass(frozen=True)
class TraineeReportData:
    trainee: str
    sessions: Sequence[SessionRecord]
    achievements: Sequence[Achievement] = ()
    campaign: Any | None = None
    """A ``CampaignStatus`` (levels, assessment), or None without a campaign."""
    recommendation: Recommendation | None = None
    relevance: Relevance = no_relevance


def _date(epoch: float, *, time: bool = False) -> str:
    moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    return moment.strftime("%d %b %Y %H:%M UTC" if time else "%d %b %Y")


def _page(title: str, kicker: str, subtitle: str, body: str, generated_at: float) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="top"><div class="inner"><div class="kicker">{escape(kicker)}</div>'
        f"<h1>{escape(title)}</h1><p>{escape(subtitle)}</p></div></header>"
        f"<main>{body}<footer>Empathy Trainer &middot; report generated {_date(generated_at, time=True)}"
        " &middot; self-contained: no network needed to read or print it.</footer></main></body></html>\n"
    )


def _outcome_pill(outcome: str) -> str:
    kind = {"resolved": "good", "walked_out": "bad", "escalated": "warn"}.get(outcome, "")
    return f'<span class="pill {kind}">{escape(outcome.replace("_", " "))}</span>'


def _kpis(items: Sequence[tuple[str, str]]) -> str:
    cells = "".join(
        f'<div class="kpi"><div class="value">{v}</div><div class="label">{k}</div></div>' for k, v in items
    )
    return f'<div class="grid">{cells}</div>'


def _session_row(s: SessionRecord) -> str:
    mode = ' <span class="pill info">assessment</span>' if s.mode == "assessment" else ""
    result = '<span class="pill good">passed</span>' if s.passed else '<span class="pill">not yet</span>'
    return (
        f'<tr><td>{_date(s.recorded_at)}</td><td>{escape(s.title)}</td><td class="num">{s.level or "-"}</td>'
        f"<td>{_outcome_pill(s.outcome)}{mode}</td>"
        f'<td class="num">{s.empathy}</td><td class="num">{s.composure}</td><td>{result}</td></tr>'
    )


def _problem_pills(tags: Sequence[str]) -> str:
    if not tags:
        return '<span class="pill warn">anger up</span>'
    return " ".join(f'<span class="pill bad">{escape(t)}</span>' for t in tags)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _heat(rate: float | None) -> str:
    """A background from red (0%) through amber to green (100%) for a rate; grey when unknown."""
    if rate is None:
        return "#f3f4f6"
    hue = round(120 * rate)
    return f"hsl({hue}, 62%, 86%)"


def _skill_matrix(rows: Sequence[TrainerRow], relevance: Relevance) -> str:
    """Trainees x empathy behaviours: how often each was shown when relevant, coloured."""
    head = "".join(f'<th class="num">{escape(TAG_LABELS[t])}</th>' for t in EMPATHY_TAGS)
    body = []
    for row in rows:
        stats = tag_stats(row.sessions, relevance)
        cells = []
        for tag in EMPATHY_TAGS:
            rate = stats[tag].rate
            text = "-" if rate is None else f"{rate:.0%}"
            cells.append(f'<td class="num heat" style="background:{_heat(rate)}">{text}</td>')
        slips = sum(stats[t].shown for t in COMPOSURE_TAGS)
        body.append(
            f'<tr><td><b>{escape(row.trainee)}</b></td>{"".join(cells)}<td class="num">{slips}</td></tr>'
        )
    return (
        '<section><h2>Skills per trainee</h2><table class="matrix" id="skill-matrix"><thead><tr>'
        f'<th>Trainee</th>{head}<th class="num">Slips</th></tr></thead><tbody>{"".join(body)}</tbody></table>'
        '<p class="muted">Share of the moments that called for each behaviour '
        "in which the trainee showed it.</p>"
        "</section>"
    )


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def trainee_report(data: TraineeReportData, *, generated_at: float) -> str:
    sessions = list(data.sessions)
    name = data.trainee
    if not sessions:
        body = (
            "<section><h2>No sessions yet</h2>"
            "<p>Play a scenario with <code>--trainee</code> to start.</p></section>"
        )
        return _page(
            f"{name}: progress report", "Trainee progress", "No sessions recorded yet.", body, generated_at
        )
    first, last = sessions[0].recorded_at, sessions[-1].recorded_at
    subtitle = f"{len(sessions)} session(s) from {_date(first)} to {_date(last)}"
    stats = tag_stats(sessions, data.relevance)
    empathy_avg = mean([s.empathy for s in sessions])
    composure_avg = mean([s.composure for s in sessions])
    recent = sessions[-5:]
    parts: list[str] = []

    # --- at a glance
    passed = sum(1 for s in sessions if s.passed)
    resolved = sum(1 for s in sessions if s.success)
    levels = data.campaign.levels_passed if data.campaign is not None else []
    parts.append(
        '<section><h2>At a glance</h2><div class="two"><div class="gauges">'
        + gauge(
            mean([s.empathy for s in recent]),
            label="Empathy (last 5)",
            color=EMPATHY_COLOR,
            chart_id="gauge-empathy",
        )
        + gauge(
            mean([s.composure for s in recent]),
            label="Composure (last 5)",
            color=COMPOSURE_COLOR,
            chart_id="gauge-composure",
        )
        + "</div>"
        + _kpis(
            [
                ("sessions", str(len(sessions))),
                ("resolved", f"{resolved}/{len(sessions)}"),
                ("passed", f"{passed}/{len(sessions)}"),
                ("levels passed", ", ".join(map(str, levels)) if levels else "none yet"),
                ("average empathy", _fmt(empathy_avg)),
                ("average composure", _fmt(composure_avg)),
            ]
        )
        + "</div></section>"
    )

    # --- over time
    labels = [_date(s.recorded_at)[:6] for s in sessions]
    if len(set(labels)) < len(labels):
        labels = [f"#{i}" for i in range(1, len(sessions) + 1)]
    parts.append(
        "<section><h2>Skills over time</h2>"
        + line_chart(
            [
                Series("Empathy", EMPATHY_COLOR, [s.empathy for s in sessions]),
                Series("Composure", COMPOSURE_COLOR, [s.composure for s in sessions]),
                Series("Overall", OVERALL_COLOR, [s.overall for s in sessions]),
            ],
            labels,
            title="Empathy, composure and overall score per session",
            width=960,
            chart_id="chart-over-time",
        )
        + '<p class="muted">Each point is one session (#1 is the first), oldest on the left. '
        "Scores are 0 to 100.</p></section>"
    )

    # --- behaviours
    empathy_bars = [
        Bar(TAG_LABELS[t], stats[t].rate or 0.0, EMPATHY_COLOR, f"({stats[t].shown} of {stats[t].relevant})")
        for t in EMPATHY_TAGS
        if stats[t].relevant
    ]
    slip_bars = [
        Bar(TAG_LABELS[t], stats[t].shown, BAD_COLOR, "turns") for t in COMPOSURE_TAGS if stats[t].shown
    ]
    parts.append(
        '<section><h2>Behaviours</h2><div class="two"><div><h3>Shown when the moment called for it</h3>'
        + bar_chart(
            empathy_bars,
            title="Empathy behaviours shown when relevant",
            width=480,
            chart_id="chart-behaviours",
        )
        + "</div><div><h3>Composure slips</h3>"
        + (
            bar_chart(
                slip_bars,
                title="Composure slips (number of replies)",
                width=480,
                percent=False,
                chart_id="chart-slips",
                label_width=110,
            )
            if slip_bars
            else '<p class="pill good">No composure slips recorded. Well kept.</p>'
        )
        + "</div></div></section>"
    )

    # --- strengths and practice
    ranked = sorted(
        (stats[t] for t in EMPATHY_TAGS if stats[t].relevant >= 2),
        key=lambda s: (-(s.rate or 0.0), s.tag),
    )
    strengths = [s for s in ranked if (s.rate or 0) >= 0.5][:3]
    to_practise = [s for s in reversed(ranked) if (s.rate or 0) < 0.6][:3]
    slips = sorted((stats[t] for t in COMPOSURE_TAGS if stats[t].shown), key=lambda s: -s.shown)[:2]
    strength_items = (
        "".join(
            f'<li><b>{TAG_LABELS[s.tag]}</b> <span class="pill good">{(s.rate or 0):.0%}</span>'
            f'<br><span class="muted">shown {s.shown} times in {s.relevant} moments that called for '
            "it</span></li>"
            for s in strengths
        )
        or '<li class="muted">Strengths appear here after a few more sessions.</li>'
    )
    practise_items = "".join(
        f'<li><b>{TAG_LABELS[s.tag]}</b> <span class="pill '
        f'warn">{(s.rate or 0):.0%}</span><br>{escape(TIPS[s.tag])}</li>'
        for s in to_practise
    ) + "".join(
        f'<li><b>Avoid: {TAG_LABELS[s.tag]}</b> <span class="pill '
        f'bad">{s.shown}x</span><br>{escape(TIPS[s.tag])}</li>'
        for s in slips
    )
    practise_items = (
        practise_items or '<li class="muted">Nothing stands out: keep practising harder levels.</li>'
    )
    recommendation = ""
    rec = data.recommendation
    if rec is not None and rec.scenario is not None:
        reasons = "".join(f"<li>{escape(r)}</li>" for r in rec.reasons)
        recommendation = (
            f'<div class="callout" id="recommendation"><b>Next: {escape(rec.scenario.title)}</b> '
            f'<span class="pill info">level {rec.scenario.level}</span><ul>{reasons}</ul>'
            f"<code>python main.py play {escape(rec.scenario.id)} --trainee "
            f"&quot;{escape(name)}&quot;</code></div>"
        )
    if rec is not None and rec.wellbeing.suggested:
        recommendation += f'<p class="callout rest">{escape(rec.wellbeing.message)}</p>'
    parts.append(
        '<section><h2>Strengths and what to practise</h2><div class="two">'
        f'<div><h3>Strengths</h3><ul class="clean">{strength_items}</ul></div>'
        f'<div><h3>What to practise</h3><ul class="clean">{practise_items}</ul></div></div>'
        f"{recommendation}</section>"
    )

    # --- campaign
    if data.campaign is not None:
        cells = []
        for level in data.campaign.levels:
            state = "passed" if level.passed else ("open" if level.unlocked else "locked")
            detail = (
                f"{len(level.passed_scenarios)} passed, {level.required} needed"
                if level.unlocked and level.scenarios
                else (escape(level.locked_reason) if not level.unlocked else "no scenarios yet")
            )
            cells.append(
                f'<div class="level {state}"><b>Level {level.level}</b>{escape(level.title)}<br>'
                f'<span class="pill {"good" if level.passed else ""}">{state}</span><br>'
                f'<span class="muted">{detail}</span></div>'
            )
        assessment = data.campaign.assessment
        cert = ""
        if assessment is not None and assessment.certified:
            c = assessment.certificate
            cert = (
                f'<div class="certificate" id="certificate"><div class="kicker">{escape(c.issuer)}</div>'
                f"<h2>{escape(c.title)}</h2><p>awarded to <b>{escape(name)}</b></p>"
                f'<p class="quote">{escape(c.statement)}</p>'
                f'<p class="muted">{_date(assessment.certified_at or last)}</p></div>'
            )
        elif assessment is not None:
            done = sum(1 for i in assessment.items if i.passed)
            cert = (
                f"<p><b>{escape(assessment.title)}</b>: {done} of {assessment.required} passed"
                f"{'' if assessment.unlocked else ' (' + escape(assessment.locked_reason) + ')'}.</p>"
            )
        parts.append(f'<section><h2>Campaign</h2><div class="levels">{"".join(cells)}</div>{cert}</section>')

    # --- achievements
    if data.achievements:
        badges = "".join(
            f'<div class="badge"><b>&#9733; {escape(a.title)}</b><span>{escape(a.description)}</span><br>'
            f"<span>{_date(a.earned_at)}</span></div>"
            for a in data.achievements
        )
        parts.append(f'<section><h2>Achievements</h2><div class="badges">{badges}</div></section>')

    # --- sessions
    rows = "".join(_session_row(s) for s in reversed(sessions[-20:]))
    parts.append(
        "<section><h2>Recent sessions</h2><table><thead><tr><th>Date</th><th>Scenario</th><th "
        'class="num">Level</th>'
        '<th>Outcome</th><th class="num">Empathy</th><th '
        'class="num">Composure</th><th>Result</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )
    return _page(f"{name}: progress report", "Trainee progress", subtitle, "".join(parts), generated_at)


@dataclass(frozen=True)
class TrainerRow:
    trainee: str
    sessions: Sequence[SessionRecord]
    levels_passed: Sequence[int] = ()


def trainer_report(
    rows: Sequence[TrainerRow], *, generated_at: float, relevance: Relevance = no_relevance
) -> str:
    sessions = sorted((s for r in rows for s in r.sessions), key=lambda s: (s.recorded_at, s.id))
    if not sessions:
        body = (
            "<section><h2>No sessions yet</h2>"
            "<p>Trainees record sessions with <code>--trainee NAME</code>.</p></section>"
        )
        return _page("Trainer report", "Team insight", "No sessions recorded yet.", body, generated_at)
    subtitle = (
        f"{len(rows)} trainee(s), {len(sessions)} session(s), "
        f"{_date(sessions[0].recorded_at)} to {_date(sessions[-1].recorded_at)}"
    )
    parts: list[str] = []
    parts.append(
        "<section><h2>At a glance</h2>"
        + _kpis(
            [
                ("trainees", str(len(rows))),
                ("sessions", str(len(sessions))),
                ("resolved", f"{sum(s.success for s in sessions) / len(sessions):.0%}"),
                ("passed", f"{sum(s.passed for s in sessions) / len(sessions):.0%}"),
                ("average empathy", _fmt(mean([s.empathy for s in sessions]))),
                ("average composure", _fmt(mean([s.composure for s in sessions]))),
            ]
        )
        + "</section>"
    )
    # --- trainees
    table = "".join(
        f'<tr><td><b>{escape(r.trainee)}</b></td><td class="num">{len(r.sessions)}</td>'
        f'<td class="num">{_fmt(mean([s.empathy for s in r.sessions]))}</td>'
        f'<td class="num">{_fmt(mean([s.composure for s in r.sessions]))}</td>'
        f"<td>{', '.join(map(str, r.levels_passed)) or '-'}</td>"
        f"<td>{_date(r.sessions[-1].recorded_at) if r.sessions else '-'}</td></tr>"
        for r in rows
    )
    parts.append(
        '<section><h2>Trainees</h2><table><thead><tr><th>Trainee</th><th class="num">Sessions</th>'
        '<th class="num">Empathy</th><th class="num">Composure</th><th>Levels passed</th><th>Last '
        "session</th>"
        f"</tr></thead><tbody>{table}</tbody></table>"
        + bar_chart(
            [Bar(r.trainee, (mean([s.overall for s in r.sessions]) or 0) / 100, OVERALL_COLOR) for r in rows],
            title="Average overall score per trainee",
            width=960,
            chart_id="chart-trainees",
        )
        + "</section>"
    )
    # --- scenarios
    outcomes = scenario_outcomes(sessions)
    parts.append(
        "<section><h2>Which scenarios trip people up</h2>"
        + stacked_bars(
            [
                (
                    _short(o.title, 30),
                    [Segment(k.replace("_", " "), o.outcomes.get(k, 0), c) for k, c in OUTCOME_COLORS.items()]
                    + [
                        Segment(k.replace("_", " "), v, "#7c6bb0")
                        for k, v in o.outcomes.items()
                        if k not in OUTCOME_COLORS
                    ],
                )
                for o in outcomes
            ],
            title="Session outcomes per scenario (hardest first)",
            width=960,
            chart_id="chart-scenarios",
        )
        + "</section>"
    )
    # --- nodes
    nodes = trouble_nodes(sessions)
    node_rows = "".join(
        f'<tr><td>{escape(n.scenario)}<br><span class="muted">node {escape(n.node)}</span></td>'
        f'<td class="quote">{escape(n.customer[:160])}</td>'
        f'<td class="num">{n.troubled}/{n.visits}</td><td class="num">{n.breaches}</td>'
        f'<td class="num">{n.unmatched}</td><td class="num">{len(n.trainees)}</td></tr>'
        for n in nodes
    )
    parts.append(
        "<section><h2>Moments that go wrong</h2>"
        + bar_chart(
            [
                Bar(
                    f"{_short(n.scenario, 24)} · {_short(n.node, 14)}",
                    n.rate,
                    WARN_COLOR,
                    f"{n.troubled} of {n.visits}",
                )
                for n in sorted(nodes, key=lambda n: (-n.rate, -n.troubled, n.scenario, n.node))
            ],
            title="Share of replies that went badly at each moment",
            width=960,
            chart_id="chart-nodes",
            label_width=260,
        )
        + '<p class="muted">A reply went badly when it had a composure slip, matched none of the '
        "expected replies, "
        "or made the customer angrier.</p>"
        '<table><thead><tr><th>Where</th><th>The customer says</th><th class="num">Went badly</th>'
        '<th class="num">Slips</th><th class="num">Unmatched</th><th class="num">Trainees</th></tr></thead>'
        f"<tbody>{node_rows}</tbody></table></section>"
    )
    # --- skills per trainee
    parts.append(_skill_matrix(rows, relevance))
    # --- behaviours missing
    stats = tag_stats(sessions, relevance)
    missing = sorted(
        (s for t, s in stats.items() if t in EMPATHY_TAGS and s.relevant),
        key=lambda s: -(1 - (s.rate or 0.0)),
    )
    slip_counts = [stats[t] for t in COMPOSURE_TAGS if stats[t].shown]
    parts.append(
        '<section><h2>Behaviours missing most</h2><div class="two"><div>'
        + bar_chart(
            [
                Bar(
                    TAG_LABELS[s.tag],
                    1 - (s.rate or 0.0),
                    BAD_COLOR,
                    f"missed {s.relevant - s.shown} of {s.relevant}",
                )
                for s in missing
            ],
            title="Missed when the moment called for it",
            width=480,
            chart_id="chart-missing",
            label_width=150,
        )
        + "</div><div>"
        + (
            bar_chart(
                [Bar(TAG_LABELS[s.tag], s.shown, BAD_COLOR) for s in slip_counts],
                title="Composure slips",
                width=480,
                percent=False,
                chart_id="chart-team-slips",
                label_width=110,
            )
            if slip_counts
            else '<p class="pill good">No composure slips recorded.</p>'
        )
        + '</div></div><ul class="clean">'
        + "".join(f"<li><b>{TAG_LABELS[s.tag]}</b>: {escape(TIPS[s.tag])}</li>" for s in missing[:3])
        + "</ul></section>"
    )
    # --- bad replies
    bad = bad_replies(sessions)
    bad_rows = "".join(
        f'<tr><td class="quote">&ldquo;{escape(b.text[:200])}&rdquo;</td><td class="num">{b.count}</td>'
        f"<td>{_problem_pills(b.tags)}</td>"
        f'<td class="muted">{escape(", ".join(b.scenarios[:3]))}</td>'
        f"<td>{escape(b.better or '')}</td></tr>"
        for b in bad
    )
    parts.append(
        "<section><h2>Common replies that went badly</h2>"
        + (
            '<table><thead><tr><th>Reply</th><th class="num">Times</th><th>Problem</th><th>Where</th>'
            f"<th>A stronger reply</th></tr></thead><tbody>{bad_rows}</tbody></table>"
            if bad
            else '<p class="muted">No reply went badly. Impressive.</p>'
        )
        + "</section>"
    )
    return _page("Trainer report", "Team insight", subtitle, "".join(parts), generated_at)
