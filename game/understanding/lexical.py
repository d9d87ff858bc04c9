"""Pure-Python lexical similarity: TF-IDF over stemmed words, word pairs and character n-grams.

Used as the always-available matcher (no model files) and as one feature of the combined matcher.
Negation is kept as a feature ("not" joins the next content word: ``not_return``), so
"you can send it back free" and "don't send it back" do not look the same.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from game.understanding.text import STOPWORDS, Norm, normalize, stem

_NEGATORS = frozenset({"not", "no", "never", "without", "nothing", "nobody", "none"})
_KEEP = frozenset(
    {"you", "your", "i", "we", "my", "our", "not", "no", "never", "now", "today", "how", "what", "why",
     "when"}
)


Feats = dict[str, float]


def features(norm: Norm) -> Feats:
    """Weighted sparse features of one text (before IDF)."""
    feats: defaultdict[str, float] = defaultdict(float)
    content: list[str] = []
    negate = 0
    for w in norm.words:
        if w in _NEGATORS:
            negate = 3
            feats["w:not"] += 1.0
            continue
        if w in STOPWORDS and w not in _KEEP:
            negate = max(0, negate - 1)
            continue
        s = stem(w)
        if negate and w not in _KEEP:
            feats["neg:" + s] += 1.0
            negate = 0
        content.append(s)
        feats["w:" + s] += 1.0
    for a, b in itertools.pairwise(content):
        feats["b:" + a + "_" + b] += 0.5
    for w in norm.words:
        if w in STOPWORDS:
            continue
        padded = f" {w} "
        for n in (3, 4):
            for i in range(len(padded) - n + 1):
                feats["c:" + padded[i : i + n]] += 0.25
    if norm.question:
        feats["q:?"] += 1.0
    return dict(feats)


class TfidfSpace:
    """IDF learnt from a small set of documents (a node's examples), cosine between texts."""

    def __init__(self, docs: Sequence[Feats]) -> None:
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        n = len(docs)
        self._idf = {f: math.log((1 + n) / (1 + c)) + 1.0 for f, c in df.items()}
        self._default_idf = math.log(1 + n) + 1.0

    def vector(self, feats: Feats) -> dict[str, float]:
        idf = self._idf
        vec = {f: (1.0 + math.log(v)) * idf.get(f, self._default_idf) for f, v in feats.items() if v > 0}
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        return {f: x / norm for f, x in vec.items()}

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(f, 0.0) for f, x in a.items())


def lexical_scores(reply: str, examples: Sequence[Sequence[str]]) -> list[list[float]]:
    """Cosine of ``reply`` to every example of every branch (outer: branch, inner: example)."""
    ex_feats = [[features(normalize(e)) for e in branch] for branch in examples]
    space = TfidfSpace([f for branch in ex_feats for f in branch])
    r = space.vector(features(normalize(reply)))
    return [[space.cosine(r, space.vector(f)) for f in branch] for branch in ex_feats]


_NEG_SCOPE = 6
"""How many words after a negator it reaches ("not able to send a new one": able, send, new, one),
unless a new clause starts first (a conjunction or a new subject)."""
_NEG_BREAK = frozenset({"but", "and", "so", "because", "or", "then", "though", "although", "while",
                        "i", "you", "we", "they", "he", "she"})
_NEG_CUES = frozenset({"not", "no", "never", "without", "nothing"})
_NEG_BLIND = frozenset({"worry", "need", "have", "problem", "bother", "sure"})
"""Negated words that carry no action ("don't worry", "no need", "no problem")."""


_PHRASE_AS: dict[tuple[str, str], str] = {
    ("money", "back"): "refund", ("pay", "back"): "refund", ("paid", "back"): "refund",
    ("swap", "it"): "replace", ("new", "one"): "replace",
}
"""Two-word phrases that mean a single action word ("no money back" negates a refund)."""


def polarity(norm: Norm) -> tuple[frozenset[str], frozenset[str]]:
    """(stems said positively, stems under a negation) of the content words of a text."""
    pos: set[str] = set()
    neg: set[str] = set()
    scope = 0
    prev = ""
    for w in norm.words:
        w, prev = _PHRASE_AS.get((prev, w), w), w
        if w in _NEG_CUES:
            scope = _NEG_SCOPE
            continue
        if w in _NEG_BREAK:
            scope = 0
            continue
        if w in STOPWORDS or len(w) < 3:
            scope = max(0, scope - 1)
            continue
        s = stem(w[:-4] if w.endswith("able") and len(w) > 8 else w)  # "refundable" -> refund
        if scope and w not in _NEG_BLIND:
            neg.add(s)
        elif not scope:
            pos.add(s)
        scope = max(0, scope - 1)
    return frozenset(pos), frozenset(neg)


