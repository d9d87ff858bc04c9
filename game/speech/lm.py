# ruff: noqa: SIM905  (word lists read better as text)
"""Text for the recognisers' per-node language models and grammars, built from authored examples.

A node's expected replies are the trainer's examples; the recogniser is biased toward them but must
still hear paraphrases, so the corpus is the examples (weighted) plus a general set of things
service staff say. Words the recogniser's dictionary lacks are dropped (a callable tells which).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|[0-9]+")
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split(" ")
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(" ")

GENERAL_REPLIES: tuple[str, ...] = (
    "I'm sorry about that",
    "I'm really sorry this happened",
    "I understand how frustrating this is",
    "I can see why you are upset",
    "that must be really stressful",
    "let me look into this for you right now",
    "let me check what happened",
    "can you tell me a bit more about what happened",
    "what would help you most right now",
    "could I have your order number please",
    "I will sort this out for you today",
    "I can offer you a refund or a replacement",
    "we can send a replacement tomorrow",
    "I will call you back within the hour",
    "thank you for your patience",
    "thank you for telling me",
    "you are right to be annoyed",
    "that is not the service you should get",
    "I will make sure this gets fixed",
    "is there anything else I can do for you",
    "there is nothing I can do",
    "that is our policy",
    "calm down",
    "it is not my fault",
    "you should have read the terms",
    "I hear you",
    "okay",
    "yes",
    "no",
    "please",
    "sir",
    "madam",
)


_CURRENCY = {"£": "pounds", "$": "dollars", "€": "euros"}
_MONEY = re.compile(r"([£$€])\s?([0-9]+)")


def number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + ("" if rest == 0 else " and " + number_words(rest))
    return " ".join(_ONES[int(d)] for d in str(n))


def lm_words(text: str) -> list[str]:
    """Lowercase words as a recogniser writes them: punctuation gone, apostrophes kept, digits spelled."""
    cleaned = text.lower().replace("’", "'").replace("%", " percent").replace("&", " and ")
    # Whisper writes amounts as "£45" where people (and the examples) say "45 pounds".
    cleaned = _MONEY.sub(lambda m: f"{m.group(2)} {_CURRENCY[m.group(1)]} ", cleaned)
    words: list[str] = []
    for token in _TOKEN.findall(cleaned):
        if token.isdigit():
            words.extend(number_words(int(token)).split())
        else:
            words.append(token)
    return words


def lm_corpus(
    examples: Iterable[str],
    *,
    general: Sequence[str] = GENERAL_REPLIES,
    example_weight: int = 3,
    known: Callable[[str], bool] | None = None,
) -> list[str]:
    """Sentences for a language model: each example ``example_weight`` times, then the general set."""
    lines: list[str] = []

    def add(text: str, times: int) -> None:
        words = [w for w in lm_words(text) if known is None or known(w)]
        if words:
            lines.extend([" ".join(words)] * times)

    for example in examples:
        add(example, example_weight)
    for sentence in general:
        add(sentence, 1)
    return lines


def phrase_list(examples: Iterable[str], known: Callable[[str], bool] | None = None) -> list[str]:
    """Distinct normalised phrases (for grammar-capable recognisers such as Vosk)."""
    seen: dict[str, None] = {}
    for example in examples:
        words = [w for w in lm_words(example) if known is None or known(w)]
        if words:
            seen.setdefault(" ".join(words), None)
    return list(seen)


def ends_like_expected(partial: str, expected: Sequence[str], tail: int = 2) -> bool:
    """True when ``partial`` (the words heard so far) ends the way one of the ``expected`` phrases
    ends (its last ``tail`` words; a phrase that short must match whole). Used to end a hands-free
    turn early: a pause after "...why you're upset" is the end of the reply, not a breath."""
    heard = lm_words(partial)
    if not heard:
        return False
    for phrase in expected:
        words = lm_words(phrase)
        if not words:
            continue
        if len(words) <= tail:
            if heard[-len(words) :] == words and len(heard) <= len(words) + tail:
                return True
            continue
        # The recogniser's running guess often adds a stray word on the pause, or mishears the
        # last word: accept the phrase's end followed by one extra word, or all but its last word.
        end = words[-tail:]
        if heard[-tail:] == end or heard[-tail - 1 : -1] == end:
            return True
        if len(words) > tail and len(heard) > tail and heard[-tail - 1 : -1] == words[-tail - 1 : -1]:
            return True
    return False


def jsgf_grammar(phrases: Sequence[str], name: str = "replies") -> str:
    """A JSGF grammar accepting exactly ``phrases``."""
    alternatives = " | ".join(f"( {p} )" for p in phrases) or "<NULL>"
    return f"#JSGF V1.0;\ngrammar {name};\npublic <reply> = {alternatives};\n"


def corpus_key(lines: Sequence[str], engine: str) -> str:
    digest = hashlib.sha256(("\n".join([engine, *lines])).encode("utf-8")).hexdigest()
    return digest[:24]


def prompt_text(examples: Sequence[str], max_words: int = 60) -> str:
    """A short Whisper ``initial_prompt`` from the node's examples: the node's vocabulary and style,
    as the per-node LM gives pocketsphinx. Every prompt token costs decoder time, so it stops at
    ``max_words``. Examples come grouped by branch, so they are taken with a stride of 3 (every third
    first, then the rest): the words of every branch get in before a second example of any. Each
    ends with a full stop so Whisper punctuates (and so segments) as in the prompt."""
    distinct = list(dict.fromkeys(" ".join(e.split()) for e in examples if e.strip()))
    ordered = [e for start in range(3) for e in distinct[start::3]]
    chosen: list[str] = []
    count = 0
    for example in ordered:
        words = example.split()
        if count + len(words) > max_words:
            continue
        chosen.append(" ".join(words).rstrip(".!?,;:") + ".")
        count += len(words)
    return " ".join(chosen)


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def trim_repeats(text: str) -> str:
    """Drop a looping tail: Whisper with a short window sometimes says the reply again (and again, cut
    off) after it ends, e.g. "Can I take your order number? Can I take your order number? Can I".
    Only a tail made entirely of sentences that repeat an earlier one (or are the start of one) goes:
    "Sorry. Let me check. Sorry. I'll refund you." keeps every word."""
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(text)]
    words = [lm_words(sentence) for sentence in sentences]
    keep = len(sentences)
    while keep > 1:
        last = words[keep - 1]
        earlier = words[: keep - 1]
        if last and any(last == before[: len(last)] for before in earlier):
            keep -= 1
        else:
            break
    return " ".join(s for s, w in zip(sentences[:keep], words[:keep], strict=True) if w)


def close_to_example(text: str, examples: Sequence[str], max_edits: int = 1) -> bool:
    """True when ``text`` is one of ``examples`` word for word, give or take ``max_edits`` words (for
    examples of 4+ words; shorter ones must match exactly). The hybrid recogniser trusts pocketsphinx's
    per-node model then: it hears authored wording near perfectly, while new wording comes out as
    fragments of several examples, not as one whole example (docs/benchmarks.md)."""
    heard = lm_words(text)
    if not heard:
        return False
    for example in examples:
        words = lm_words(example)
        if not words:
            continue
        allowed = max_edits if len(words) >= 4 else 0
        if abs(len(words) - len(heard)) <= allowed and word_edits(words, heard) <= allowed:
            return True
    return False


def word_edits(a: Sequence[str], b: Sequence[str]) -> int:
    """Levenshtein distance in words (insertions, deletions, substitutions): also the WER numerator."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
        previous = current
    return previous[-1]
