# ruff: noqa: SIM905  (word lists read better as text)
"""Text normalisation shared by matching and tagging, robust to speech-recogniser output.

Typed replies and ASR transcripts differ: no punctuation, no apostrophes ("im", "ill", "dont"),
homophones ("your" for "you're", "here" for "hear", "sari" for "sorry"). ``normalize`` maps both
to one canonical lowercase word sequence and remembers, for every canonical word, the span of the
original text it came from, so a pattern found in canonical form can quote the trainee's own words.
Pure Python, deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[?!]")

# Contractions, with and without apostrophe (ASR drops them). Ambiguous bare forms ("ill", "well",
# "were", "hell", "shell", "wed") are only expanded where the result is clearly the likelier reading.
_CONTRACTIONS: dict[str, str] = {
    "i'm": "i am", "im": "i am", "i'll": "i will", "i've": "i have", "ive": "i have", "i'd": "i would",
    "you're": "you are", "youre": "you are", "you'll": "you will", "youll": "you will",
    "you've": "you have", "youve": "you have", "you'd": "you would", "youd": "you would",
    "we're": "we are", "we'll": "we will", "we've": "we have", "weve": "we have", "we'd": "we would",
    "they're": "they are", "theyre": "they are", "they'll": "they will", "theyll": "they will",
    "they've": "they have", "theyve": "they have",
    "it's": "it is", "it'll": "it will", "itll": "it will", "it'd": "it would",
    "that's": "that is", "thats": "that is", "that'll": "that will", "thatll": "that will",
    "there's": "there is", "theres": "there is", "here's": "here is", "heres": "here is",
    "what's": "what is", "whats": "what is", "who's": "who is", "whos": "who is",
    "where's": "where is", "wheres": "where is", "how's": "how is", "hows": "how is",
    "let's": "let us", "lets": "let us", "he's": "he is", "she's": "she is", "shes": "she is",
    "don't": "do not", "dont": "do not", "doesn't": "does not", "doesnt": "does not",
    "didn't": "did not", "didnt": "did not", "can't": "can not", "cant": "can not", "cannot": "can not",
    "won't": "will not", "wont": "will not", "isn't": "is not", "isnt": "is not",
    "aren't": "are not", "arent": "are not", "wasn't": "was not", "wasnt": "was not",
    "weren't": "were not", "werent": "were not", "haven't": "have not", "havent": "have not",
    "hasn't": "has not", "hasnt": "has not", "hadn't": "had not", "hadnt": "had not",
    "shouldn't": "should not", "shouldnt": "should not", "couldn't": "could not", "couldnt": "could not",
    "wouldn't": "would not", "wouldnt": "would not", "mustn't": "must not", "needn't": "need not",
    "should've": "should have", "shouldve": "should have", "could've": "could have",
    "couldve": "could have", "would've": "would have", "wouldve": "would have",
    "must've": "must have", "mustve": "must have", "y'all": "you all", "gonna": "going to",
    "wanna": "want to", "gotta": "got to", "ain't": "is not", "aint": "is not",
    "ill": "i will", "id": "i would", "its": "it is",
}

# Common recogniser homophones and spelling variants -> the word meant in a service reply.
_HOMOPHONES: dict[str, str] = {
    "sari": "sorry", "sorrie": "sorry", "soz": "sorry", "sorr": "sorry",
    "apologise": "apologize", "apologised": "apologized", "apologising": "apologizing",
    "apologises": "apologizes", "recognise": "recognize", "realise": "realize", "organise": "organize",
    "prioritise": "prioritize", "authorise": "authorize", "authorisation": "authorization",
    "threw": "through", "thru": "through", "nightmare": "nightmare", "ok": "okay", "alright": "all right",
    "colour": "color", "cancelled": "canceled", "cancelling": "canceling", "behaviour": "behavior",
    "centre": "center", "cheque": "check", "favour": "favor", "neighbours": "neighbors",
    "neighbour": "neighbor", "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please",
    "thanx": "thanks", "cuz": "because", "cos": "because", "coz": "because", "tho": "though",
}

# Two-word ASR splits / joins.
_BIGRAM_FIXES: dict[tuple[str, str], str] = {
    ("night", "mare"): "nightmare", ("any", "one"): "anyone", ("every", "one"): "everyone",
    ("some", "one"): "someone", ("no", "body"): "nobody", ("every", "body"): "everybody",
    ("my", "self"): "myself", ("your", "self"): "yourself", ("to", "day"): "today",
    ("to", "morrow"): "tomorrow", ("to", "night"): "tonight", ("walking", "days"): "working days",
}

# After "your"/"ur": words that show the speaker meant "you're".
_YOURE_NEXT = frozenset(
    """not right wrong absolutely completely totally quite so very being going welcome sure correct
    entitled upset frustrated angry annoyed worried stressed disappointed fed understandably
    rightly definitely really just only still already always never probably clearly obviously
    in on at the a an all getting asking telling saying talking trying waiting looking""".split()
)


@dataclass(frozen=True)
class Norm:
    """A reply in canonical form: ``words`` with, for each, the original character span."""

    original: str
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    question: bool
    """The reply asks something (a question mark, or an ASR-style question opening)."""
    sentences: tuple[tuple[int, int], ...] = ()
    """Word index ranges [start, end) of the sentences (split at . ? ! ; followed by a space)."""

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def char_to_word(self) -> list[int]:
        """For each character of ``text``, the index of the word it belongs to (spaces: next word)."""
        out: list[int] = []
        for i, word in enumerate(self.words):
            out.extend([i] * len(word))
            out.append(i + 1)
        return out

    def quote(self, start_word: int, end_word: int) -> tuple[str, int, int]:
        """The original text covering canonical words ``start_word .. end_word - 1``."""
        if not self.words:
            return "", 0, 0
        start_word = max(0, min(start_word, len(self.words) - 1))
        end_word = max(start_word + 1, min(end_word, len(self.words)))
        a = self.spans[start_word][0]
        b = self.spans[end_word - 1][1]
        return self.original[a:b], a, b


_QUESTION_START = frozenset(
    """what when where why how who which whose can could would will do does did is are was were
    have has may shall should""".split()
)


def normalize(text: str) -> Norm:
    raw: list[tuple[str, int, int]] = []
    has_qmark = False
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok == "?":
            has_qmark = True
            continue
        if tok == "!":
            continue
        raw.append((tok.lower().replace("’", "'"), m.start(), m.end()))
    # two-word fixes first (on raw lowercase tokens)
    merged: list[tuple[str, int, int]] = []
    i = 0
    while i < len(raw):
        if i + 1 < len(raw) and (raw[i][0], raw[i + 1][0]) in _BIGRAM_FIXES:
            merged.append((_BIGRAM_FIXES[(raw[i][0], raw[i + 1][0])], raw[i][1], raw[i + 1][2]))
            i += 2
            continue
        merged.append(raw[i])
        i += 1
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for idx, (tok, a, b) in enumerate(merged):
        nxt = merged[idx + 1][0] if idx + 1 < len(merged) else ""
        prev = words[-1] if words else ""
        tok = _HOMOPHONES.get(tok, tok)
        if tok in ("your", "ur") and nxt in _YOURE_NEXT:
            expansion = "you are"
        elif tok == "here" and prev in ("i", "we", "can", "could") and nxt in ("you", "ya", "that", "what"):
            expansion = "hear"
        elif tok == "there" and nxt in ("not", "going", "coming", "saying", "telling"):
            expansion = "they are"
        elif tok == "of" and prev in ("must", "should", "could", "would", "might"):
            expansion = "have"
        elif tok == "ill" and nxt in ("be", "feel", "health"):
            expansion = "ill" if nxt == "health" else "i will"
        elif tok == "well" and prev in ("", "oh", "ok", "okay"):
            expansion = "well"
        elif tok == "id" and nxt in ("number", "card", "please"):
            expansion = "id"
        elif tok in _CONTRACTIONS:
            expansion = _CONTRACTIONS[tok]
        else:
            expansion = _split_apostrophe(tok)
        for part in expansion.split():
            part = part.replace("'", "")
            if part:
                words.append(part)
                spans.append((a, b))
    question = has_qmark or (bool(words) and words[0] in _QUESTION_START and len(words) > 2)
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    sentences: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(words)):
        if spans[i - 1] != spans[i] and any(spans[i - 1][1] <= e < spans[i][0] for e in ends):
            sentences.append((start, i))
            start = i
    if words:
        sentences.append((start, len(words)))
    return Norm(original=text, words=tuple(words), spans=tuple(spans), question=question,
                sentences=tuple(sentences))


_SENTENCE_END = re.compile(r"[.?!;]+(?=\s|$)")


_APOSTROPHE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("n't", " not"), ("'ll", " will"), ("'re", " are"), ("'ve", " have"), ("'d", " would"), ("'m", " am"),
    ("'s", ""), ("s'", "s"),
)


def _split_apostrophe(tok: str) -> str:
    if "'" not in tok:
        return tok
    for suffix, repl in _APOSTROPHE_SUFFIXES:
        if tok.endswith(suffix) and len(tok) > len(suffix):
            return tok[: -len(suffix)] + repl
    return tok.replace("'", "")


_SUFFIXES = ("ingly", "edly", "ation", "ing", "ed", "ies", "es", "ly", "s")


def stem(word: str) -> str:
    """A tiny, stable suffix stripper (enough to join refund/refunded/refunding)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix == "ies":
                return base + "y"
            return base
    return word


STOPWORDS = frozenset(
    """a an the and or but if so to of in on at for with from by as is am are was were be been being
    it its this that these those i me my we us our you your he she they them their his her him
    do does did have has had will would can could should shall may might must just very really
    there here what which who whom when where why how all any some no not okay oh um uh well right
    then than too also about into over up out again now please let get got go going""".split()
)


def content_words(norm: Norm) -> list[str]:
    return [stem(w) for w in norm.words if w not in STOPWORDS and len(w) > 1]
