"""How a customer sounds: a consistent voice from the scenario's hints, prosody from the emotion.

Pure and deterministic: the same customer gets the same voice on every machine with the same engine,
and the WAV cache key is a hash of everything that changes the sound.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from game.model import VoiceHints
from game.speech.types import VoiceInfo, VoiceSettings

BASE_RATE_WPM = 165
BASE_PITCH = 50
BASE_VOLUME = 0.85
CACHE_FORMAT = 1


@dataclass(frozen=True)
class Prosody:
    """Relative change for an emotion: rate factor, pitch offset (0..100 scale), volume (0..1)."""

    rate: float
    pitch: int
    volume: float


EMOTION_PROSODY: dict[str, Prosody] = {
    # Angry: faster, louder, a little higher. Anxious: fastest and highest, not loud.
    # Sad: slow, low, quiet. Calm: a touch slower and lower than neutral.
    "angry": Prosody(rate=1.12, pitch=6, volume=1.0),
    "frustrated": Prosody(rate=1.06, pitch=3, volume=0.95),
    "anxious": Prosody(rate=1.18, pitch=12, volume=0.8),
    "sad": Prosody(rate=0.82, pitch=-10, volume=0.7),
    "confused": Prosody(rate=0.94, pitch=5, volume=0.82),
    "neutral": Prosody(rate=1.0, pitch=0, volume=BASE_VOLUME),
    "calm": Prosody(rate=0.92, pitch=-3, volume=0.8),
    "relieved": Prosody(rate=0.95, pitch=2, volume=0.85),
    "happy": Prosody(rate=1.05, pitch=8, volume=0.9),
}

_AGE = {
    "child": (1.05, 18),
    "young": (1.05, 6),
    "adult": (1.0, 0),
    "middle": (0.97, -3),
    "senior": (0.88, -8),
    "elderly": (0.85, -10),
    "old": (0.88, -8),
}
_FEMALE_VARIANTS = ("f1", "f2", "f3", "f4", "f5")
_MALE_VARIANTS = ("m1", "m2", "m3", "m4", "m6", "m7")
_ENGLISH_PREFERENCE = ("en-us", "en", "en-gb", "en-gb-x-rp")


def _stable_index(seed: str, n: int) -> int:
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % n if n else 0


def _is_english(voice: VoiceInfo) -> bool:
    langs = [lang.lower() for lang in voice.languages]
    if any(lang.startswith("en") for lang in langs):
        return True
    low = voice.id.lower()
    return "english" in voice.name.lower() or low.split("/")[-1].startswith("en")


def choose_voice(
    hints: VoiceHints,
    voices: Sequence[VoiceInfo],
    seed: str,
    *,
    supports_variants: bool = False,
    language: str = "en",
) -> str | None:
    """Pick the engine voice id for a customer: the named voice if the hints name one that exists,
    else one matching the gender, chosen by a stable hash of ``seed`` (the customer's name)."""
    if not voices:
        return None
    if hints.name:
        wanted = hints.name.lower()
        for voice in voices:
            if wanted in (voice.id.lower(), voice.name.lower()):
                return voice.id
        for voice in voices:
            if wanted in voice.id.lower() or wanted in voice.name.lower():
                return voice.id
    if language == "en":
        pool = [v for v in voices if _is_english(v)] or list(voices)
    else:
        pool = [v for v in voices if any(lang.lower().startswith(language) for lang in v.languages)] or list(
            voices
        )
    gender = (hints.gender or "").lower()
    if supports_variants:
        base = None
        if language == "en":
            for pref in _ENGLISH_PREFERENCE:
                base = next((v for v in pool if v.id.lower().split("/")[-1] == pref), None)
                if base is not None:
                    break
        if base is None:
            base = sorted(pool, key=lambda v: v.id)[0]
        variants: tuple[str, ...]
        if gender in ("female", "woman", "f"):
            variants = _FEMALE_VARIANTS
        elif gender in ("male", "man", "m"):
            variants = _MALE_VARIANTS
        else:
            variants = _FEMALE_VARIANTS + _MALE_VARIANTS
        return f"{base.id}+{variants[_stable_index(seed, len(variants))]}"
    if gender:
        by_gender = [v for v in pool if (v.gender or "").lower().startswith(gender[:1])]
        pool = by_gender or pool
    ordered = sorted(pool, key=lambda v: v.id)
    return ordered[_stable_index(seed, len(ordered))].id


def settings_for(hints: VoiceHints, emotion: str | None, voice_id: str | None) -> VoiceSettings:
    """The concrete rate, pitch and volume for one line of a customer in an emotion."""
    prosody = EMOTION_PROSODY.get(emotion or "neutral", EMOTION_PROSODY["neutral"])
    age_rate, age_pitch = _AGE.get((hints.age or "adult").lower(), (1.0, 0))
    hint_rate = hints.rate if hints.rate > 0 else 1.0
    hint_pitch = hints.pitch if hints.pitch > 0 else 1.0
    rate = round(BASE_RATE_WPM * hint_rate * age_rate * prosody.rate)
    pitch = round(BASE_PITCH * hint_pitch + age_pitch + prosody.pitch)
    return VoiceSettings(
        voice_id=voice_id,
        rate_wpm=max(80, min(400, rate)),
        pitch=max(0, min(100, pitch)),
        volume=round(max(0.1, min(1.0, prosody.volume)), 2),
    )


def cache_key(text: str, settings: VoiceSettings, engine: str) -> str:
    """A hash of everything that changes the sound: text, voice settings and engine."""
    payload = json.dumps(
        {"format": CACHE_FORMAT, "text": text, "settings": settings.to_json(), "engine": engine},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
