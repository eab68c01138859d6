"""Follow-up tasks in a transcript: an action to take ("à rappeler", "send the quote") with a due date said
in the same clause or in the one right beside it.

A clause makes a task when it holds an action said as something to do — after a modal ("il faut",
"I need to"), after "à" ("à relancer", "Devis à faire"), as a plan ("je lui envoie", "I'll call"), as an
order at the clause's start ("Call her back", "Envoyer le devis") or to the client mid-clause ("… call her
tomorrow"), as a scheduled meeting ("rendez-vous jeudi"), as a document or meeting said right before its
date ("Devis demain", "callback Thursday"), or as what the client asks for ("il veut une démo jeudi", "she
asked for a callback on Monday") — and a date that is not in the past. A date said with a past tense
("on a signé mardi", "she got the parts on Friday") is not the due of an action beside it. What was
done ("je l'ai rappelé lundi", "we met on Monday") has no such action, and past references ("mardi
dernier", "yesterday") give no date (see :mod:`..dates`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from ..dates import DateMention, find_dates
from ..schema import FollowUp
from .lexicon import DO, LEXICONS, MEET, FollowUpLexicon, Verb, verb_pattern
from .text import Span, clauses, lower_same_length, sentences

# How sure each way of saying an action makes us that a task was meant.
_CONFIDENCE = {"modal": 0.9, "to_do": 0.9, "planner": 0.85, "imperative": 0.85, "meeting": 0.75, "wanted": 0.75,
               "noun": 0.7}
# How many words before a noun said with its date are read for a past tense ("we installed the sign on the 1st").
_PAST_WINDOW = 5
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
    """A task and the clauses of the transcript it was read from (the note leaves them out); a clause that
    says more before its action is given from the action on."""

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
    # Base forms only: "the meeting with her" is no order to meet.
    said_to_client = verb_pattern({f for f in lex.verbs if f in lex.imperatives or not f.split()[0].endswith("ing")})
    not_a_report = r"(?!\s+(?:notes?|recap|summary|report|log|transcript)\b)"  # "Call notes from Tuesday"
    not_a_verb = rf"(?!{lex.act_word})"
    things = verb_pattern({**lex.deliverables, **lex.meetings})
    wanted = verb_pattern({**lex.deliverables, **lex.meetings, **lex.wanted_acts})
    return {
        "modal": re.compile(rf"{lex.modals}\s*{pronouns}(?P<verb>{verbs})"),
        "to_do": re.compile(rf"{lex.to_do}{pronouns}(?P<verb>{verbs})"),
        "planner": re.compile(rf"{lex.planners}{pronouns}(?P<verb>{verbs})"),
        "imperative": re.compile(rf"{opener}{pronouns}(?P<verb>{verb_pattern(lex.imperatives)}){not_a_noun}"),
        "meeting_first": re.compile(rf"{opener}{lex.meeting_determiners}(?P<verb>{meetings}){not_a_report}"),
        "meeting": re.compile(rf"\b(?P<verb>{meetings})"),
        "wanted": re.compile(
            rf"{lex.wants}(?P<thing>{lex.determiners}(?:{not_a_verb}[\w'-]+\s+){{0,3}}?(?P<verb>{wanted}))"
        ),
        # "… listing call her tomorrow", "quote him on Monday": a verb said to the client, even mid-clause.
        "run_on": re.compile(
            rf"\b(?P<pro>)(?P<verb>{said_to_client})(?=(?:\s+(?:with|to))?\s+(?:{'|'.join(lex.person_pronouns)})\b)"
            if lex.person_pronouns else r"(?!)(?P<pro>)(?P<verb>)"
        ),
        "asked_for": re.compile(rf"{lex.wants}(?P<thing>(?!{lex.act_word}|être\b){lex.determiners}[\w'-]+)"),
        "thing_first": re.compile(rf"{opener}{lex.determiners}(?:[\w'-]+\s+){{0,2}}?(?:{things})"),
        "noun_before_date": re.compile(rf"\b(?P<verb>{things})\s*(?:{lex.due_links}\s+)?$"),
        "date_origin": re.compile(lex.date_origin),
        "scheduled": re.compile(lex.scheduled),
        "past": re.compile(lex.past),
        "told_in_past": re.compile(rf"{lex.past}|{lex.perfect}"),
        "negation": re.compile(lex.negation),
        # "… et que je la rappelle", "… and a meeting on the 20th" open a clause too.
        "new_clause": re.compile(
            rf"(?:que\s+|qu')?(?:{lex.planners}|{lex.modals}|{pronouns}{verb_pattern(lex.imperatives)}"
            rf"|{lex.object_pronouns}*(?:{'|'.join(map(re.escape, lex.client_pronouns))})\s*{verbs}"
            rf"|{lex.meeting_determiners}{meetings})"
        ),
    }


def clause_start(language: str) -> re.Pattern[str]:
    """What opens a new clause after "et" / "and": a subject with a plan, a modal, or a verb said as an order
    ("… et je la rappelle vendredi", "… and send the quote")."""
    return _patterns(language)["new_clause"]


def find_action(clause: str, lex: FollowUpLexicon, dates: Sequence[Span] = ()) -> Action | None:
    """The action ``clause`` asks for, or None when it states none (or negates it: "pas besoin de…").

    ``clause`` is the clause as spoken; offsets of the result count in it. ``dates`` are the spans of its
    time expressions: a deliverable or a meeting said right before one is an action without a verb
    ("Devis demain", "callback Thursday", "site visit on the 14th").
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
    m = patterns["run_on"].search(lower)
    if m and not _told_in_past_before(lower, m.start(), lex):
        return _action(m, lex, "imperative", clause)
    if patterns["past"].search(lower):
        return None
    m = patterns["meeting_first"].match(lower)
    if m:
        return Action(lex.meetings[m.group("verb")], m.start("verb"), m.end("verb"), "meeting")
    wanted = patterns["wanted"].search(lower)
    for span in dates:
        if patterns["date_origin"].match(lower, span.start):
            continue
        m = patterns["noun_before_date"].search(lower, 0, span.start)
        if m and not _told_in_past_before(lower, m.start(), lex):
            verb = _thing(m.group("verb"), lex, clause[m.start("verb"):m.end("verb")])
            if wanted and wanted.end("verb") == m.end("verb"):
                return Action(verb, wanted.start(), m.end("verb"), "wanted")
            return Action(verb, m.start("verb"), m.end("verb"), "noun")
    if wanted:
        verb = _thing(wanted.group("verb"), lex, clause[wanted.start("verb"):wanted.end("verb")])
        return Action(verb, wanted.start(), wanted.end("verb"), "wanted")
    m = patterns["scheduled"].search(lower) and patterns["meeting"].search(lower)
    if m:
        return Action(lex.meetings[m.group("verb")], m.start("verb"), m.end("verb"), "meeting")
    return None


