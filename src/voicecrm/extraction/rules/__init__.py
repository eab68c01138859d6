"""The offline extractor: French and English cue patterns, no model and no network."""

from __future__ import annotations

import re
from datetime import datetime

from ..followups import read_followups
from ..normalize import clean_text, normalize_fields, numbers_to_digits, region_signs, temper_names
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


def transcript_words(cleaned: str, evidence: str, language: str) -> str:
    """The words of the transcript that ``evidence`` was read from.

    The rules read the text after number words became digits ("35 ans"); the record should show
    what was said ("trente-cinq ans"). Falls back to ``evidence`` when no span converts to it.
    """
    if not evidence or evidence in cleaned:
        return evidence
    words = cleaned.split(" ")
    first = evidence.split(" ")[0]
    for i, word in enumerate(words):
        word = word.strip(",.;:!?")
        converted = numbers_to_digits(word, language) if word else ""
        is_number_word = converted != word or word.lower() in {"zéro", "zero", "oh"}
        if word != first and not (is_number_word and first[:1].isdigit()):
            continue
        for j in range(i + 1, min(len(words), i + 40) + 1):
            chunk = " ".join(words[i:j]).strip(" ,.;:!?")
            converted = numbers_to_digits(chunk, language).strip(" ,.;:!?")
            if converted == evidence:
                return chunk
            if len(converted) > len(evidence) + 30:
                break
    return evidence


class RulesExtractor:
    """Finds client fields with each language's cue words and sentence shapes."""

    def __init__(self, default_region: str = DEFAULT_REGION) -> None:
        self.default_region = default_region

    def extract(
        self, text: str, *, language: str | None = None, existing: dict | None = None, now: datetime | None = None
    ) -> Extraction:
        """Return the fields ``text`` states, its follow-up tasks and its note.

        ``existing`` (the record being updated) tempers the confidence of a name that differs from the
        client's (see ``normalize.temper_names``) and names the client in task titles; ``now`` is the
        recording's naive local time, which due dates count from (default: the current local time).
        """
        cleaned = clean_text(text or "")
        lang = (language or "").lower()[:2]
        if lang not in LEXICONS:
            lang = detect_language(cleaned)
        prepared = numbers_to_digits(cleaned, lang)
        # Signs of a country are read before number words become digits ("septante-six" is Belgian or Swiss).
        finder = Finder(prepared, LEXICONS[lang], default_region=self.default_region, signs=region_signs(cleaned))
        chosen = finder.run()
        values = normalize_fields(
            {name: c.value for name, c in chosen.items()}, default_region=self.default_region, language=lang
        )
        fields = {
            name: ExtractedField(
                value=value,
                confidence=chosen[name].confidence,
                evidence=transcript_words(cleaned, chosen[name].evidence, lang),
            )
            for name, value in values.items()
        }
        if existing:
            temper_names(fields, existing, cleaned)
        record = {**(existing or {}), **{name: f.value for name, f in fields.items()}}
        followups = read_followups(
            cleaned,
            language=lang,
            now=now or datetime.now().replace(second=0, microsecond=0),
            record=record,
            evidence=[f.evidence for name, f in fields.items() if name != "notes"],
        )
        return Extraction(fields=fields, language=lang, tasks=followups.tasks, note=followups.note)


__all__ = ["LEXICONS", "RulesExtractor", "detect_language", "transcript_words"]
