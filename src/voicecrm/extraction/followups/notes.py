"""The interaction note: what a transcript says about the relationship — needs, objections, outcome —
without the dictated card fields, the report's header or the follow-up instructions that say nothing more than
their task ("À rappeler mardi"; "Je lui envoie la documentation jeudi" stays), tidied into sentences.

Issue 12 asks for this note on every interaction; the client card and the tasks hold the rest.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..fold import fold_same_length
from .lexicon import FollowUpLexicon
from .text import Span, clauses, sentences

_WORD = re.compile(r"[a-z0-9œæ'-]+")


def content_words(clause: str, lex: FollowUpLexicon, *, card: Collection[str] = ()) -> list[str]:
    """The words of ``clause`` that say something beyond the card: not a card value or its evidence
    (``card``), not filler (a header, a field label, a grammar word), not a number.

    Elided words count by their second part ("d'appel" is "appel").
    """
    folded = fold_same_length(clause)
    for value in sorted(card, key=len, reverse=True):
        value = fold_same_length(value).strip()
        if len(value) >= 2:
            folded = re.sub(rf"(?<![\w@.]){re.escape(value)}(?![\w@])", " ", folded)
    words = []
    for word in _WORD.findall(folded):
        word = word.strip("'-")
        if "'" in word:
            word = word.split("'", 1)[1]
        if len(word) >= 2 and not word.isdigit() and word not in lex.filler:
            words.append(word)
    return words


def make_note(
    text: str,
    *,
    lex: FollowUpLexicon,
    new_clause: re.Pattern[str],
    left_out: Collection[Span] = (),
    card: Collection[str] = (),
) -> str | None:
    """The note of ``text``: its sentences without the clauses in ``left_out`` (the bare follow-up instructions;
    one that starts inside a clause leaves the clause's words before it) and without clauses that only
    dictate the card (see :func:`content_words`).

    Each kept sentence starts with a capital and ends with its mark ("." when its end was cut). Returns
    None when nothing is left.
    """
    kept_sentences: list[str] = []
    for sentence in sentences(text):
        parts = clauses(text, sentence, new_clause=new_clause, conjunctions=lex.conjunctions)
        said = [_said_besides_tasks(text, part, left_out) for part in parts]
        keep = [s is not None and bool(content_words(s.of(text), lex, card=card)) for s in said]
        if not any(keep):
            continue
        pieces: list[str] = []
        for i, kept in enumerate(said):
            if kept is None or not keep[i]:
                continue
            words = kept.of(text)
            if pieces:
                pieces.append(text[parts[i - 1].end:parts[i].start])
            elif i > 0:
                # The clause before is gone: "…, mais il hésite" starts the sentence as "Il hésite".
                words = re.sub(rf"^{lex.note_openers}", "", words, flags=re.IGNORECASE) or words
            pieces.append(words)
        body = "".join(pieces).strip(" ,;:")
        mark = text[parts[-1].end:sentence.end].strip() if keep[-1] and said[-1] == parts[-1] else ""
        mark = mark if mark[-1:] in {".", "!", "?", "…"} else "."
        if body:
            kept_sentences.append(body[0].upper() + body[1:] + mark)
    return " ".join(kept_sentences) or None


def _said_besides_tasks(text: str, part: Span, left_out: Collection[Span]) -> Span | None:
    """What of clause ``part`` a note may keep: all of it, the words before a task left out from its middle
    ("… il veut recommander pour le festival *je le relance le 28*"), or nothing."""
    if part in left_out:
        return None
    cut = min((s.start for s in left_out if part.start < s.start < part.end and s.end == part.end), default=None)
    if cut is None:
        return part
    while cut > part.start and text[cut - 1] in " ,;:":
        cut -= 1
    return Span(part.start, cut) if cut > part.start else None
