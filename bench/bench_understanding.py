"""Reply-understanding benchmark: branch accuracy, off-topic rejection, tag F1, load time, latency.

    python bench/bench_understanding.py [--data PATH] [--analyzer default|lexical] [--errors]

PATH defaults to ../shared/data/replies-dev.yaml (the project's held-out test set: the analyser's
own rules and training data live in game/understanding/data/ and never read it).
Metrics:
  forced      top-ranked branch == gold, over on-topic replies
  with reject accepted-or-confirmed branch == gold, rejected counts as wrong (on-topic replies)
  off-topic   share of branch: none replies put in the reject zone
  tags        per-tag precision/recall/F1 and macro-F1 over the tags present in the gold labels
  length      tagged replies padded with small talk or said twice: how many score more empathy
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "replies-dev.yaml"
if not DEFAULT_DATA.exists():
    DEFAULT_DATA = Path("/work/shared/data/replies-dev.yaml")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--analyzer", default="default", choices=["default", "lexical"])
    ap.add_argument("--errors", action="store_true", help="print every mistake")
    ap.add_argument("--probes", type=Path, default=ROOT / "tests" / "golden" / "probes.yaml",
                    help="scenario authors' unseen phrasings per branch (matched against dialogue/)")
    args = ap.parse_args()
    data = yaml.safe_load(args.data.read_text(encoding="utf-8"))

    t0 = time.perf_counter()
    from game.understanding.base import BranchOption

    if args.analyzer == "lexical":
        from game.understanding.default import LexicalAnalyzer

        analyzer = LexicalAnalyzer()
    else:
        from game.understanding.default import default_analyzer

        analyzer = default_analyzer()
    # first real call finishes any lazy loading
    analyzer.tags("warm up", None)
    analyzer.match("warm up", [BranchOption("a", ("x y",)), BranchOption("b", ("z",))])
    load_s = time.perf_counter() - t0
    print(f"analyser: {analyzer.name}   load: {load_s * 1000:.0f} ms   data: {args.data}")

    # ---- branches
    forced = ok_reject = n_on = off_rejected = n_off = 0
    latencies: list[float] = []
    reply_s: list[float] = []  # what one turn costs the game: match and tags of the same reply
    prepare_s: list[float] = []
    for case in data.get("branch_cases", []):
        options = [BranchOption(bid, tuple(ex)) for bid, ex in case["branches"].items()]
        prepare = getattr(analyzer, "prepare", None)
        if prepare is not None:  # as the game does for a scenario's examples while the brief is read
            t = time.perf_counter()
            prepare([e for o in options for e in o.examples])
            prepare_s.append(time.perf_counter() - t)
        for r in case["replies"]:
            t = time.perf_counter()
            res = analyzer.match(r["text"], options, case.get("customer"))
            latencies.append(time.perf_counter() - t)
            analyzer.tags(r["text"], case.get("customer"))
            reply_s.append(time.perf_counter() - t)
            gold = r["branch"]
            if gold == "none":
                n_off += 1
                off_rejected += res.zone == "reject"
                if res.zone != "reject" and args.errors:
                    print(f"  OFF-TOPIC [{res.zone} {res.confidence:.3f}] {r['text']!r} -> {res.best}")
                continue
            n_on += 1
            forced += res.best == gold
            ok_reject += res.zone != "reject" and res.best == gold
            if args.errors and (res.best != gold or res.zone == "reject"):
                print(f"  BRANCH [{res.zone} {res.confidence:.3f}] {r['text']!r}: got {res.best} want {gold}"
                      f"  {res.ranking[:3]}")
    if n_on:
        print(f"branch accuracy forced: {forced / n_on:.1%} ({forced}/{n_on})   "
              f"with rejection: {ok_reject / n_on:.1%}   off-topic rejected: "
              f"{(off_rejected / n_off if n_off else 0):.1%} ({off_rejected}/{n_off})")

    if args.probes.exists():
        measure_probes(analyzer, args.probes, args.errors)

    # ---- tags
    situations = data.get("situations", {})
    gold_tags: set[str] = set()
    for r in data.get("replies", []):
        gold_tags.update(t for t in r["tags"] if t != "neutral_info")
    tp: dict[str, int] = dict.fromkeys(sorted(gold_tags), 0)
    fp = dict(tp)
    fn = dict(tp)
    extra: dict[str, int] = {}
    tag_lat: list[float] = []
    for r in data.get("replies", []):
        t = time.perf_counter()
        ev = analyzer.tags(r["text"], situations.get(r.get("situation", r.get("s"))))
        tag_lat.append(time.perf_counter() - t)
        pred = {e.tag for e in ev}
        gold = {x for x in r["tags"] if x != "neutral_info"}
        for tag in pred - gold_tags:
            extra[tag] = extra.get(tag, 0) + 1
        for tag in gold_tags:
            if tag in pred and tag in gold:
                tp[tag] += 1
            elif tag in pred:
                fp[tag] += 1
            elif tag in gold:
                fn[tag] += 1
        if args.errors and (pred & gold_tags) != gold:
            added, missed = sorted((pred & gold_tags) - gold), sorted(gold - pred)
            print(f"  TAGS {r.get('id', '')} +{added} -{missed}: {r['text']}")
    f1s = []
    print(f"{'tag':22} {'prec':>6} {'rec':>6} {'f1':>6}  (tp/fp/fn)")
    for tag in sorted(gold_tags):
        p = tp[tag] / (tp[tag] + fp[tag]) if tp[tag] + fp[tag] else 0.0
        rc = tp[tag] / (tp[tag] + fn[tag]) if tp[tag] + fn[tag] else 0.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        f1s.append(f1)
        print(f"{tag:22} {p:6.2f} {rc:6.2f} {f1:6.2f}  ({tp[tag]}/{fp[tag]}/{fn[tag]})")
    if f1s:
        print(f"tag macro-F1: {statistics.mean(f1s):.3f}   (tags not in the gold labels predicted: {extra})")
    all_lat = sorted(latencies + tag_lat)
    if latencies and tag_lat:
        p95 = all_lat[int(0.95 * (len(all_lat) - 1))]
        print(f"latency per call: mean {statistics.mean(all_lat) * 1000:.2f} ms  p95 {p95 * 1000:.2f} ms  "
              f"(match mean {statistics.mean(latencies) * 1000:.2f} ms, tags mean "
              f"{statistics.mean(tag_lat) * 1000:.2f} ms)")
        reply_s.sort()
        reply_p95 = reply_s[int(0.95 * (len(reply_s) - 1))]
        print(f"per reply (match + tags, examples prepared): median "
              f"{statistics.median(reply_s) * 1000:.2f} ms  p95 {reply_p95 * 1000:.2f} ms   goal < 20 ms")
    if prepare_s:
        print(f"preparing a node's examples (once, off the reply path): mean "
              f"{statistics.mean(prepare_s) * 1000:.1f} ms")
    measure_length_guard(analyzer, data, args.errors)
    return 0


PADDING = (
    " Well, so, the thing is, basically, okay.",
    " Um, right, yes, so, anyway.",
    " And so on and so forth, you know, like I said, basically.",
    " Just to let you know, this is the customer service desk and my name is Sam.",
    " Let me see, let me see, hmm, okay, right then.",
    " I mean, it is what it is, at the end of the day.",
    " So yes. That's where we are, more or less.",
)
"""Small talk that shows no behaviour; with the reply said twice, the length-alone variants."""


def measure_length_guard(analyzer: Any, data: dict[str, Any], errors: bool) -> None:
    """Longer is not better: every tagged reply, padded or repeated, must not gain empathy."""
    from game.scoring import score_reply

    situations = data.get("situations", {})
    gained = total = 0
    for r in data.get("replies", []):
        context = situations.get(r.get("situation", r.get("s")))
        alone = score_reply(r["text"], analyzer.tags(r["text"], context), context).empathy
        for longer in [r["text"] + pad for pad in PADDING] + [f"{r['text']} {r['text']}"]:
            total += 1
            score = score_reply(longer, analyzer.tags(longer, context), context).empathy
            if score > alone:
                gained += 1
                if errors:
                    print(f"  LONGER {alone} -> {score}: {longer}")
    if total:
        print(f"longer alone (padded or repeated replies scoring more empathy): {gained} of {total}   goal 0")


def measure_probes(analyzer: object, path: Path, errors: bool) -> None:
    """Branch accuracy on tests/golden/probes.yaml against the shipped scenarios' branches."""
    from game.loader import load_scenario
    from game.understanding.base import BranchOption

    probes = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    n = forced = kept = 0
    for scenario_id, nodes in probes.items():
        scenario = load_scenario(ROOT / "dialogue" / f"{scenario_id}.yaml").scenario
        if scenario is None:
            continue
        for node_id, items in nodes.items():
            node = scenario.node(node_id)
            for probe in items:
                options = [BranchOption(r.id, r.example_texts) for r in node.replies
                           if r.when is None or r.id == probe["branch"]]
                res = analyzer.match(probe["reply"], options, None)  # type: ignore[attr-defined]
                n += 1
                forced += res.best == probe["branch"]
                kept += res.best == probe["branch"] and res.zone != "reject"
                if errors and not (res.best == probe["branch"] and res.zone != "reject"):
                    want = probe["branch"]
                    print(f"  PROBE [{res.zone}] {probe['reply']!r}: want {want} {res.ranking[:2]}")
    if n:
        print(f"scenario probes ({path.name}): forced {forced / n:.1%}   "
              f"with rejection {kept / n:.1%}  (n={n})")


if __name__ == "__main__":
    raise SystemExit(main())