def _told_in_past_before(lower: str, end: int, lex: FollowUpLexicon) -> bool:
    """Whether the few words before ``end`` are told in the past ("we installed the sign on the 1st")."""
    window = " ".join(lower[:end].split()[-_PAST_WINDOW:])
    return bool(_patterns(lex.code)["told_in_past"].search(window))


def _thing(noun: str, lex: FollowUpLexicon, said: str) -> Verb:
    verb = lex.deliverables.get(noun) or lex.meetings.get(noun) or lex.wanted_acts[noun]
    if said.isupper() and len(said) > 1 and verb.title.endswith(noun):
        verb = Verb(verb.title[: -len(noun)] + said, verb.kind, verb.joiner)  # "SOW", not "sow"
    return verb


def antecedent(clause: str, lex: FollowUpLexicon) -> str:
    """The thing a later pronoun may stand for, as ``clause`` says it: what the client asks for ("Il veut *la
    démo du module*, on la fait mardi") or a deliverable or meeting the clause starts with; else "".
    """
    lower = lower_same_length(clause)
    patterns = _patterns(lex.code)
    m = patterns["asked_for"].search(lower)
    start = m.start("thing") if m else None
    if start is None and patterns["thing_first"].match(lower):
        start = 0
    if start is None:
        return ""
    words = _object_words(clause[start:], lex)[:_MAX_TITLE_WORDS]
    return " ".join(words)[:1].lower() + " ".join(words)[1:]


