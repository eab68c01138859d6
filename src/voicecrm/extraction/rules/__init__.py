"""The offline extractor: French and English cue patterns, no model and no network."""

from __future__ import annotations

import re

from ..normalize import clean_text, normalize_fields, numbers_to_digits
from ..schema import DEFAULT_REGION, ExtractedField, Extraction
from .en import ENGLISH
from .engine import Finder
from .fr import FRENCH
from .lexicon import Lexicon

LEXICONS: dict[str, Lexicon] = {"fr": FRENCH, "en": ENGLISH}


def detect_language(text: str) -> str:
    """Guess "fr" or "en" from the share of each language's common words (and French accents)."""
    words = re.findall(r"[\w']+", text.lower())
    fr = sum(w in FRENCH.markers or w.split("'")[0] + "'" in FRENCH.markers for w in words)
    en = sum(w in ENGLISH.markers for w in words)
    fr += len(re.findall(r"[éèêàùçîôâ]", text.lower())) * 0.5
    return "fr" if fr > en else "en"


class RulesExtractor:
    """Finds client fields with each language's cue words and sentence shapes."""

    def __init__(self, default_region: str = DEFAULT_REGION) -> None:
        self.default_region = default_region

    def extract(self, text: str, *, language: str | None = None, existing: dict | None = None) -> Extraction:
        """Return the fields ``text`` states. ``existing`` is not needed: merging decides what changes."""
        cleaned = clean_text(text or "")
        lang = (language or "").lower()[:2]
        if lang not in LEXICONS:
            lang = detect_language(cleaned)
        prepared = numbers_to_digits(cleaned, lang)
        finder = Finder(prepared, LEXICONS[lang], default_region=self.default_region)
        chosen = finder.run()
        values = normalize_fields(
            {name: c.value for name, c in chosen.items()}, default_region=self.default_region, language=lang
        )
        fields = {
            name: ExtractedField(value=value, confidence=chosen[name].confidence, evidence=chosen[name].evidence)
            for name, value in values.items()
        }
        return Extraction(fields=fields, language=lang)


__all__ = ["RulesExtractor", "detect_language", "LEXICONS"]
