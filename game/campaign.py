"""The campaign (``dialogue/campaign.yaml``): levels 1-5, what passes each, what unlocks it, the assessment.

Loading checks the file against ``campaign.schema.json`` and then the scenario library, and reports
every problem as ``path:line:col: error|warning CODE message`` (never a traceback):

- CMP000 the file cannot be read or parsed (encoding, YAML syntax, too big, too deep)
- CMP001 schema: a wrong key, type or value
- CMP002 a level defined twice
- CMP003 a scenario id that is not in the library
- CMP004 (warning) a level or assessment with no scenario in the library yet
- CMP005 an unlock rule naming a level that is not defined, itself, or a cycle
- CMP006 (warning) a listed scenario whose own level differs from the campaign level

Evaluating a trainee against the campaign (``status``) is pure: it takes their recorded sessions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from game.findings import Finding, Severity, sorted_findings
from game.model import Pos
from game.progress.store import SessionRecord

SCHEMA_PATH = Path(__file__).with_name("campaign.schema.json")


@dataclass(frozen=True)
class Threshold:
    empathy: int
    composure: int
    outcome: str = "resolved"
    scenarios: int | Literal["all"] = 1

    def met_by(self, session: SessionRecord) -> bool:
        outcome_ok = self.outcome == "any" or session.outcome == self.outcome
        return outcome_ok and session.empathy >= self.empathy and session.composure >= self.composure

    def required(self, available: int) -> int:
        wanted = available if self.scenarios == "all" else self.scenarios
        return min(wanted, available)

    def describe(self) -> str:
        outcome = "any ending" if self.outcome == "any" else self.outcome.replace("_", " ")
        return f"empathy >= {self.empathy}, composure >= {self.composure}, {outcome}"


@dataclass(frozen=True)
class Unlock:
    after_levels: tuple[int, ...] = ()
    min_sessions: int = 0


@dataclass(frozen=True)
class ScenarioSet:
    ids: tuple[str, ...] = ()
    all_of_level: int | None = None

    def resolve(self, library: Mapping[str, int]) -> tuple[str, ...]:
        """The scenario ids in this set that exist in ``library`` (id -> level), in a stable order."""
        if self.all_of_level is not None:
            return tuple(sorted(sid for sid, level in library.items() if level == self.all_of_level))
        return tuple(sid for sid in self.ids if sid in library)


@dataclass(frozen=True)
class Level:
    level: int
    title: str
    scenarios: ScenarioSet
    passing: Threshold
    unlock: Unlock = field(default_factory=Unlock)
    description: str = ""


@dataclass(frozen=True)
class Certificate:
    title: str
    issuer: str = "Empathy Trainer"
    statement: str = ""


@dataclass(frozen=True)
class Assessment:
    title: str
    scenarios: ScenarioSet
    passing: Threshold
    unlock: Unlock = field(default_factory=Unlock)
    certificate: Certificate = field(default_factory=lambda: Certificate("Certificate of completion"))
    description: str = ""


@dataclass(frozen=True)
class Campaign:
    title: str
    levels: tuple[Level, ...]
    assessment: Assessment | None = None
    description: str = ""
    path: str = "<memory>"

    def level(self, number: int) -> Level | None:
        return next((lv for lv in self.levels if lv.level == number), None)


@dataclass(frozen=True)
class CampaignLoad:
    campaign: Campaign | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")


# --- YAML with positions ------------------------------------------------------------------------------

JsonPath = tuple[str | int, ...]


_RECODE = {"DLG010": "CMP000", "DLG001": "CMP001", "DLG002": "CMP001"}


def _compose(source: str | bytes, path: str) -> tuple[Any, dict[JsonPath, tuple[int, int]], list[Finding]]:
    """The project's hostile-input-safe YAML (``game.yamlsafe``) as plain values plus positions.

    Every key and item keeps its (line, col); parse problems come back as CMP findings.
    """
    from game.yamlsafe import YMap, YNode, YSeq, parse_yaml

    parsed = parse_yaml(source, path)
    findings = [_recode(f) for f in parsed.findings]
    positions: dict[JsonPath, tuple[int, int]] = {}
    if parsed.root is None:
        return None, positions, findings

    def convert(node: YNode, where: JsonPath) -> Any:
        positions.setdefault(where, (node.line, node.col))
        if isinstance(node, YMap):
            out: dict[str, Any] = {}
            for name, (key, value) in node.entries.items():
                positions[(*where, name)] = (key.line, key.col)
                out[name] = convert(value, (*where, name))
            return out
        if isinstance(node, YSeq):
            return [convert(item, (*where, i)) for i, item in enumerate(node.items)]
        return node.value

    return convert(parsed.root, ()), positions, findings


def _recode(finding: Finding) -> Finding:
    """A YAML-level finding in the campaign's own codes and words."""
    message = finding.message
    if finding.code == "DLG002":
        message = f"duplicate key: {message}"
    elif message.startswith("empty file"):
        message = "empty file: a campaign starts with 'campaign_format: 1'"
    elif message.startswith("the top level must be a mapping"):
        message = "the top level must be a mapping (campaign_format:, title:, levels:)"
    message = message.replace("is it a scenario?", "is it a campaign file?").replace(
        "YAML scenario", "YAML file"
    )
    return Finding(_RECODE.get(finding.code, "CMP000"), finding.severity, message, finding.pos)


