"""Independent holdout evaluation of the reply analyser (branch matching + behaviour tags).

    python bench/eval_holdout.py [--replies FILE] [--branches FILE | --tags-only] [--errors] [--worst N]

Data: bench/data/holdout-replies.yaml (labelled replies, tags) and bench/data/holdout-branches.yaml
(branch cases), written without reading the analyser's rules or training data (docs/holdout.md).

Figures printed:
  forced accuracy       top-ranked branch == gold, over on-topic replies (zones ignored)
  with rejection        over ALL replies: a `none` reply is right if rejected, any other reply is right
                        if it lands in accept/confirm on the gold branch (also shown over on-topic only)
  off-topic rejected    share of `none` replies put in the reject zone
  tags                  per-tag precision/recall/F1 over the 12 SPEC section 4 tags, macro-F1 over the
                        tags present in the gold labels (`neutral_info` = no tag)
  worst errors          the N most serious mistakes (wrong branch accepted > off-topic accepted >
                        wrong branch offered for confirmation > good reply rejected; tag errors weighted
                        by count, a false breach tag counting 1.5), with reply / expected / got
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.model import COMPOSURE_TAGS, EMPATHY_TAGS  # noqa: E402  (the SPEC's section 4 tags)

DATA = ROOT / "bench" / "data"
EMPATHY = list(EMPATHY_TAGS)
BREACHES = list(COMPOSURE_TAGS)
SPEC_TAGS = EMPATHY + BREACHES


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def eval_branches(analyzer, cases: list[dict], errors: list) -> dict:
    from game.understanding.base import BranchOption

    st = {
        k: 0
        for k in (
            "n_on",
            "forced",
            "ok_on",
            "n_off",
            "off_rej",
            "asr_n",
            "asr_forced",
            "on_rejected",
            "confirm_on",
        )
    }
    for case in cases:
        options = [BranchOption(bid, tuple(ex)) for bid, ex in case["branches"].items()]
        for r in case["replies"]:
            res = analyzer.match(r["text"], options, case.get("customer"))
            gold, best, zone = r["branch"], res.best, res.zone
            got = f"{best} [{zone} {res.confidence:.2f}]"
            where = f'{case["id"]} "{case.get("customer", "")[:50]}"'
            if gold == "none":
                st["n_off"] += 1
                if zone == "reject":
                    st["off_rej"] += 1
                else:
                    sev = 2.5 + res.confidence if zone == "accept" else 1.5 + res.confidence
                    errors.append((sev, "OFF-TOPIC", r["text"], "reject", got, where))
                continue
            st["n_on"] += 1
            st["forced"] += best == gold
            if r.get("asr"):
                st["asr_n"] += 1
                st["asr_forced"] += best == gold
            st["on_rejected"] += zone == "reject"
            st["confirm_on"] += zone == "confirm"
            ok = zone != "reject" and best == gold
            st["ok_on"] += ok
            if not ok:
                if zone == "reject":
                    sev = 1.5 if best == gold else 2.0
                elif zone == "accept":
                    sev = 3.0 + res.confidence
                else:
                    sev = 2.0 + res.confidence
                top = ", ".join(f"{b} {s:.2f}" for b, s in res.ranking[:3])
                errors.append((sev, "BRANCH", r["text"], gold, f"{got}  ranking: {top}", where))
    return st


def eval_tags(analyzer, data: dict, errors: list) -> dict:
    situations = data.get("situations", {})
    replies = data.get("replies", [])
    present = [t for t in SPEC_TAGS if any(t in r["tags"] for r in replies)]
    cnt = {t: [0, 0, 0] for t in SPEC_TAGS}  # tp fp fn
    cnt_asr = {t: [0, 0, 0] for t in SPEC_TAGS}
    exact = 0
    neutral_clean = neutral_n = 0
    for r in replies:
        ev = analyzer.tags(r["text"], situations.get(r.get("situation")))
        pred = {e.tag for e in ev} & set(SPEC_TAGS)
        gold = {t for t in r["tags"] if t != "neutral_info"}
        exact += pred == gold
        if not gold:
            neutral_n += 1
            neutral_clean += not pred
        for t in SPEC_TAGS:
            for c in (cnt, cnt_asr) if r.get("asr") else (cnt,):
                if t in pred and t in gold:
                    c[t][0] += 1
                elif t in pred:
                    c[t][1] += 1
                elif t in gold:
                    c[t][2] += 1
        if pred != gold:
            missed, extra = sorted(gold - pred), sorted(pred - gold)
            sev = len(missed) + sum(1.5 if t in BREACHES else 1.0 for t in extra)
            quotes = "; ".join(f"{e.tag}<-'{e.quote}'" for e in ev if e.tag in extra)
            got = f"{sorted(pred) or ['(none)']}  missed {missed} extra {extra}" + (
                f"  [{quotes}]" if quotes else ""
            )
            errors.append(
                (
                    sev,
                    "TAGS",
                    r["text"],
                    str(sorted(gold) or ["neutral_info"]),
                    got,
                    f"{r['id']} {r.get('situation', '')}{' asr' if r.get('asr') else ''}",
                )
            )
    return {
        "cnt": cnt,
        "cnt_asr": cnt_asr,
        "present": present,
        "n": len(replies),
        "exact": exact,
        "neutral": (neutral_clean, neutral_n),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replies", type=Path, default=DATA / "holdout-replies.yaml")
    ap.add_argument("--branches", type=Path, default=DATA / "holdout-branches.yaml")
    ap.add_argument("--tags-only", action="store_true", help="measure the tags only (a replies file alone)")
    ap.add_argument("--worst", type=int, default=15, help="how many of the worst errors to list")
    ap.add_argument("--errors", action="store_true", help="list every error, not only the worst")
    args = ap.parse_args()
    rdata = yaml.safe_load(args.replies.read_text(encoding="utf-8"))
    bdata = {} if args.tags_only else yaml.safe_load(args.branches.read_text(encoding="utf-8"))

    t0 = time.perf_counter()
    from game.understanding.default import default_analyzer

    analyzer = default_analyzer()
    analyzer.tags("warm up", None)
    print(
        f"analyser: {getattr(analyzer, 'name', type(analyzer).__name__)}   "
        f"load: {(time.perf_counter() - t0) * 1000:.0f} ms"
    )

    errors: list = []
    t1 = time.perf_counter()
    b = eval_branches(analyzer, bdata.get("branch_cases", []), errors)
    t2 = time.perf_counter()
    tg = eval_tags(analyzer, rdata, errors)
    t3 = time.perf_counter()

    if b["n_on"]:
        print_branches(b, len(bdata.get("branch_cases", [])), t2 - t1)
    print_tags(tg, t3 - t2)

    errors.sort(key=lambda e: -e[0])
    shown = errors if args.errors else errors[: args.worst]
    print(f"\n== {'all' if args.errors else 'worst'} {len(shown)} of {len(errors)} errors")
    for sev, kind, text, want, got, where in shown:
        print(f"[{kind} {sev:.1f}] {where}\n    reply: {text}\n    expected: {want}\n    got: {got}")
    return 0


def print_branches(b: dict, n_cases: int, seconds: float) -> None:
    n_on, n_off = b["n_on"], b["n_off"]
    n_all = n_on + n_off
    print(
        f"\n== branches: {n_cases} cases, "
        f"{n_on} on-topic + {n_off} off-topic replies ({seconds * 1000 / max(n_all, 1):.1f} ms/reply)"
    )
    print(
        f"forced accuracy (on-topic, top-1):        {b['forced'] / n_on:6.1%}  "
        f"({b['forced']}/{n_on})   goal >= 95%"
    )
    print(
        f"accuracy with rejection (all replies):    {(b['ok_on'] + b['off_rej']) / n_all:6.1%}  "
        f"({b['ok_on'] + b['off_rej']}/{n_all})   goal >= 93%"
    )
    print(
        f"  on-topic only (accept/confirm correct): {b['ok_on'] / n_on:6.1%}  ({b['ok_on']}/{n_on}); "
        f"on-topic rejected {b['on_rejected']}, sent to confirm {b['confirm_on']}"
    )
    print(
        f"off-topic rejected:                       {b['off_rej'] / max(n_off, 1):6.1%}  "
        f"({b['off_rej']}/{n_off})   goal >= 90%"
    )
    if b["asr_n"]:
        print(
            f"  forced accuracy on ASR-style replies:   {b['asr_forced'] / b['asr_n']:6.1%}  "
            f"({b['asr_forced']}/{b['asr_n']})"
        )



def print_tags(tg: dict, seconds: float) -> None:
    print(
        f"\n== tags: {tg['n']} replies ({seconds * 1000 / max(tg['n'], 1):.1f} ms/reply); exact tag set "
        f"{tg['exact'] / tg['n']:.1%}; neutral replies left untagged {tg['neutral'][0]}/{tg['neutral'][1]}"
    )
    print(f"{'tag':20} {'prec':>5} {'rec':>5} {'f1':>5}  tp/fp/fn   | ASR only f1 (tp/fp/fn)")
    f1s = []
    for t in SPEC_TAGS:
        p, r, f = prf(*tg["cnt"][t])
        fa = prf(*tg["cnt_asr"][t])[2]
        mark = "" if t in tg["present"] else "  (not in gold, excluded from macro)"
        if t in tg["present"]:
            f1s.append(f)
        print(
            f"{t:20} {p:5.2f} {r:5.2f} {f:5.2f}  {'/'.join(map(str, tg['cnt'][t])):9}  | "
            f"{fa:5.2f} ({'/'.join(map(str, tg['cnt_asr'][t]))}){mark}"
        )
    emp = [prf(*tg["cnt"][t])[2] for t in EMPATHY if t in tg["present"]]
    bre = [prf(*tg["cnt"][t])[2] for t in BREACHES if t in tg["present"]]
    print(
        f"tag macro-F1 over {len(f1s)} tags: {statistics.mean(f1s):.3f}   goal >= 0.75   "
        f"(empathy {statistics.mean(emp):.3f}, breaches {statistics.mean(bre):.3f})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
