"""A field's confidence: what the extractor thinks of its reading, times how well the speech model heard
the words it was read from."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from statistics import median

from voicecrm.extraction import ExtractedField, Extraction, fold
from voicecrm.speech import Word

_PUNCTUATION = ".,;:!?\"'()"
# What splits a word into the pieces compared: spaces, and the dots and at-signs of an address Whisper
# wrote as one word ("noravale@proton.me") or split at its dots ("Brenda", ".Witfield", "Yahoo", ".com").
# Also the comma of a number Whisper split in two words ("$12", ",000.").
_PIECE_SEPARATORS = re.compile(r"[\s.@]+|(?<=\d),(?=\d)")


def _pieces(text: str) -> list[str]:
    """The folded pieces of ``text`` ("Jean-Dupont," → ["jean", "dupont"]; "L.Wilson@x.com" → ["l", "wilson",
    "x", "com"])."""
    return [piece.strip(_PUNCTUATION) for piece in _PIECE_SEPARATORS.split(fold(text))
            if piece.strip(_PUNCTUATION)]


def heard_probability(value: object, evidence: str, words: Sequence[Word]) -> float | None:
    """How well the speech model heard a value: the lowest word probability among the value's own words.

    The evidence (the transcript words the extractor read the value from) is found as the run of
    transcript words sharing the most folded pieces with it (at least half); within it, the words that
    spell the value ("Berthier" in "je m'appelle Louis Berthier") count, for an amount the words holding its
    figures ("$12", ",000"), or the whole run when the value is not spelled out as words (a number said
    "forty-two"). For an email address, only the words that spell
    its local part count: the domain is checked against the Public Suffix List, and Whisper's doubt there is
    mostly about how to write it ("proton.me" or "Proton Mail"). One misheard word is enough to doubt a name,
    hence the minimum. None without word probabilities or when the evidence is not among the words.
    """
    wanted = _pieces(evidence or str(value))
    if not words or not wanted:
        return None
    # Every piece of every word, with the word it belongs to.
    flat = [(piece, index) for index, word in enumerate(words) for piece in _pieces(word.text)]
    wanted_set = set(wanted)
    size = len(wanted)
    best: tuple[int, int] | None = None  # (shared pieces, start)
    for start in range(0, max(1, len(flat) - size + 1)):
        shared = sum(1 for piece, _ in flat[start:start + size] if piece in wanted_set)
        if shared and (best is None or shared > best[0]):
            best = (shared, start)
    if best is None or best[0] * 2 < size:
        return None
    run = flat[best[1]:best[1] + size]
    text = str(value)
    if "@" in text:
        # The words said before the domain that the local part is made of ("Nora Vale at…" → noravale@…).
        local, domain = text.split("@", 1)
        first = _pieces(domain)[:1]
        cut = next((k for k, (piece, _) in enumerate(run) if [piece] == first), len(run))
        own = {index for piece, index in run[:cut] if piece in fold(local)}
    elif isinstance(value, int | float):
        # An amount: the words holding its figures ("$12", ",000"), not the cue's ("budget about").
        own = {index for piece, index in run if any(c.isdigit() for c in piece)}
    else:
        spelled = set(_pieces(text))
        own = {index for piece, index in run if piece in spelled}
    chosen = own or {index for piece, index in run if piece in wanted_set}
    return min(words[index].probability for index in chosen)


# An age is written in figures, and Whisper's probability for "48," or "59-year-old" is shared with the other
# ways of writing the same number ("forty-eight", "fifty-nine-year-old"), so it says less about whether the
# number was heard right: its root is the fourth. Measured on 54 English notes (the development recordings and
# two sets of our own, `bench/unseen.py` with seeds 13 and 99): 33 ages and budgets, all right; the 4 heard
# below 0.5 (0.25–0.40) were ages. A phone number is not treated so: each digit is its own word, and a doubtful
# one is a digit that may be wrong.
_FIGURE_FIELDS = frozenset({"age"})


def with_speech_confidence(extraction: Extraction, words: Sequence[Word]) -> Extraction:
    """``extraction`` with each field's confidence multiplied by the square root of how well it was heard
    (the fourth root for an age, see _FIGURE_FIELDS).

    The square root damps Whisper's word probabilities, which are low for correct but rare names (0.2–0.5
    on clear English speech) and lower still for misheard ones: measured on the development recordings, it
    kept field precision above 0.95 where the plain product lost a third of the correct values (README,
    "Trust"). A field whose words cannot be found takes the transcript's median word probability; without
    word probabilities (a backend that gives none) the extraction is returned unchanged.
    """
    if not words:
        return extraction
    typical = median(word.probability for word in words)
    fields: dict[str, ExtractedField] = {}
    for name, extracted in extraction.fields.items():
        heard = heard_probability(extracted.value, extracted.evidence, words)
        root = 0.25 if name in _FIGURE_FIELDS else 0.5
        speech = (typical if heard is None else heard) ** root
        fields[name] = dataclasses.replace(extracted, confidence=round(extracted.confidence * speech, 3))
    return dataclasses.replace(extraction, fields=fields)


def split_by_confidence(extraction: Extraction, min_confidence: float) -> tuple[Extraction, dict[str, ExtractedField]]:
    """The fields heard with at least ``min_confidence`` (0–1), as an Extraction, and the others, which may
    only be suggested (VOICECRM_MIN_CONFIDENCE: a value below it never becomes data silently)."""
    confident = {name: f for name, f in extraction.fields.items() if f.confidence >= min_confidence}
    doubtful = {name: f for name, f in extraction.fields.items() if f.confidence < min_confidence}
    return dataclasses.replace(extraction, fields=confident), doubtful