def _finding_at(
    positions: Mapping[JsonPath, tuple[int, int]],
    source: str,
    path: JsonPath,
    severity: Severity,
    code: str,
    message: str,
) -> Finding:
    probe = path
    while probe not in positions and probe:
        probe = probe[:-1]
    line, col = positions.get(probe, (1, 1))
    return Finding(code, severity, message, Pos(source, line, col))


def _schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def _schema_message(error: Any) -> str:
    path = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "additionalProperties":
        return f"{path}: {error.message} (unknown key)"
    if error.validator == "oneOf" and isinstance(error.instance, dict | list):
        return f"{path}: expected a list of scenario ids or {{all_of_level: N}}"
    return f"{path}: {error.message}"


# --- loading -------------------------------------------------------------------------------------------


def load_campaign(path: Path | str, library: Mapping[str, int] | None = None) -> CampaignLoad:
    """Load and check a campaign file. ``library`` (scenario id -> level) enables the id checks."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return _fail(source, f"cannot read the campaign file: {error.strerror or error}")
    return load_campaign_text(data, source, library)


def load_campaign_text(
    text: str | bytes, source: str, library: Mapping[str, int] | None = None
) -> CampaignLoad:
    value, positions, problems = _compose(text, source)
    if value is None or any(f.is_error for f in problems):
        return CampaignLoad(None, tuple(sorted_findings(problems)))

    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    findings: list[Finding] = list(problems)
    for issue in sorted(validator.iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path]):
        findings.append(
            _finding_at(
                positions, source, tuple(issue.absolute_path), "error", "CMP001", _schema_message(issue)
            )
        )
    if any(f.is_error for f in findings):
        return CampaignLoad(None, tuple(sorted_findings(findings)))
    assert isinstance(value, dict)
    campaign = _build(value, source)
    findings.extend(_check(campaign, value, positions, source, library))
    ok = not any(f.severity == "error" for f in findings)
    return CampaignLoad(campaign if ok else None, tuple(sorted_findings(findings)))


def _fail(source: str, message: str) -> CampaignLoad:
    return CampaignLoad(None, (Finding("CMP000", "error", message, Pos(source, 1, 1)),))


def _scenario_set(raw: Any) -> ScenarioSet:
    if isinstance(raw, dict):
        return ScenarioSet(all_of_level=int(raw["all_of_level"]))
    return ScenarioSet(ids=tuple(raw))


def _threshold(raw: dict[str, Any]) -> Threshold:
    return Threshold(
        empathy=raw["empathy"],
        composure=raw["composure"],
        outcome=raw.get("outcome", "resolved"),
        scenarios=raw.get("scenarios", 1),
    )


def _unlock(raw: dict[str, Any] | None) -> Unlock:
    raw = raw or {}
    return Unlock(tuple(raw.get("after_levels", ())), int(raw.get("min_sessions", 0)))


def _build(value: dict[str, Any], source: str) -> Campaign:
    levels = tuple(
        Level(
            level=raw["level"],
            title=raw["title"],
            scenarios=_scenario_set(raw["scenarios"]),
            passing=_threshold(raw["pass"]),
            unlock=_unlock(raw.get("unlock")),
            description=raw.get("description", ""),
        )
        for raw in value["levels"]
    )
    assessment = None
    raw_assessment = value.get("assessment")
    if raw_assessment is not None:
        cert = raw_assessment.get("certificate") or {"title": "Certificate of completion"}
        assessment = Assessment(
            title=raw_assessment["title"],
            scenarios=_scenario_set(raw_assessment["scenarios"]),
            passing=_threshold(raw_assessment["pass"]),
            unlock=_unlock(raw_assessment.get("unlock")),
            certificate=Certificate(
                cert["title"], cert.get("issuer", "Empathy Trainer"), cert.get("statement", "")
            ),
            description=raw_assessment.get("description", ""),
        )
    return Campaign(value["title"], levels, assessment, value.get("description", ""), source)


def _check(
    campaign: Campaign,
    value: dict[str, Any],
    positions: Mapping[JsonPath, tuple[int, int]],
    source: str,
    library: Mapping[str, int] | None,
) -> list[Finding]:
    findings: list[Finding] = []

    def add(path: JsonPath, severity: Severity, code: str, message: str) -> None:
        findings.append(_finding_at(positions, source, path, severity, code, message))

    defined: dict[int, int] = {}
    for index, level in enumerate(campaign.levels):
        if level.level in defined:
            add(("levels", index, "level"), "error", "CMP002", f"level {level.level} is defined twice")
        defined.setdefault(level.level, index)
    groups: list[tuple[JsonPath, str, ScenarioSet, int | None, Unlock]] = [
        (("levels", i), f"level {lv.level}", lv.scenarios, lv.level, lv.unlock)
        for i, lv in enumerate(campaign.levels)
    ]
    if campaign.assessment is not None:
        a = campaign.assessment
        groups.append((("assessment",), "the assessment", a.scenarios, None, a.unlock))
    for base, name, scenario_set, number, unlock in groups:
        for j, required in enumerate(unlock.after_levels):
            where = (*base, "unlock", "after_levels", j)
            if required not in defined:
                add(where, "error", "CMP005", f"{name} unlocks after level {required}, which is not defined")
            elif required == number:
                add(where, "error", "CMP005", f"{name} cannot unlock after itself")
        if library is None:
            continue
        for j, sid in enumerate(scenario_set.ids):
            where = (*base, "scenarios", j)
            if sid not in library:
                add(where, "error", "CMP003", f"scenario {sid!r} is not in the scenario library")
            elif number is not None and library[sid] != number:
                add(where, "warning", "CMP006", f"scenario {sid!r} is level {library[sid]}, listed in {name}")
        if not scenario_set.resolve(library):
            add((*base, "scenarios"), "warning", "CMP004", f"{name} has no scenario in the library yet")
    cycle = _unlock_cycle(campaign)
    if cycle:
        index = defined[cycle[0]]
        add(("levels", index, "unlock"), "error", "CMP005", f"levels unlock each other in a cycle: {cycle}")
    return findings


def _unlock_cycle(campaign: Campaign) -> list[int]:
    after = {lv.level: set(lv.unlock.after_levels) for lv in campaign.levels}
    state: dict[int, int] = {}
    stack: list[int] = []

    def visit(node: int) -> list[int]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(after.get(node, ())):
            if nxt not in after:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for level in sorted(after):
        if level not in state:
            found = visit(level)
            if found:
                return found
    return []


# --- a trainee's standing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelStatus:
    level: int
    title: str
    unlocked: bool
    passed: bool
    scenarios: tuple[str, ...]
    passed_scenarios: tuple[str, ...]
    required: int
    threshold: Threshold
    locked_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "title": self.title,
            "unlocked": self.unlocked,
            "passed": self.passed,
            "scenarios": list(self.scenarios),
            "passed_scenarios": list(self.passed_scenarios),
            "required": self.required,
            "threshold": self.threshold.describe(),
            "locked_reason": self.locked_reason,
        }


@dataclass(frozen=True)
class AssessmentItem:
    scenario: str
    attempts: int
    passed: bool
    best: SessionRecord | None

    def to_json(self) -> dict[str, Any]:
        best = self.best
        return {
            "scenario": self.scenario,
            "attempts": self.attempts,
            "passed": self.passed,
            "best": None
            if best is None
            else {
                "session": best.id,
                "outcome": best.outcome,
                "empathy": best.empathy,
                "composure": best.composure,
                "overall": best.overall,
                "recorded_at": best.recorded_at,
            },
        }


@dataclass(frozen=True)
class AssessmentStatus:
    title: str
    unlocked: bool
    items: tuple[AssessmentItem, ...]
    required: int
    certified: bool
    certificate: Certificate
    threshold: Threshold
    certified_at: float | None = None
    locked_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "unlocked": self.unlocked,
            "locked_reason": self.locked_reason,
            "required": self.required,
            "passed": sum(1 for i in self.items if i.passed),
            "certified": self.certified,
            "certified_at": self.certified_at,
            "certificate": self.certificate.title,
            "threshold": self.threshold.describe(),
            "scenarios": [i.to_json() for i in self.items],
        }


@dataclass(frozen=True)
class CampaignStatus:
    levels: tuple[LevelStatus, ...]
    assessment: AssessmentStatus | None

    @property
    def levels_passed(self) -> list[int]:
        return [lv.level for lv in self.levels if lv.passed]

    @property
    def unlocked_scenarios(self) -> set[str]:
        return {sid for lv in self.levels if lv.unlocked for sid in lv.scenarios}

    @property
    def current_level(self) -> int:
        """The lowest unlocked level with scenarios not yet passed (the highest level when all are passed)."""
        open_levels = [lv.level for lv in self.levels if lv.unlocked and not lv.passed and lv.scenarios]
        if open_levels:
            return min(open_levels)
        return max((lv.level for lv in self.levels), default=1)

    def to_json(self) -> dict[str, Any]:
        return {
            "levels_passed": self.levels_passed,
            "current_level": self.current_level,
            "levels": [lv.to_json() for lv in self.levels],
            "assessment": self.assessment.to_json() if self.assessment else None,
        }


def _unlocked(unlock: Unlock, passed_levels: set[int], practice_sessions: int) -> tuple[bool, str]:
    missing = [n for n in unlock.after_levels if n not in passed_levels]
    if missing:
        return False, "pass level " + ", ".join(str(n) for n in missing) + " first"
    if practice_sessions < unlock.min_sessions:
        return False, f"play {unlock.min_sessions - practice_sessions} more session(s) first"
    return True, ""


def status(
    campaign: Campaign, sessions: Sequence[SessionRecord], library: Mapping[str, int]
) -> CampaignStatus:
    """Where a trainee stands: which levels are unlocked and passed, and the assessment."""
    practice = [s for s in sessions if s.mode == "practice"]
    passed_levels: set[int] = set()
    cleared: set[int] = set()
    """Passed levels, and open levels with no scenario in the library yet: those do not block the next."""
    results: dict[int, LevelStatus] = {}
    # Levels are evaluated in unlock order (a level's prerequisites first); cycles were refused at load.
    pending = sorted(campaign.levels, key=lambda lv: lv.level)
    while pending:
        ready = [lv for lv in pending if all(n in results for n in lv.unlock.after_levels)]
        if not ready:  # only possible with an unchecked campaign: treat the rest as locked
            ready = pending
        for level in ready:
            pending.remove(level)
            scenarios = level.scenarios.resolve(library)
            unlocked, reason = _unlocked(level.unlock, cleared, len(practice))
            passed_ids = tuple(
                sid
                for sid in scenarios
                if any(s.scenario == sid and level.passing.met_by(s) for s in sessions)
            )
            required = level.passing.required(len(scenarios))
            is_passed = unlocked and bool(scenarios) and len(passed_ids) >= required
            if is_passed:
                passed_levels.add(level.level)
            if is_passed or (unlocked and not scenarios):
                cleared.add(level.level)
            results[level.level] = LevelStatus(
                level.level,
                level.title,
                unlocked,
                is_passed,
                scenarios,
                passed_ids,
                required,
                level.passing,
                reason,
            )
    assessment = None
    if campaign.assessment is not None:
        assessment = assessment_status(campaign.assessment, sessions, library, cleared, len(practice))
    return CampaignStatus(tuple(results[lv.level] for lv in campaign.levels), assessment)


def assessment_status(
    assessment: Assessment,
    sessions: Sequence[SessionRecord],
    library: Mapping[str, int],
    passed_levels: set[int],
    practice_sessions: int,
) -> AssessmentStatus:
    unlocked, reason = _unlocked(assessment.unlock, passed_levels, practice_sessions)
    scenarios = assessment.scenarios.resolve(library)
    items = []
    for sid in scenarios:
        attempts = [s for s in sessions if s.scenario == sid and s.mode == "assessment"]
        passing = [s for s in attempts if assessment.passing.met_by(s)]
        best_pool = passing or attempts
        best = max(best_pool, key=lambda s: (s.overall, -s.recorded_at)) if best_pool else None
        items.append(AssessmentItem(sid, len(attempts), bool(passing), best))
    required = assessment.passing.required(len(scenarios))
    passed_items = [i for i in items if i.passed]
    certified = bool(scenarios) and len(passed_items) >= required
    certified_at = None
    if certified:
        # The moment the required number of scenarios had a passing attempt.
        firsts = sorted(
            min(
                s.recorded_at
                for s in sessions
                if s.scenario == i.scenario and s.mode == "assessment" and assessment.passing.met_by(s)
            )
            for i in passed_items
        )
        certified_at = firsts[required - 1]
    return AssessmentStatus(
        assessment.title,
        unlocked,
        tuple(items),
        required,
        certified,
        assessment.certificate,
        assessment.passing,
        certified_at,
        reason,
    )
