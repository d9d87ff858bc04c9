"""Loading scenario files into the model: defaults, line ids, positions, lookup by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.loader import (
    ScenarioError,
    ScenarioNotFound,
    load_all,
    load_or_raise,
    load_scenario,
    load_scenario_text,
    resolve_scenario,
)
from game.model import Scenario

CORPUS = Path(__file__).parent / "corpus"
EVERY = CORPUS / "valid" / "every-feature.yaml"
MINIMAL = CORPUS / "valid" / "minimal.yaml"


@pytest.fixture(scope="module")
def every() -> Scenario:
    result = load_scenario(EVERY)
    assert result.scenario is not None, [str(f) for f in result.findings]
    return result.scenario


def test_top_level_and_customer_fields_including_extensions(every: Scenario) -> None:
    assert (every.id, every.level, every.setting, every.channel) == (
        "corpus-every-feature",
        4,
        "hotel_front_desk",
        "phone",
    )
    assert every.brief.startswith("Priya booked a quiet room") and "\n" not in every.brief.strip()
    customer = every.customer
    assert (customer.name, customer.mood.anger, customer.mood.trust, customer.walk_out_at) == (
        "Priya Nair",
        70,
        20,
        95,
    )
    assert (customer.voice.gender, customer.voice.rate, customer.voice.name) == ("female", 1.1, "english+f3")
    assert customer.appearance.hair_color == "black" and customer.appearance.build == "slim"
    assert [k.id for k in every.knowledge] == ["overbooking", "goodwill"]
    assert every.variables == {"offered_upgrade": False, "apologies": 0, "mood_word": "tense"}
    assert every.start == "opening" and every.path == str(EVERY)


def test_say_lines_get_stable_ids_and_their_own_emotions(every: Scenario) -> None:
    opening = every.node("opening")
    assert [(line.id, line.emotion) for line in opening.say] == [
        ("opening.hello", "frustrated"),
        ("opening.2", "angry"),
        ("opening.3", None),
    ]
    assert opening.otherwise is not None
    assert [line.id for line in opening.otherwise.say] == ["opening.otherwise.1", "opening.silence"]
    assert every.node("resolved").say[0].id == "resolved.1"


def test_replies_otherwise_and_transitions(every: Scenario) -> None:
    opening = every.node("opening")
    assert opening.kind == "replies" and opening.coach is not None
    acknowledge = opening.reply("acknowledge")
    assert acknowledge.tags == ("apology", "acknowledge_emotion")
    assert (acknowledge.effects.mood.anger, acknowledge.effects.mood.trust) == (-20, 15)
    assert acknowledge.effects.set == {"apologies": 1, "mood_word": "calmer"}
    assert acknowledge.feedback == "You named her feeling and the occasion."
    assert acknowledge.effects.next is not None and acknowledge.effects.next[0].target == "options"
    upgrade = opening.reply("upgrade")
    assert upgrade.when is not None and upgrade.when.source == "trust >= 30 or turn > 2"
    assert upgrade.when.evaluate({"trust": 10, "turn": 3}) is True
    assert upgrade.effects.next is not None
    assert [(g.target, g.when.source if g.when else None) for g in upgrade.effects.next] == [
        ("still_upset", "anger >= 60"),
        ("resolved", None),
    ]
    otherwise = opening.otherwise
    assert otherwise is not None
    assert otherwise.emotion == "frustrated" and otherwise.effects.set == {"mood_word": "furious"}
    assert otherwise.feedback is not None and otherwise.effects.next is not None
    assert every.node("options").otherwise is not None
    assert every.node("options").otherwise.effects.next is None  # stays on the node
    assert every.node("still_upset").kind == "next"
    assert every.node("walkout").emotion == "neutral" and every.node("walkout").end == "walked_out"
    assert every.end_outcomes == ("escalated", "resolved", "walked_out")


def test_every_element_knows_where_it_was_written(every: Scenario) -> None:
    lines = EVERY.read_text().splitlines()

    def at(line: int, col: int) -> str:
        return lines[line - 1][col - 1 :]

    opening = every.node("opening")
    assert at(opening.pos.line, opening.pos.col).startswith("opening:")
    reply = opening.reply("policy")
    assert at(reply.pos.line, reply.pos.col).startswith("id: policy")
    example = reply.examples[1]
    assert at(example.pos.line, example.pos.col).startswith("There's nothing unusual")
    assert at(opening.say[1].pos.line, opening.say[1].pos.col).startswith("text: You gave")
    assert opening.reply("upgrade").effects.next is not None
    goto = opening.reply("upgrade").effects.next[0]
    assert at(goto.pos.line, goto.pos.col).startswith("{when: anger >= 60, goto: still_upset}")  # the entry
    assert at(every.knowledge[1].pos.line, every.knowledge[1].pos.col).startswith("id: goodwill")


def test_plain_words_in_text_fields_stay_words() -> None:
    text = (
        MINIMAL.read_text()
        .replace("say: Forget it.", "say: No")
        .replace("- Parcels are late sometimes", "- yes")
    )
    result = load_scenario_text(text, "words.yaml")
    assert result.scenario is not None, [str(f) for f in result.findings]
    assert result.scenario.node("angry").say[0].text == "No"
    assert result.scenario.node("opening").reply("shrug").examples[0].text == "yes"


def test_optional_channel_and_brief_have_defaults() -> None:
    text = (
        MINIMAL.read_text()
        .replace("channel: in_person\n", "")
        .replace("brief: Kim's parcel is two days late.\n", "")
    )
    result = load_scenario_text(text.encode(), "defaults.yaml")
    assert result.scenario is not None
    assert (result.scenario.channel, result.scenario.brief) == ("in_person", "")


def test_several_mistakes_are_reported_together_with_suggestions() -> None:
    text = (
        MINIMAL.read_text()
        .replace("setting: retail_counter", "setting: retail_countr")
        .replace("tags: [dismissive]", "tags: [dismissive]\n        feedbak: no")
        .replace("next: thanks", "next: thank")
    )
    result = load_scenario_text(text, "many.yaml")
    assert result.scenario is None
    messages = [f"{f.code} {f.message}" for f in result.findings]
    assert any(
        "DLG001 setting 'retail_countr'" in m and "did you mean 'retail_counter'" in m for m in messages
    )
    assert any("DLG001 unknown key 'feedbak'" in m and "did you mean 'feedback'" in m for m in messages)
    assert any(m.startswith("DLG003") and "'thank'" in m for m in messages)


def test_resolve_by_path_or_by_id_with_a_helpful_message(tmp_path: Path) -> None:
    assert resolve_scenario(str(MINIMAL)) == MINIMAL
    with pytest.raises(ScenarioNotFound, match="no such scenario file"):
        resolve_scenario(str(tmp_path / "missing.yaml"))
    shipped = load_all()
    assert shipped, "dialogue/ should hold scenarios"
    first = next(r.scenario for r in shipped if r.scenario is not None)
    assert resolve_scenario(first.id).resolve() == Path(first.path).resolve()
    with pytest.raises(ScenarioNotFound) as caught:
        resolve_scenario("no-such-scenario-id")
    assert first.id in str(caught.value) and "Available:" in str(caught.value)


def test_load_or_raise_carries_the_findings() -> None:
    assert load_or_raise(str(MINIMAL)).id == "corpus-minimal"
    bad = CORPUS / "invalid" / "DLG003-missing-node.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_or_raise(str(bad))
    assert [f.code for f in caught.value.findings] == ["DLG003"]
    assert str(bad) in str(caught.value)


def test_load_all_skips_files_that_are_not_scenarios(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "campaign.yaml").write_text("campaign: Basics\nlevels: [one]\n")
    results = load_all(tmp_path)
    assert [r.scenario.id for r in results if r.scenario] == ["corpus-minimal"]
    assert len(results) == 1


def test_an_unreadable_path_is_a_finding(tmp_path: Path) -> None:
    result = load_scenario(tmp_path)  # a folder, not a file
    assert result.scenario is None and [f.code for f in result.findings] == ["DLG010"]


def test_an_id_used_twice_resolves_to_the_playable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import game.loader

    good = MINIMAL.read_text(encoding="utf-8")
    broken = good.replace("next: thanks", "next: thankz")
    (tmp_path / "a-broken-copy.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "b-good.yaml").write_text(good, encoding="utf-8")
    monkeypatch.setattr(game.loader, "DIALOGUE_DIR", tmp_path)
    scenario_id = load_or_raise(str(MINIMAL)).id
    assert resolve_scenario(scenario_id) == tmp_path / "b-good.yaml"
    assert load_or_raise(scenario_id).path == str(tmp_path / "b-good.yaml")
