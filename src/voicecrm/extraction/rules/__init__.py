"""The offline extractor: French and English cue patterns, no model and no network."""

from __future__ import annotations

import re
from datetime import datetime

from ..fold import fold
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


# "c'est pas Mulhouse, c'est Clermont-Ferrand", "it's not Dana, it's Donna", "not Harbor Bank but Harbor Trust": a
# value taken back and the one that replaces it.
_NOT_THIS_BUT_THAT = re.compile(
    r"\b(?:c'est pas|ce n'est pas|c'est plus|ce n'est plus|it's not|it is not|it isn't|not)\s+"
    r"(?P<old>[^,.;:!?]{2,40}?)\s*(?:[,;]\s*(?:(?:mais|but)\s+)?(?:c'est\s+|it's\s+|it is\s+)?|"
    r"(?:mais|but)\s+(?:c'est\s+|it's\s+|it is\s+)?)"
    r"(?P<new>[^,.;:!?\s][^,.;:!?]{0,39}?)\s*(?:[,.;!?]|$)", re.IGNORECASE)
# The fields such a correction of the record may change: the others are numbers, addresses or numbers to dial.
_CORRECTABLE = ("city", "company", "first_name", "last_name")


def _correct_record_values(text: str, fields: dict[str, ExtractedField], existing: dict, *, default_region: str,
                           language: str) -> None:
    """On an update, a value of the record said as the one it is not, then the right one ("c'est pas Mulhouse,
    c'est Clermont-Ferrand"): the field that held it takes the new value, which no other field keeps (the words
    after "c'est" were read as a name). Changes ``fields`` in place."""
    for m in _NOT_THIS_BUT_THAT.finditer(text):
        old = fold(m.group("old"))
        field = next((f for f in _CORRECTABLE if existing.get(f) and fold(str(existing[f])) == old), None)
        if field is None:
            continue
        new = m.group("new").strip()
        if len(new.split()) > 4 or not all(w[:1].isupper() for w in new.split()):
            continue  # "not Paris, as agreed", "c'est pas Marc, c'est son associé qui signe": no value of the field
        value = normalize_fields({field: new}, default_region=default_region, language=language).get(field)
        if value is None:
            continue
        for other in [f for f, found in fields.items() if f != field and fold(str(found.value)) == fold(str(value))]:
            del fields[other]
        fields[field] = ExtractedField(value=value, confidence=0.8, evidence=m.group(0).strip(" ,.;!?"))


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
            _correct_record_values(prepared, fields, existing, default_region=self.default_region, language=lang)
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
