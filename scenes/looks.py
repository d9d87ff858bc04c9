"""Who the customer looks like: the authored ``appearance`` with every gap filled from the name.

Pure (no engine): the same name always gives the same person on every machine, because the
choices come from SHA-256 of the name, never from Python's per-process randomised ``hash()``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from game.model import Customer

RGB = tuple[float, float, float]


def _hex(value: str) -> RGB:
    v = value.lstrip("#")
    return (int(v[0:2], 16) / 255, int(v[2:4], 16) / 255, int(v[4:6], 16) / 255)


SKIN_TONES: dict[str, RGB] = {
    "light": _hex("#f6d7c3"),
    "fair": _hex("#eec1a2"),
    "medium": _hex("#d9a27e"),
    "olive": _hex("#c68f64"),
    "tan": _hex("#b07650"),
    "brown": _hex("#8d5a3b"),
    "dark": _hex("#643f2a"),
}
HAIR_COLORS: dict[str, RGB] = {
    "black": _hex("#1e1a18"),
    "dark_brown": _hex("#3b2619"),
    "brown": _hex("#6b4428"),
    "auburn": _hex("#8a3b1e"),
    "red": _hex("#b4532a"),
    "blonde": _hex("#d9b56a"),
    "grey": _hex("#a7a6a2"),
    "white": _hex("#e4e2dc"),
}
HAIR_STYLES: tuple[str, ...] = ("short", "long", "bun", "curly", "ponytail", "buzz", "bald", "wrap")
OUTFITS: tuple[str, ...] = ("casual", "suit", "hoodie", "blouse", "sweater", "uniform", "coat")
BUILDS: dict[str, float] = {"slim": 0.88, "average": 1.0, "broad": 1.14}
"""Shoulder-width factor per build."""

# Trainers describe looks in their own words ("long_wavy", "flat_cap_and_coat", "petite"); the first
# keyword found decides. Order matters: "short_curly" is curly, "balding" is bald.
HAIR_WORDS: tuple[tuple[str, str], ...] = (
    ("wrap", "wrap"), ("hijab", "wrap"), ("scarf", "wrap"), ("turban", "wrap"),
    ("bald", "bald"), ("thin", "bald"), ("shaved", "buzz"), ("buzz", "buzz"), ("crew", "buzz"),
    ("bun", "bun"), ("pony", "ponytail"), ("curl", "curly"), ("perm", "curly"), ("afro", "curly"),
    ("braid", "long"), ("locs", "long"), ("long", "long"), ("short", "short"), ("crop", "short"),
)  # fmt: skip
OUTFIT_WORDS: tuple[tuple[str, str], ...] = (
    ("suit", "suit"), ("blazer", "suit"), ("hood", "hoodie"), ("parka", "coat"), ("fleece", "coat"),
    ("jacket", "coat"), ("coat", "coat"), ("anorak", "coat"), ("scrubs", "uniform"), ("overall", "uniform"),
    ("uniform", "uniform"), ("vis", "uniform"), ("cardigan", "sweater"), ("sweater", "sweater"),
    ("jumper", "sweater"), ("knit", "sweater"), ("blouse", "blouse"), ("shirt", "casual"),
    ("tee", "casual"), ("casual", "casual"),
)  # fmt: skip
BUILD_WORDS: tuple[tuple[str, str], ...] = (
    ("slim", "slim"), ("thin", "slim"), ("petite", "slim"), ("small", "slim"), ("slight", "slim"),
    ("broad", "broad"), ("heavy", "broad"), ("large", "broad"), ("stocky", "broad"), ("big", "broad"),
    ("tall", "average"), ("average", "average"), ("medium", "average"),
)  # fmt: skip
SKIN_WORDS: tuple[tuple[str, str], ...] = (
    ("pale", "light"), ("light", "light"), ("fair", "fair"), ("medium", "medium"), ("olive", "olive"),
    ("tan", "tan"), ("brown", "brown"), ("dark", "dark"), ("black", "dark"),
)  # fmt: skip
HAIR_COLOR_WORDS: tuple[tuple[str, str], ...] = (
    ("dark_blond", "brown"), ("blond", "blonde"), ("ginger", "red"), ("red", "red"), ("auburn", "auburn"),
    ("dark_brown", "dark_brown"), ("brown", "brown"), ("black", "black"), ("grey", "grey"),
    ("gray", "grey"), ("silver", "grey"), ("white", "white"),
)  # fmt: skip
COLOUR_WORDS: dict[str, RGB] = {
    "red": _hex("#c0392b"), "blue": _hex("#2e6fb5"), "navy": _hex("#23395d"), "green": _hex("#3f8f4e"),
    "teal": _hex("#2a9d8f"), "yellow": _hex("#e0b62b"), "orange": _hex("#e67e22"), "purple": _hex("#7d4e9e"),
    "pink": _hex("#d96c9b"), "black": _hex("#2b2b2e"), "white": _hex("#e8e8e8"), "grey": _hex("#7f8790"),
    "gray": _hex("#7f8790"), "brown": _hex("#7a5236"), "beige": _hex("#cdb891"),
}  # fmt: skip
"""Colour words in an outfit description ("red hoodie") colour the outfit."""
UNIFORM_COLOURS: dict[str, RGB] = {
    "scrubs": _hex("#3aa6a0"),
    "overall": _hex("#3b5b8c"),
    "vis": _hex("#e8d21d"),
}
HATS: tuple[str, ...] = ("cap", "hat", "beanie")

OUTFIT_PALETTE: tuple[RGB, ...] = (
    _hex("#c0504d"),
    _hex("#4f81bd"),
    _hex("#9bbb59"),
    _hex("#8064a2"),
    _hex("#f79646"),
    _hex("#2c7873"),
    _hex("#d4a017"),
    _hex("#6d4c41"),
    _hex("#37474f"),
    _hex("#ad1457"),
)


@dataclass(frozen=True)
class Looks:
    skin: RGB
    hair_style: str
    hair_color: RGB
    outfit: str
    outfit_color: RGB
    accent_color: RGB
    build: float
    height: float
    """Standing height in metres (1.55 .. 1.9)."""
    beard: bool
    glasses: bool
    hat: bool = False


def _keyword(text: str | None, words: tuple[tuple[str, str], ...], known: tuple[str, ...] = ()) -> str | None:
    """The canonical value for a trainer's description: an exact known name, else the first
    keyword it contains, else None (then the name decides)."""
    if not text:
        return None
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    if key in known:
        return key
    for word, value in words:
        if word in key:
            return value
    return None


def _name_bytes(name: str) -> bytes:
    return hashlib.sha256(name.strip().lower().encode("utf-8")).digest()


def _pick(options: tuple[str, ...], byte: int) -> str:
    return options[byte % len(options)]


def _colour(value: str | None, named: dict[str, RGB], fallback: RGB) -> RGB:
    if value is None:
        return fallback
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    if key in named:
        return named[key]
    if key.startswith("#") and len(key) == 7:
        try:
            return _hex(key)
        except ValueError:
            return fallback
    return fallback


def looks_for(customer: Customer) -> Looks:
    """The customer's looks: authored values win; the rest is derived from the name."""
    h = _name_bytes(customer.name)
    appearance = customer.appearance
    gender = (customer.voice.gender or "").lower()
    age = (customer.voice.age or "").lower()
    senior = age in ("senior", "old", "elderly")
    young = age in ("young", "teen", "child", "youth")

    if gender == "female":
        style_pool: tuple[str, ...] = ("long", "bun", "curly", "ponytail", "short")
    elif gender == "male":
        style_pool = ("short", "buzz", "curly", "bald", "short")
    else:
        style_pool = HAIR_STYLES[:-1]
    hair_style = _keyword(appearance.hair, HAIR_WORDS, HAIR_STYLES) or _pick(style_pool, h[0])

    skin_names = tuple(SKIN_TONES)
    skin_name = _keyword(appearance.skin, SKIN_WORDS, skin_names)
    derived_skin = SKIN_TONES[_pick(skin_names, h[1])]
    skin = SKIN_TONES[skin_name] if skin_name else _colour(appearance.skin, {}, derived_skin)
    if senior:
        default_hair = HAIR_COLORS["grey" if h[2] % 2 else "white"]
    else:
        natural = ("black", "dark_brown", "brown", "auburn", "blonde", "black", "dark_brown", "red")
        default_hair = HAIR_COLORS[_pick(natural, h[2])]
    hair_name = _keyword(appearance.hair_color, HAIR_COLOR_WORDS, tuple(HAIR_COLORS))
    hair_color = HAIR_COLORS[hair_name] if hair_name else _colour(appearance.hair_color, {}, default_hair)

    outfit_text = (appearance.outfit or "").strip().lower().replace(" ", "_").replace("-", "_")
    outfit = _keyword(outfit_text, OUTFIT_WORDS, OUTFITS) or _pick(OUTFITS, h[3])
    outfit_color = OUTFIT_PALETTE[h[4] % len(OUTFIT_PALETTE)]
    for word, colour in (*UNIFORM_COLOURS.items(), *COLOUR_WORDS.items()):
        if word in outfit_text.split("_") or (word in UNIFORM_COLOURS and word in outfit_text):
            outfit_color = colour
            break
    accent_color = OUTFIT_PALETTE[(h[4] + 3 + h[5] % 5) % len(OUTFIT_PALETTE)]
    hat = any(word in outfit_text.split("_") for word in HATS)

    build_name = _keyword(appearance.build, BUILD_WORDS, tuple(BUILDS))
    build = BUILDS[build_name] if build_name else (0.9, 1.0, 1.0, 1.1)[h[6] % 4]
    base_height = 1.64 if gender == "female" else 1.76 if gender == "male" else 1.7
    height = base_height + (h[7] / 255 - 0.5) * 0.12 - (0.1 if young else 0.0) - (0.03 if senior else 0.0)
    if "tall" in (appearance.build or "").lower():
        height += 0.08
    beard = gender == "male" and not young and h[8] % 4 == 0
    glasses = h[9] % 4 == 0 or (senior and h[9] % 2 == 0)
    return Looks(
        skin=skin,
        hair_style=hair_style,
        hair_color=hair_color,
        outfit=outfit,
        outfit_color=outfit_color,
        accent_color=accent_color,
        build=build,
        height=height,
        beard=beard,
        glasses=glasses,
        hat=hat,
    )
