"""Cutting a transcript into sentences and clauses, with offsets kept so every part can be quoted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` of the transcript the span was cut from."""

    start: int
    end: int

    def of(self, text: str) -> str:
        """The words of ``text`` this span covers."""
        return text[self.start:self.end]


@lru_cache(maxsize=64)
def lower_same_length(text: str) -> str:
    """``text`` lower-cased character by character, so that offsets stay valid ("İ" keeps its length).

    Cached: :func:`clauses` lowers the whole transcript once per sentence."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


# A full stop ends a sentence unless it ends a title or an initial ("M. Roy", "Dr. Roe", "J. Doe").
_SENTENCE_END = re.compile(
    r"(?<!\bM)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMme)(?<!\bMrs)(?<!\bMlle)(?<!\b[A-Z])[.!?…]+(?=\s|$)"
)
# Marks that always end a clause: a comma, a semicolon or a colon before a space, a dash between spaces.
_CLAUSE_MARK = re.compile(r"[,;:](?=\s)|\s[–—-](?=\s)|\s*\((?=\S)|\)")


def sentences(text: str) -> list[Span]:
    """The sentences of ``text``, each without the spaces around it (its final mark included)."""
    spans, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        spans.append(_trimmed(text, start, end.end(), marks=""))
        start = end.end()
    spans.append(_trimmed(text, start, len(text), marks=""))
    return [s for s in spans if s.end > s.start]


def clauses(text: str, sentence: Span, *, new_clause: re.Pattern[str], conjunctions: str) -> list[Span]:
    """The clauses of one sentence: cut at commas, semicolons, colons and dashes, and at a conjunction
    ("et", "and", "puis", "then") when ``new_clause`` matches right after it ("… et je la rappelle").

    Each clause comes without its separator, its spaces and the sentence's final mark.
    """
    lower = lower_same_length(text)
    cuts = [(m.start(), m.end()) for m in _CLAUSE_MARK.finditer(text, sentence.start, sentence.end)]
    conjunction = re.compile(rf"\s{conjunctions}\s+")
    for m in conjunction.finditer(lower, sentence.start, sentence.end):
        if new_clause.match(lower, m.end()):
            cuts.append((m.start(), m.end()))
    spans, start = [], sentence.start
    for cut_start, cut_end in sorted(cuts):
        if cut_start < start:
            continue
        spans.append(_trimmed(text, start, cut_start))
        start = cut_end
    spans.append(_trimmed(text, start, sentence.end))
    return [s for s in spans if s.end > s.start]


def _trimmed(text: str, start: int, end: int, marks: str = ".!?…") -> Span:
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n" + marks:
        end -= 1
    return Span(start, end)
