"""Follow-ups from a transcript: the tasks it asks for, with their due dates, and the interaction's note.

Pure Python, shared by the rules and LLM extractors (see issue 12):

>>> from datetime import datetime
>>> found = read_followups("Elle attend le devis. Je dois la rappeler mardi à 10 h.", language="fr",
...                        now=datetime(2026, 12, 4, 17, 10), record={"first_name": "Léa", "last_name": "Roy"})
>>> [(t.title, t.due_text) for t in found.tasks], found.note
([('Rappeler Léa Roy', '2026-12-08T10:00')], 'Elle attend le devis.')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..dates import LANGUAGES, resolve_due
from ..schema import FollowUp
from .lexicon import LEXICONS
from .notes import content_words, make_note
from .tasks import clause_start, find_tasks

# Card fields whose values a note leaves out (the notes field is what a note keeps).
_CARD_FIELDS = ("first_name", "last_name", "age", "email", "phone", "city", "company", "job_title", "budget")


@dataclass(frozen=True)
class FollowUps:
    """The tasks a transcript asks for, in the order said, and its note (None when nothing is left)."""

    tasks: list[FollowUp] = field(default_factory=list)
    note: str | None = None


def client_name(record: Mapping[str, Any]) -> str | None:
    """How a task title names the client: first and last name, else the company, else None."""
    name = " ".join(str(record[k]).strip() for k in ("first_name", "last_name") if record.get(k))
    return name or (str(record["company"]).strip() if record.get("company") else None)


def read_followups(
    text: str,
    *,
    language: str,
    now: datetime,
    record: Mapping[str, Any] | None = None,
    evidence: Iterable[str] = (),
) -> FollowUps:
    """The follow-up tasks and the note of one transcript.

    Args:
        text: the transcript, cleaned (single spaces, straight apostrophes).
        language: ``"fr"`` or ``"en"``.
        now: the recording's naive local date and time; due dates count from it.
        record: the client's fields as known after this transcript (the existing record merged with what it
            states); the name goes into call titles, the card values stay out of the note.
        evidence: the words the card fields were read from; they stay out of the note too.

    Raises:
        ValueError: ``language`` is neither French nor English.
    """
    record = record or {}
    found = find_tasks(text, now=now, language=language, client_name=client_name(record))
    card = [str(record[k]) for k in _CARD_FIELDS if record.get(k) not in (None, "")]
    card += [e for e in evidence if e]
    note = make_note(
        text,
        lex=LEXICONS[language],
        new_clause=clause_start(language),
        left_out={span for item in found if not _says_more(item.task.title, language, card) for span in item.clauses},
        card=card,
    )
    return FollowUps(tasks=[item.task for item in found], note=note)


# Words a task's title may hold besides its verb that say nothing of the conversation: the particle of a phrasal
# verb, the client called by their role.
_TITLE_ONLY = frozenset({"back", "up", "in", "out", "over", "the", "client", "customer", "le", "la", "les", "cliente"})


def _says_more(title: str, language: str, card: list[str]) -> bool:
    """Whether a task's title says what the follow-up is about besides its verb and the client ("Envoyer le devis",
    "Call Felix Braun about the delivery delay"; not "Rappeler Léa Roy", "Call back the client"): the clause it was
    read from then stays in the note, which tells what the conversation was about."""
    words = content_words(title, LEXICONS[language], card=card)
    return any(word not in _TITLE_ONLY for word in words[1:])


def followups_from_answer(
    tasks: Any, note: Any, *, text: str, language: str, now: datetime
) -> FollowUps:
    """The follow-ups an LLM stated, checked as the rules' are: each due is resolved from the words the model
    quoted by the same date conventions (:func:`..dates.resolve_due`), so "mardi prochain" means the same
    Tuesday whichever backend read it.

    Args:
        tasks: the model's ``[{"title", "due", "evidence"}]``; ``due`` is the expression as spoken or an
            ISO date. Items that are not objects, lack a title, or whose due is past or unreadable are dropped.
        note: the model's note, a string or null.
        text: the transcript; a task whose evidence is not in it is kept with a lower confidence.
        language: the transcript's language; dates are read in French or English (English otherwise).
        now: the recording's naive local date and time.
    """
    found: list[FollowUp] = []
    seen: set[tuple[str, str]] = set()
    folded_text = text.casefold()
    for item in tasks if isinstance(tasks, list) else []:
        if not isinstance(item, dict):
            continue
        title = re.sub(r"\s+", " ", str(item.get("title") or "")).strip(" .")
        due = resolve_due(str(item.get("due") or ""), now=now, language=language if language in LANGUAGES else "en")
        if not title or due is None:
            continue
        evidence = str(item.get("evidence") or "").strip()
        task = FollowUp(title=title[0].upper() + title[1:], due=due, evidence=evidence,
                        confidence=0.8 if evidence and evidence.casefold() in folded_text else 0.5)
        key = (task.title.casefold(), task.due_text)
        if key not in seen:
            seen.add(key)
            found.append(task)
    note_text = re.sub(r"\s+", " ", note).strip() if isinstance(note, str) else ""
    return FollowUps(tasks=found, note=note_text or None)


__all__ = ["FollowUps", "client_name", "followups_from_answer", "read_followups"]
