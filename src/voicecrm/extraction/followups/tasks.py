"""Follow-up tasks in a transcript: an action to take ("à rappeler", "send the quote") with a due date said
in the same clause or in the one right beside it.

A clause makes a task when it holds an action said as something to do — after a modal ("il faut",
"I need to"), after "à" ("à relancer"), as a plan ("je lui envoie", "I'll call"), as an order at the
clause's start ("Call her back", "Envoyer le devis"), or as a scheduled meeting ("rendez-vous jeudi") —
and a date that is not in the past. What was done ("je l'ai rappelé lundi", "we met on Monday") has no
such action, and past references ("mardi dernier", "yesterday") give no date (see :mod:`..dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from ..dates import DateMention, find_dates
from ..schema import FollowUp
from .lexicon import DO, LEXICONS, MEET, FollowUpLexicon, Verb, verb_pattern
from .text import Span, clauses, lower_same_length, sentences

# How sure each way of saying an action makes us that a task was meant.
_CONFIDENCE = {"modal": 0.9, "to_do": 0.9, "planner": 0.85, "imperative": 0.85, "meeting": 0.75}
_MAX_TITLE_WORDS = 12


@dataclass(frozen=True)
class Action:
    """An action found in a clause: its verb (or meeting noun), where its words end, and how it was said.

    ``start``/``end`` are offsets in the clause; ``pronoun`` is the object pronoun said before the verb
    ("la" in "la rappeler"), which tells the unnamed client's gender; ``before`` is the noun phrase said
    before "à" ("le devis" in "le devis à envoyer").
    """

    verb: Verb
    start: int
    end: int
    how: str
    pronoun: str | None = None
    before: str = ""


@dataclass(frozen=True)
class FoundTask:
    """A task and the clauses of the transcript it was read from (the note leaves them out)."""

    task: FollowUp
    clauses: tuple[Span, ...]


@cache
def _patterns(code: str) -> dict[str, re.Pattern[str]]:
    lex = LEXICONS[code]
    verbs = verb_pattern(lex.verbs)
    pronouns = rf"(?P<pro>{lex.object_pronouns}*)"
    opener = r"(?:(?:please|so|then|and|et|puis|donc|ensuite|alors|bon|ok|okay|also|aussi)[\s,]+)*"
    not_a_noun = r"(?!\s+(?:notes?|recap|summary|report|log|transcript|went|was|is|from|des|du)\b)"
    meetings = verb_pattern(lex.meetings)
    return {
        "modal": re.compile(rf"{lex.modals}\s*{pronouns}(?P<verb>{verbs})"),
        "to_do": re.compile(rf"{lex.to_do}{pronouns}(?P<verb>{verbs})"),
        "planner": re.compile(rf"{lex.planners}{pronouns}(?P<verb>{verbs})"),
        "imperative": re.compile(rf"{opener}{pronouns}(?P<verb>{verb_pattern(lex.imperatives)}){not_a_noun}"),
        "meeting_first": re.compile(rf"{opener}{lex.meeting_determiners}(?P<verb>{meetings})"),
        "meeting": re.compile(rf"\b(?P<verb>{meetings})"),
        "scheduled": re.compile(lex.scheduled),
        "past": re.compile(lex.past),
        "negation": re.compile(lex.negation),
        "new_clause": re.compile(
            rf"(?:{lex.planners}|{lex.modals}|{pronouns}{verb_pattern(lex.imperatives)}|{lex.object_pronouns}*"
            rf"(?:{'|'.join(map(re.escape, lex.client_pronouns))})\s*{verbs})"
        ),
    }


def clause_start(language: str) -> re.Pattern[str]:
    """What opens a new clause after "et" / "and": a subject with a plan, a modal, or a verb said as an order
    ("… et je la rappelle vendredi", "… and send the quote")."""
    return _patterns(language)["new_clause"]


def find_action(clause: str, lex: FollowUpLexicon) -> Action | None:
    """The action ``clause`` asks for, or None when it states none (or negates it: "pas besoin de…").

    ``clause`` is the clause as spoken; offsets of the result count in it.
    """
    lower = lower_same_length(clause)
    patterns = _patterns(lex.code)
    if patterns["negation"].search(lower):
        return None
    for how in ("modal", "to_do", "planner"):
        m = patterns[how].search(lower)
        if m:
            return _action(m, lex, how, clause)
    m = patterns["imperative"].match(lower)
    if m and not (lex.code == "en" and patterns["past"].search(lower)):
        return _action(m, lex, "imperative", clause)
    if patterns["past"].search(lower):
        return None
    m = patterns["meeting_first"].match(lower) or (
        patterns["scheduled"].search(lower) and patterns["meeting"].search(lower)
    )
    if m:
        return Action(lex.meetings[m.group("verb")], m.start("verb"), m.end("verb"), "meeting")
    return None


def _action(m: re.Match[str], lex: FollowUpLexicon, how: str, clause: str) -> Action:
    pronouns = (m.group("pro") or "").split()
    client = next((p.rstrip() for p in reversed(pronouns) if p.rstrip() in lex.client_pronouns), None)
    before = clause[m.start("thing"):m.end("thing")] if how == "to_do" and m.group("thing") else ""
    before = before[:1].lower() + before[1:]  # it starts with a determiner: "Le contrat à renvoyer"
    verb, end = lex.verbs[m.group("verb")], m.end("verb")
    visit = re.match(r"\s+(?:(?:le|la|les)\s+|l')?voir\b", clause[end:], re.IGNORECASE)
    if visit and verb.title in {"Passer", "Repasser"}:
        verb, end = Verb(f"{verb.title} voir", MEET), end + visit.end()  # "je repasse le voir": a visit
    if verb.kind == MEET and {"se", "s'", "nous"} & {p.rstrip() for p in pronouns}:
        verb = Verb("Rendez-vous", MEET, " avec ")  # "on se voit jeudi": a meeting, not a visit
    return Action(verb, m.start(), end, how, client, before)


def _strip_dangling(words: list[str], lex: FollowUpLexicon) -> list[str]:
    while words and (words[-1].lower().strip(",;:") in lex.dangling or not words[-1].strip(",;:.")):
        words = words[:-1]
    return words


def _object_words(rest: str, lex: FollowUpLexicon) -> list[str]:
    """What follows a verb, up to a word that ends its object ("parce que", "because")."""
    end = re.search(lex.object_end, lower_same_length(rest))
    if end:
        rest = rest[: end.start()]
    return _strip_dangling(rest.strip(" ,;:").split(), lex)


def _client(name: str | None, lex: FollowUpLexicon) -> set[str]:
    words = {"client", "cliente", "customer", "le client", "la cliente", "the client", "the customer"}
    words |= set(lex.pronouns_after_verb)
    if name:
        words |= {w.lower() for w in name.split()}
    return words


def make_title(
    action: Action, clause: str, dates: list[Span], *, client_name: str | None, lex: FollowUpLexicon
) -> str:
    """The task's title: the action in the infinitive or imperative, then what it applies to.

    Contacting or seeing the client ends with the client's name when it is known ("Rappeler Léa Roy",
    "Follow up with Jane Roe"), else with "le client" / "la cliente" / "the client"; a topic said after
    it is kept ("Relancer Léa Roy pour le devis"). Anything else keeps the words said after the verb,
    without the date ("Envoyer le devis", "Schedule the demo"). ``dates`` are spans in ``clause``.
    """
    rest = clause[action.end:]
    for span in sorted(dates, key=lambda s: s.start, reverse=True):
        start, end = max(span.start - action.end, 0), max(span.end - action.end, 0)
        rest = rest[:start] + " " + rest[end:]
    rest = re.sub(r"\s+", " ", rest)
    verb = action.verb
    if verb.kind == DO:
        words = _object_words(rest, lex)
        pronoun = action.pronoun
        while words and words[0].lower() in lex.pronouns_after_verb:
            pronoun = words[0].lower()
            words = words[1:]
        if not words and action.before:
            words = action.before.split()
        if not words and pronoun in lex.person_pronouns:
            # "Email her on Friday": the client is the object; "send them by Friday" keeps its "them".
            words = [client_name or lex.unnamed_client.get(pronoun, lex.default_client)]
        elif not words and pronoun in lex.pronouns_after_verb:
            words = [pronoun]
        text = " ".join(words[:_MAX_TITLE_WORDS])
        if client_name:
            text = re.sub(lex.pronoun_prepositions, lambda m: m.group(0)[: -len(m.group(1))] + client_name, text,
                          flags=re.IGNORECASE)
        return f"{verb.title} {text}".strip()
    words = rest.strip(" ,;:").split()
    back = False
    client_refs = _client(client_name, lex)
    while words:
        word = words[0].lower().strip(",;:")
        pair = " ".join(w.lower() for w in words[:2])
        if word in {"back", "up"}:
            back = back or word == "back"
            words = words[1:]
        elif word in {"with", "to", "avec", "à", "au"} or word in client_refs:
            words = words[1:]
        elif pair in client_refs:
            words = words[2:]
        else:
            break
    topic = ""
    spoken = ""
    if words:
        rest_text = " ".join(words)
        if re.match(r"(?:about|regarding|concerning|re|on|for|pour|concernant|au sujet d|à propos d|sur)\b",
                    rest_text.lower()):
            topic = " ".join(_object_words(rest_text, lex)[:_MAX_TITLE_WORDS])
        elif lex.code == "fr" and words[0][:1].isupper() or re.match(
            r"(?:son|sa|ses|leur|their|his|her|its|the|le|la|les|l')\s", rest_text.lower()
        ):
            spoken = " ".join(_object_words(rest_text, lex)[:6])
    if spoken and client_name and {w.lower() for w in spoken.split()} <= client_refs:
        spoken = ""  # "Rappeler Léa" when the client is Léa Roy: the full name
    who = spoken or client_name or lex.unnamed_client.get(action.pronoun or "", lex.default_client)
    title = verb.title
    if back and verb.title == "Call":
        title = "Call back"
    return f"{title}{verb.joiner}{who}" + (f" {topic}" if topic else "")


def find_tasks(
    text: str, *, now: datetime, language: str, client_name: str | None = None
) -> list[FoundTask]:
    """Every follow-up task ``text`` asks for, in the order said.

    Args:
        text: the transcript, cleaned (single spaces, straight apostrophes).
        now: the recording's naive local date and time; due dates count from it.
        language: ``"fr"`` or ``"en"``.
        client_name: the client's full name when known; call and meeting titles end with it.

    Returns:
        :class:`FoundTask` items; a task said twice (same title and due) is kept once.

    Raises:
        ValueError: ``language`` is neither French nor English.
    """
    lex = LEXICONS.get(language)
    if lex is None:
        raise ValueError(f"follow-ups are read in French or English, not {language!r}")
    mentions = find_dates(text, now=now, language=language)
    patterns = _patterns(language)
    found: list[FoundTask] = []
    seen: set[tuple[str, str]] = set()
    for sentence in sentences(text):
        parts = clauses(text, sentence, new_clause=patterns["new_clause"], conjunctions=lex.conjunctions)
        actions = [find_action(part.of(text), lex) for part in parts]
        dated = [[m for m in mentions if part.start <= m.start and m.end <= part.end] for part in parts]
        used: set[int] = set()
        for i, (part, action) in enumerate(zip(parts, actions, strict=True)):
            if action is None or i in used:
                continue
            sources = [i]
            due_mentions = dated[i]
            if not due_mentions:
                # "Il faut la rappeler, disons mardi" / "Mardi prochain, il faut la rappeler".
                for j in (i + 1, i - 1):
                    if 0 <= j < len(parts) and j not in used and actions[j] is None and dated[j]:
                        sources.append(j)
                        due_mentions = dated[j]
                        break
            due = _first_due(due_mentions)
            if due is None:
                continue
            clause = part.of(text)
            spans = [Span(m.start - part.start, m.end - part.start) for m in dated[i]]
            title = make_title(action, clause, spans, client_name=client_name, lex=lex)
            evidence = " … ".join(parts[j].of(text) for j in sorted(sources))
            task = FollowUp(title=title, due=due.due, evidence=evidence, confidence=_CONFIDENCE[action.how])
            used.update(sources)
            key = (title.casefold(), task.due_text)
            if key in seen:
                continue
            seen.add(key)
            found.append(FoundTask(task, tuple(parts[j] for j in sorted(sources))))
    return found


def _first_due(mentions: list[DateMention]) -> DateMention | None:
    return next((m for m in mentions if m.due is not None), None)