def negation_conflicts(reply: Norm, example: Norm) -> int:
    """Content words one text says and the other negates ("send it back" vs "don't send it back")."""
    rp, rn = polarity(reply)
    ep, en = polarity(example)
    return len((rp & en) - ep) + len((rn & ep) - rp)


def negation_agreements(reply: Norm, example: Norm) -> int:
    """Content words both texts negate ("no money back" and "I can't refund the deposit")."""
    return len(polarity(reply)[1] & polarity(example)[1])


_CONTRAST = frozenset({"but", "however", "instead", "though", "although", "still", "yet"})
_CLAUSE_END = re.compile(r"[,.;:!?]|\s[-–—]\s")
_NEGATED_OPENING = re.compile(
    r"^\s*(?:(?:ok|okay|sorry|look|well|right|so|no|yeah|yes)\W+)*"
    r"(?:i|we|you|it|that|this|they|there|he|she|(?:his|her|your|my|our|their|the)\s+\w+)\s+(?:\w+\s+){0,2}?(?:not|never|no)\b|"
    r"^\s*(?:\w+\W+){0,5}?\w+n['’]?t\b|^\s*(?:no|not|never)\b"
)


def _negated_opening(clause: str) -> bool:
    return _NEGATED_OPENING.search(" ".join(normalize(clause).words)) is not None


def contrast_focus(reply: str) -> str | None:
    """The clause a "not X, but Y" reply commits to (Y), or None when there is no contrast.

    "I can't upgrade you, but I can pay for a room across the street" -> "I can pay for a room
    across the street"; "You don't need to send it, I can close it today" -> "I can close it today"
    (a negated opening clause followed by a positive one); "cancelled, no money back though" ->
    "no money back" (a trailing "though" marks its own clause as the point)."""
    words = normalize(reply).words
    if len(words) < 4:
        return None
    lowered = reply.strip()
    # "X, but/however/instead Y": Y is the point.
    m = re.search(r"(?i)(?:^|[\s,;.\-–—])(?:but|however|instead|although|though)\b[\s,]*(.+)$", lowered)
    if m and m.start() > 0:
        tail = m.group(1).strip()
        last = re.sub(r"\W+$", "", tail).lower()
        if last in {"though", "tho"} or last.endswith((" though", " tho")):
            pass
        elif len(normalize(tail).words) >= 2 and not _negated_opening(tail):
            return tail  # "X, but I won't Y" is not a "not X, but Y": the whole reply counts
    # "... Y though": the clause that ends in "though" is the point.
    m = re.search(r"(?i)(?:^|[,.;:!?]\s*|\s[-–—]\s)([^,.;:!?]+?)\s+(?:though|tho)\W*$", lowered)
    if m:
        clause = m.group(1).strip()
        if 2 <= len(normalize(clause).words) < len(words):
            return clause
    # "Not X, Y": a negated opening clause, then a positive one.
    parts = [p.strip() for p in _CLAUSE_END.split(lowered) if p.strip()]
    if len(parts) >= 2 and _negated_opening(parts[0]):
        rest = lowered[lowered.find(parts[1]):].strip()
        rest_norm = normalize(rest)
        if len(rest_norm.words) >= 3 and not (set(rest_norm.words[:3]) & _NEG_CUES):
            return rest
    return None


_ASSENT_START = frozenset(
    {"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "absolutely", "certainly", "definitely", "right",
     "fine", "alright", "course", "of", "no", "will", "go", "deal", "done", "sounds", "happy", "consider",
     "i", "we", "let", "that"}
)
_ASSENT_WORDS = _ASSENT_START | frozenset(
    {"problem", "do", "can", "will", "that", "this", "it", "for", "you", "sir", "madam", "mate", "love",
     "please", "then", "ahead", "good", "great", "is", "us", "to", "happy", "help", "done", "thing",
     "straight", "away", "now", "am", "are", "shall", "sort", "arrange", "on", "the", "way", "be", "a",
     "pleasure", "fine", "absolutely", "certainly", "sure", "course", "no", "yes", "ok", "okay", "right"}
)
_ASSENT_KEY = frozenset(
    {"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "absolutely", "certainly", "definitely", "alright",
     "course", "deal", "done", "ahead"}
)


_BARE_ACKNOWLEDGEMENT = frozenset({"ok", "okay", "right", "fine", "alright", "then", "so", "well", "yeah"})