def _action(m: re.Match[str], lex: FollowUpLexicon, how: str, clause: str) -> Action:
    pronouns = (m.group("pro") or "").split()
    client = next((p.rstrip() for p in reversed(pronouns) if p.rstrip() in lex.client_pronouns), None)
    before = clause[m.start("thing"):m.end("thing")] if how == "to_do" and m.group("thing") else ""
    before = before[:1].lower() + before[1:]  # it starts with a determiner: "Le contrat à renvoyer"
    bare = m.groupdict().get("bare") if how == "to_do" else None
    if bare:
        # "Devis à faire": a deliverable takes its determiner ("le devis"), anything else is kept as said.
        thing = lex.deliverables.get(bare.lower())
        before = thing.title.split(" ", 1)[1] if thing else bare.lower()
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
    action: Action,
    clause: str,
    dates: list[Span],
    *,
    client_name: str | None,
    lex: FollowUpLexicon,
    antecedent: str = "",
) -> str:
    """The task's title: the action in the infinitive or imperative, then what it applies to.

    Contacting or seeing the client ends with the client's name when it is known ("Rappeler Léa Roy",
    "Follow up with Jane Roe"), else with "le client" / "la cliente" / "the client"; a topic said after
    it is kept ("Relancer Léa Roy pour le devis"). Anything else keeps the words said after the verb,
    without the date ("Envoyer le devis", "Schedule the demo"); when that is only a pronoun for a thing
    ("Schedule it", "on la fait"), ``antecedent`` — the thing said in the clause before — stands for it.
    ``dates`` are spans in ``clause``.
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
        said_as_verb = action.how not in {"noun", "wanted"}  # "Devis demain" names its object already
        if said_as_verb and antecedent and pronoun not in lex.person_pronouns and [w.lower() for w in words] in (
            [], ["it"]
        ):
            words = antecedent.split()
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
    previous: Span | None = None  # the last clause of the sentence before
    for sentence in sentences(text):
        parts = clauses(text, sentence, new_clause=patterns["new_clause"], conjunctions=lex.conjunctions)
        dated = [[m for m in mentions if part.start <= m.start and m.end <= part.end] for part in parts]
        actions = [
            find_action(part.of(text), lex, [Span(m.start - part.start, m.end - part.start) for m in in_part])
            for part, in_part in zip(parts, dated, strict=True)
        ]
        used: set[int] = set()
        for i, (part, action) in enumerate(zip(parts, actions, strict=True)):
            if action is None or i in used:
                continue
            sources = [i]
            due_mentions = _own_dates(text, part, action, dated[i], lex)
            if not due_mentions:
                # "Il faut la rappeler, disons mardi" / "Mardi prochain, il faut la rappeler" — but not the
                # day something happened ("…, elle a reçu la commande mercredi").
                for j in (i + 1, i - 1):
                    if (
                        0 <= j < len(parts) and j not in used and actions[j] is None and dated[j]
                        and not patterns["told_in_past"].search(lower_same_length(parts[j].of(text)))
                    ):
                        sources.append(j)
                        due_mentions = dated[j]
                        break
            due = _first_due(due_mentions)
            if due is None:
                continue
            clause = part.of(text)
            spans = [Span(m.start - part.start, m.end - part.start) for m in dated[i]]
            before = parts[i - 1] if i > 0 else previous
            title = make_title(action, clause, spans, client_name=client_name, lex=lex,
                               antecedent=antecedent(before.of(text), lex) if before else "")
            evidence = " … ".join(parts[j].of(text) for j in sorted(sources))
            task = FollowUp(title=title, due=due.due, evidence=evidence, confidence=_CONFIDENCE[action.how])
            used.update(sources)
            key = (title.casefold(), task.due_text)
            if key in seen:
                continue
            seen.add(key)
            # A run-on clause keeps what it says before the action ("… il veut recommander je le relance le
            # 28"), and what the client asks for is a need as much as a task: both stay in the note.
            own = part if action.how != "wanted" else Span(part.end, part.end)
            if action.start > 0 and action.how != "wanted":
                own = Span(part.start + action.start, part.end)
            found.append(FoundTask(task, tuple(parts[j] if j != i else own for j in sorted(sources))))
        previous = parts[-1] if parts else previous
    return found


def _own_dates(
    text: str, part: Span, action: Action, mentions: list[DateMention], lex: FollowUpLexicon
) -> list[DateMention]:
    """The dates of an action's own clause that may be its due: those said after it, else those said before
    it unless the words before it are told in the past ("on a signé mardi … il faut l'appeler lundi")."""
    after = [m for m in mentions if m.start >= part.start + action.start]
    if after:
        return after
    said_before = lower_same_length(text[part.start:part.start + action.start])
    return [] if _patterns(lex.code)["told_in_past"].search(said_before) else mentions


def _first_due(mentions: list[DateMention]) -> DateMention | None:
    return next((m for m in mentions if m.due is not None), None)