def is_assent(reply: str) -> bool:
    """A short "yes" with no content of its own: "Yes, I can do that", "of course", "sure, go ahead".

    Such a reply says yes to what the customer just asked; it matches no branch by its words, so the
    matcher must not reject it as off-topic. "No problem" counts; "no" alone does not (it refuses),
    nor does a bare "ok" (it acknowledges, it agrees to nothing)."""
    words = normalize(reply).words
    if not 1 <= len(words) <= 8 or words[0] not in _ASSENT_START:
        return False
    if not set(words) <= _ASSENT_WORDS:
        return False
    if set(words) <= _BARE_ACKNOWLEDGEMENT:
        return False  # "ok", "right then": heard, not agreed to anything
    joined = " ".join(words)
    if set(words) & _ASSENT_KEY or "no problem" in joined:
        return True
    return joined.startswith(("i can do", "we can do", "will do"))


_REQUEST = re.compile(
    r"\?|\b(?:can|could|will|would)\s+(?:you|i|we|someone|somebody)\b|\b(?:i|we)\s+(?:want|need|would\s+like|demand|expect)\b"
    r"|\bplease\b|\b(?:just|now)\s+(?:give|send|put|get|refund|fix|book|let|tell|find|move|change|cancel|sort|call)\b|\bi\s+d\s+like\b"
)


def is_request(line: str) -> bool:
    """Whether the customer's line asks for something (a question, "can you ...", "I want ...",
    "just give me ..."): only then is a bare "yes" an answer to it."""
    return _REQUEST.search(" ".join(normalize(line).words) + ("?" if "?" in line else "")) is not None


_OFFER_QUESTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "can I take your account number?" asks for something: not an offer.
    (re.compile(r"\b(?:shall|should|can|could|may)\s+(i|we)\s+"
                r"(?!ask\b|have\b|take\s+(?:your|a\s+few)\b|get\s+your\b|check\s+your\b)(.+?)\s*\??$"),
     r"\1 will \2"),
    (re.compile(r"\b(?:do\s+you\s+want|would\s+you\s+like)\s+(?:me|us)\s+to\s+(.+?)\s*\??$"), r"I will \1"),
    (re.compile(r"\bwould\s+it\s+help\s+if\s+(i|we)\s+(.+?)\s*\??$"), r"\1 will \2"),
    (re.compile(r"\bwould\s+((?:a|an|the|some)\s+.+?)\s+help(?:\s+.*)?\s*\??$"), r"I can give you \1"),
    (re.compile(r"\bhow\s+about\s+(i|we)\s+(.+?)\s*\??$"), r"\1 will \2"),
    (re.compile(r"\b(?:how\s+about|what\s+about|can\s+i\s+offer\s+you)\s+((?:a|an|the|some)\s+.+?)\s*\??$"),
     r"I can give you \1"),
)


_INFO_QUESTION = re.compile(
    r"^(?:(?:ok|okay|right|so|and|sorry|great|thanks|thank you|alright)\W+)*(?:"
    r"(?:which|when|where|who|whose)\b|(?:what|how)\b(?!\s+(?:about|if)\b)|why\b(?!\s+(?:not|don't))|"
    r"(?:do|did|does|is|are|was|were|have|has|had)\s+(?:you|it|they|he|she|there|that|this|your|the|any)\b|"
    r"(?:can|could|may)\s+(?:i|we)\s+(?:have|take|get|see|grab|check|confirm|ask)\b|"
    r"(?:can|could|would)\s+you\s+(?:please\s+)?(?:tell|give|read|confirm|show|send|remind)\b)"
)


def is_info_question(text: str) -> bool:
    """A question that asks the customer for information ("which room were you in?", "did you pay
    online?"), as opposed to an offer ("shall I ...?") or a request to act ("could you phone them?").

    The last sentence decides: "I'm sorry. What's your postcode?" asks; "What a mess, I'll fix it" does
    not. Speech-recogniser text has no question mark, so the opening words decide there."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p.strip()]
    if not parts:
        return False
    last = " ".join(parts[-1].lower().replace("’", "'").split())
    if not _INFO_QUESTION.match(last):
        return False
    return last.endswith("?") or not re.search(r"[.!]$", last)


def offer_statement(reply: str) -> str | None:
    """An offer asked as a question, said as the commitment it is: "shall I book it?" -> "I will
    book it", "would a courtesy bike help for now?" -> "I can give you a courtesy bike". Trainers
    write offers as statements; asked, the reply looks like an exploring question to the matcher.
    Questions that ask for something ("can I take your account number?") are left alone."""
    text = " ".join(reply.strip().lower().replace("’", "'").split())
    if "?" not in text:
        return None
    tail = text.rsplit(".", 1)[-1].rsplit(",", 1)[-1].strip() if text.count("?") == 1 else text
    head = text[: len(text) - len(tail)] if text.endswith(tail) else ""
    for pattern, statement in _OFFER_QUESTIONS:
        m = pattern.search(tail)
        if m and len(m.group(m.lastindex or 0).split()) >= 1:
            return " ".join((head + " " + m.expand(statement)).split())  # "a seat at six, i will book it"
    return None
