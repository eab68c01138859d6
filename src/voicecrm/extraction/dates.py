"""When a follow-up is due: Duckling finds and resolves the time expressions, our conventions settle the rest.

Duckling (Facebook's rule-based parser, through the ``pyduckling-native-phihos`` wheel) reads French and
English time expressions ("mardi prochain vers 14h30", "the day after tomorrow at 10 am", "le 9 octobre").
Where its reading differs from the conventions of issue 12 — the spec the evaluation data follows — the
conventions win:

- a weekday, with or without "prochain / next / this / ce", is the first such day strictly after the
  recording's date (Duckling reads "next Friday" as the Friday of next week);
- "la semaine prochaine" / "next week" without a day is next week's Monday;
- "dans quinze jours" / "dans huit jours" are 14 and 7 days, as French speakers mean them (Duckling
  counts 15 and 8);
- "fin du mois" / "end of the month" is the month's last day (Duckling gives its last ten days);
- "fin de semaine" / "end of the week" is the week's Friday;
- "dans N jours / semaines / mois", "in N days / weeks / months" add them, a month landing on the same
  day, or the month's last day when it has none (Jan 31 + 1 month = Feb 28);
- a day of a month ("le 15 janvier", "on the 3rd") is the next such date on or after the recording's date;
- a stated time ("à 10 h", "vers 14 h 30", "at 3 pm", "at noon") makes the due a date and time;
  a part of the day ("matin", "morning") adds no time; an hour from 1 to 6 said without "am" or
  "du matin" ("at three", "à 3 h") is in the afternoon, as follow-ups are in working hours;
- a past reference ("mardi dernier", "last Tuesday", "hier", "yesterday", "ce matin") is no due date.

Times are naive local times of the recording: Duckling is given the wall-clock time as if it were UTC,
so no daylight-saving shift can move a due date.
"""

from __future__ import annotations

import calendar
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import Any

from .fold import fold, fold_same_length

LANGUAGES = ("fr", "en")

# A due date further ahead than this is a number misread as a date ("le 06 12 34" of a phone number).
MAX_AHEAD = timedelta(days=731)

_WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")s?\b")
_MONTH = re.compile(
    r"\b(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\b"
)


def is_calendar_name(text: str) -> bool:
    """Whether ``text`` is wholly the name of a weekday or a month, French or English ("Août", "Fridays")."""
    folded = fold(text).strip()
    return bool(_WEEKDAY.fullmatch(folded) or _MONTH.fullmatch(folded))


_HOUR_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# A stated time of day, in the accent-folded, lower-cased span: a unit or a clock ("10 h 30", "dix heures",
# "4:45 pm", "midi", "noon", "half past three"), or a bare hour after "at" / "à" / "vers" ("at ten", "à 10").
_TIME = re.compile(
    r"(?:\b(?:at|a|vers|around|about|des)\s+)?"
    r"(?:\b\d{1,2}\s*h(?:eures?)?(?:\s*\d{2})?\b"
    r"|\b[a-z-]+\s+heures?(?:\s+et\s+(?:demie|quart))?\b"
    r"|\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)"
    r"|\b\d{1,2}:\d{2}\b"
    r"|\b(?:midi|minuit|noon|midnight)\b"
    r"|\b(?:\d{1,2}|" + _HOUR_WORD + r")\s+o'clock\b"
    r"|\b(?:half|quarter)\s+(?:past|to)\s+(?:\d{1,2}|" + _HOUR_WORD + r")\b)"
    r"|\b(?:at|a|vers|around|about)\s+(?:\d{1,2}|" + _HOUR_WORD + r")\b"
)
# Words that keep an early hour in the morning ("3 am", "à 5 h du matin").
_MORNING = re.compile(r"\b(?:am|a\.m\.|du matin|in the morning|morning|matin)\b|\d\s*am\b")
_PAST = re.compile(
    r"\b(?:dernier|derniere|passee?|hier|avant-hier|ce matin|il y a"
    r"|last|yesterday|this morning|ago|earlier today|the other day)\b"
)
_NEXT_WEEK = re.compile(r"\b(?:semaine prochaine|semaine d'apres|next week|the week after|following week)\b")
# French counts a week as eight days and two weeks as fifteen, both ends included.
_FRENCH_WEEKS = re.compile(r"\b(?:(?:dans|d'ici|sous)\s+(quinze|15|huit|8)\s+jours|(quinzaine|huitaine))\b")
_MONTH_END = re.compile(r"\b(?:fin (?:du|de ce|de la|de|du) mois|end of (?:the |this )?month|month[- ]end)\b")
_NEXT_MONTH_END = re.compile(r"\b(?:fin du mois prochain|end of next month)\b")
_WEEK_END = re.compile(r"\b(?:fin de (?:la |cette )?semaine|end of (?:the |this )?week)\b")
# Words that make an interval a deadline: the due is its end, not its start.
_DEADLINE = re.compile(r"\b(?:avant|d'ici|au plus tard|jusqu'a|by|before|within|no later than|until)\b")
# A day of the month said in words: "le vingt-huit", "the thirtieth", "the twenty-first" (read as "le 28").
_DAY_WORD = (
    r"(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-sept"
    r"|dix-huit|dix-neuf|vingt|vingt(?:-| et )un|vingt-(?:deux|trois|quatre|cinq|six|sept|huit|neuf)|trente"
    r"|trente(?:-| et )un"
    r"|(?:twenty-?|thirty-?)?(?:first|third|fourth|fifth|sixth|seventh|eighth|ninth)|twenty-?second"
    r"|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth)"
)
# Words without which a span is no date: Duckling also reads "maintenant", "now" or a bare "vingt" as times.
_ANCHOR = re.compile(
    r"\b(?:demain|apres-demain|aujourd'hui|ce soir|cet apres-midi|tomorrow|today|tonight|this afternoon"
    r"|jours?|semaines?|mois|quinzaine|huitaine|days?|weeks?|months?|fortnight|fin|end"
    r"|(?:le|the|on the)\s+\d{1,2}(?:er|st|nd|rd|th)?|\d{1,2}(?:er|st|nd|rd|th)|premier|first)\b"
    r"|\b\d{1,2}/\d{1,2}\b"
)
_DAY_IN_WORDS = re.compile(r"\b(?:le|the)\s+(?:" + _DAY_WORD + r")\b")
# What may follow a day said in words, so that "le six" of "le six places" stays a number: the end of a
# clause, a time, or a word that starts another part of the sentence.
_AFTER_DAY_WORD = re.compile(
    r"\s*(?:$|[,.;:!?)]|(?:a|à|vers|pour|et|ou|au|puis|je|j'|on|il|elle|nous|at|around|and|or|then|for|i|we|he|she"
    r"|they|to|so)\b)"
)
# A phone number read as a date ("le 06 12 34 56 78", "zéro sept vingt-trois", "at four zero four"):
# separate two-digit groups, a spoken zero, or numbers going on right before or after the span.
_DIGIT_GROUPS = re.compile(r"(?<!\d)\d{2}[\s.,-]{1,3}\d{2}[\s.,-]{1,3}\d{2}(?!\d)|\b(?:zero|oh)\b")
_NUMBER_WORD = (
    r"(?:\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine|un|deux|trois|quatre|cinq|sept|huit|neuf"
    r"|dix|onze|douze|treize|quatorze|seize|vingt|trente|quarante|cinquante|soixante)(?:-[a-z]+)*"
)
_NUMBER_AFTER = re.compile(r"\s*,?\s*" + _NUMBER_WORD + r"\b")
_NUMBER_BEFORE = re.compile(r"\b" + _NUMBER_WORD + r"\s*,?\s*$")
_ENDS_WITH_NUMBER = re.compile(r"\b" + _NUMBER_WORD + r"$")
_STARTS_WITH_NUMBER = re.compile(r"(?:(?:le|the|at|a)\s+)?" + _NUMBER_WORD + r"\b")


@dataclass(frozen=True)
class DateMention:
    """A time expression found in a text, and when it makes something due.

    ``start``/``end`` are character offsets into the text given to :func:`find_dates`. ``due`` is a
    ``date``, or a naive ``datetime`` when a time of day was stated; it is ``None`` when the expression
    refers to the past ("mardi dernier", "yesterday") or to nothing a task can be due on (a year, a
    month, this week).
    """

    start: int
    end: int
    text: str
    due: date | datetime | None

    @property
    def past(self) -> bool:
        """Whether the expression is a past reference (a past reference never makes a task)."""
        return self.due is None and bool(_PAST.search(fold_same_length(self.text)))




@cache
def _duckling_module() -> Any:
    """The ``duckling`` module, imported at its first use in this process: importing it starts the Haskell
    runtime, whose timer does not survive a fork, and Huey's process workers are forked after the job's
    modules are imported (a runtime started before the fork crashes the child at its first parse:
    "timer_settime: Invalid argument")."""
    import duckling

    return duckling


@cache
def _duckling_context(language: str) -> tuple[Any, Any, Any]:
    # Duckling wants a time-zone database folder; UTC needs none of its files, so an empty folder serves
    # and nothing depends on the system's tz database.
    duckling = _duckling_module()
    with tempfile.TemporaryDirectory() as empty:
        zones = duckling.load_time_zones(empty)
    locale = duckling.default_locale_lang(duckling.parse_lang(language.upper()))
    return zones, locale, duckling.parse_dimensions(["time"])


# What Duckling cannot be given, each replaced by one character so that its offsets still index the text:
# a NUL panics its Rust binding (a BaseException that ends the process's loop) and a lone surrogate (JSON
# "\ud800" decodes to one) cannot be encoded to UTF-8 for it.
_UNPARSABLE = re.compile("[\x00\ud800-\udfff]")
# Duckling composes adjacent time expressions ("mardi 12 janvier à 10 h") and tries every combination: its
# time doubles with about every time word added to a run that no period, semicolon or line break cuts
# ("midi" thirteen times: a minute; "1 " thirty times: hours). A said date holds at most a few time words
# (a number, a word Duckling reads alone as a time, or one that qualifies a time: "soir", "prochain",
# "next"); short words ("à", "le", "at") and connectors ("avant", "until") join them, any other word ends
# a run. A run of more than _LONG_RUN is no date anyone says: it is cut every _CUT_EVERY time words by
# turning a separator into a line break, which Duckling does not compose across.
_LONG_RUN = 8
_CUT_EVERY = 3
_RUN_BREAK = re.compile(r"[.;!?\n]")
_TOKEN = re.compile(r"[^\W_]+")
_QUALIFIERS = frozenset({
    "matin", "matinee", "soir", "soiree", "nuit", "prochain", "prochaine", "dernier", "derniere", "mois",
    "annee", "fin", "debut", "quart", "demie", "heure", "heures", "minutes", "jours", "semaines", "morning",
    "afternoon", "evening", "night", "next", "last", "this", "week", "weeks", "month", "months", "year",
    "years", "end", "beginning", "quarter", "half", "hour", "hours", "days",
})
_CONNECTORS = frozenset({
    "vers", "avant", "apres", "depuis", "jusqu", "partir", "entre", "dans", "before", "after", "from",
    "until", "around", "about", "between", "through", "within",
})
# Duckling's time grows with the square of a text's length (18 000 characters: 10 s); a longer text is
# parsed in pieces cut after a sentence's end, so a typed note of the largest size takes about a second.
_PIECE = 1000
_SENTENCE_END = re.compile(r"[.!?;\n]\s*")


def _is_time_word(folded: str, word: str, language: str) -> bool:
    return any(c.isdigit() for c in word) or folded in _QUALIFIERS or _reads_as_time(word.lower(), language)


@lru_cache(maxsize=8192)
def _reads_as_time(word: str, language: str) -> bool:
    """Whether Duckling reads ``word`` alone as a time ("midi", "demain", "tonight"): about 0.2 ms a word."""
    zones, locale, dimensions = _duckling_context(language)
    duckling = _duckling_module()
    reference = duckling.parse_ref_time(zones, "UTC", 0)
    return bool(duckling.parse(word, duckling.Context(reference, locale), dimensions, False))


def _duckling_safe(text: str, language: str) -> str:
    """``text`` as Duckling can take it, character for character: NUL and lone surrogates replaced, runs
    of time words too long to be a date cut by line breaks."""
    chars = list(_UNPARSABLE.sub(lambda m: " " if m.group() == "\x00" else "\ufffd", text))
    runs: list[list[int]] = [[]]  # per run, the offsets of the gaps before its time words
    previous_end = 0
    for token in _TOKEN.finditer(fold_same_length(text)):
        gap_start, previous_end = previous_end, token.end()
        folded, word = token.group(), text[token.start():token.end()]
        if _RUN_BREAK.search(text, gap_start, token.start()):
            runs.append([])
        if _is_time_word(folded, word, language):
            runs[-1].append(gap_start if gap_start < token.start() else -1)
        elif len(folded) > 3 and folded not in _CONNECTORS and runs[-1]:
            runs.append([])
    for gaps in runs:
        if len(gaps) > _LONG_RUN:
            for gap in gaps[_CUT_EVERY::_CUT_EVERY]:
                if gap >= 0:
                    chars[gap] = "\n"
    return "".join(chars)


def _pieces(text: str, language: str) -> list[int]:
    """The offsets where ``text`` is cut for Duckling: after a sentence's end, once a piece passes
    ``_PIECE`` characters (a text shorter than that is one piece). A transcript without punctuation is cut
    after a word that is no time word ("… il est content | je le relance le 28"), so no date is split."""
    cuts = [0]
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for end in ends:
        while end - cuts[-1] >= 2 * _PIECE:
            cut = _word_break(text, cuts[-1] + _PIECE, language)
            if cut is None or cut >= end:
                break
            cuts.append(cut)
        if end - cuts[-1] >= _PIECE and end < len(text):
            cuts.append(end)
    return cuts


def _word_break(text: str, start: int, language: str) -> int | None:
    """The offset after the first word from ``start`` on that no time expression can hold (a long word that
    is no time word nor connector, followed by another such word), or None."""
    previous_free = False
    for token in _TOKEN.finditer(text, start):
        folded = fold_same_length(token.group())
        free = len(folded) > 3 and folded not in _CONNECTORS and not _is_time_word(folded, token.group(), language)
        if free and previous_free:
            return token.start()
        previous_free = free
    return None


def _duckling(text: str, *, now: datetime, language: str) -> list[dict[str, Any]]:
    """Duckling's time entities in ``text``, their ``start``/``end`` counting characters of ``text``."""
    zones, locale, dimensions = _duckling_context(language)
    duckling = _duckling_module()
    reference = duckling.parse_ref_time(zones, "UTC", int(now.replace(tzinfo=UTC).timestamp()))
    context = duckling.Context(reference, locale)
    safe = _duckling_safe(text, language)
    cuts = _pieces(safe, language)
    entities: list[dict[str, Any]] = []
    for start, end in zip(cuts, [*cuts[1:], len(safe)], strict=True):
        for entity in duckling.parse(safe[start:end], context, dimensions, False):
            entities.append({**entity, "start": entity["start"] + start, "end": entity["end"] + start})
    return entities


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole ``months``, on the same day of the month or the month's last day when it has
    none (Jan 31 + 1 month = Feb 28, or 29 in a leap year)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_weekday(today: date, weekday: int) -> date:
    """The first day strictly after ``today`` that falls on ``weekday`` (Monday = 0): a weekday said on that
    same weekday means next week's."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _without_time(folded: str) -> str:
    return _TIME.sub(" ", folded)


def _convention_date(folded: str, today: date) -> date | None:
    """The date issue 12's conventions give a span, or None where Duckling's reading stands."""
    undated = _without_time(folded)
    weekday = _WEEKDAY.search(undated)
    if weekday and not _MONTH.search(undated) and not re.search(r"\b\d{1,2}(?:er|st|nd|rd|th)?\b", undated):
        return next_weekday(today, _WEEKDAYS[weekday.group(1)])
    if _NEXT_MONTH_END.search(folded):
        return month_end(add_months(today.replace(day=1), 1))
    if _MONTH_END.search(folded):
        return month_end(today)
    if _WEEK_END.search(folded) and "prochaine" not in folded and "next" not in folded:
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if _NEXT_WEEK.search(folded) and not re.search(r"\b(?:fin|end)\b", folded):
        return today + timedelta(days=7 - today.weekday())
    weeks = _FRENCH_WEEKS.search(folded)
    if weeks:
        word = weeks.group(1) or weeks.group(2)
        return today + timedelta(days=14 if word in {"quinze", "15", "quinzaine"} else 7)
    return None


def _duckling_value(entity: dict[str, Any], folded: str) -> tuple[datetime, str] | None:
    """Duckling's instant for an entity, and its grain; for an interval, its start, or its end for a
    deadline ("avant le 15", "by the 15th")."""
    value = entity.get("value") or {}
    if value.get("type") == "interval":
        start, end = value.get("from"), value.get("to")
        chosen = end if end and (not start or _DEADLINE.search(folded)) else start
        if not chosen:
            return None
        return datetime.fromisoformat(chosen["value"][:19]), "interval"
    if "value" not in value:
        return None
    return datetime.fromisoformat(value["value"][:19]), value.get("grain", "day")


def _is_date_words(folded: str) -> bool:
    """Whether a span names a day or a time at all (see ``_ANCHOR``), past ones included."""
    return any(p.search(folded) for p in (_WEEKDAY, _MONTH, _TIME, _ANCHOR, _PAST, _DAY_IN_WORDS))


def _resolve(text: str, entity: dict[str, Any], now: datetime) -> date | datetime | None:
    folded = fold_same_length(text)
    if _PAST.search(folded):
        return None
    found = _duckling_value(entity, folded)
    if found is None:
        return None
    instant, grain = found
    if grain in {"year", "quarter", "month"}:
        return None
    day = _convention_date(folded, now.date())
    if day is None:
        if grain == "week" and instant.date() < now.date():
            return None  # "cette semaine", "this week": no day to be due on
        day = instant.date()
    if day < now.date() or day - now.date() > MAX_AHEAD:
        return None
    if _TIME.search(folded) and grain in {"hour", "minute", "second", "interval"}:
        hour = instant.hour
        if 1 <= hour <= 6 and not _MORNING.search(folded):
            hour += 12  # "at three", "à 3 h": a follow-up is in working hours, so the afternoon
        due = datetime.combine(day, time(hour, instant.minute))
        return due if due >= now.replace(second=0, microsecond=0) else None
    return day


def _is_bare_time(folded: str) -> bool:
    """Whether a span only states a time of day ("à 15 heures", "vers 11h15", "at 4:45 pm")."""
    rest = _TIME.sub(" ", folded)
    return bool(_TIME.search(folded)) and not re.search(r"[^\W\d_]{3,}", re.sub(r"\b(?:vers|around|about)\b", "", rest))


def find_dates(text: str, *, now: datetime, language: str) -> list[DateMention]:
    """Every time expression of ``text`` with the due date it gives, in text order.

    Args:
        text: a transcript or a part of one, in ``language``.
        now: the recording's naive local date and time; relative expressions count from it.
        language: ``"fr"`` or ``"en"``.

    Returns:
        :class:`DateMention` items; a bare time right after a date ("dans trois jours à 16 heures")
        completes that date rather than standing alone.

    Raises:
        ValueError: ``language`` is neither French nor English.
    """
    if language not in LANGUAGES:
        raise ValueError(f"dates are read in French or English, not {language!r}")
    entities = sorted(_duckling(text, now=now, language=language), key=lambda e: e["start"])
    mentions: list[DateMention] = []
    for entity in entities:
        # Duckling's "body" is mis-decoded outside ASCII; its offsets count characters, so slice the text.
        start, end = entity["start"], entity["end"]
        end = start + len(text[start:end].rstrip(" ,;:.!?"))
        span = text[start:end]
        folded = fold_same_length(span)
        if (
            not _is_date_words(folded)
            or _DIGIT_GROUPS.search(folded)
            or (_ENDS_WITH_NUMBER.search(folded) and _NUMBER_AFTER.match(fold_same_length(text[end:end + 30])))
            or (_STARTS_WITH_NUMBER.match(folded)
                and _NUMBER_BEFORE.search(fold_same_length(text[max(0, start - 30):start])))
        ):
            continue
        if (
            not any(p.search(folded) for p in (_WEEKDAY, _MONTH, _ANCHOR, _PAST))
            and _DAY_IN_WORDS.search(folded)
            and not _AFTER_DAY_WORD.match(text[end:end + 10].lower())
        ):
            continue
        if re.fullmatch(r"(?:the )?day", folded):
            continue  # "the day before" (the meeting): a day counted from another date, not from now
        due = _resolve(span, entity, now)
        previous = mentions[-1] if mentions else None
        if (
            previous is not None
            and isinstance(previous.due, date)
            and not isinstance(previous.due, datetime)
            and re.fullmatch(r"[\s,]*", text[previous.end:start])
            and _is_bare_time(fold_same_length(span))
            and isinstance(due, datetime)
        ):
            merged = datetime.combine(previous.due, due.time())
            mentions[-1] = DateMention(previous.start, end, text[previous.start:end], merged)
            continue
        mentions.append(DateMention(start, end, span, due))
    return mentions


def resolve_due(expression: str, *, now: datetime, language: str) -> date | datetime | None:
    """The due date of one spoken expression ("mardi prochain à 10 h") or ISO date ("2027-03-02",
    "2027-03-02T10:00"), under the same conventions as :func:`find_dates`.

    Returns None for a past reference, a date before ``now``, or words that name no date.
    Raises ValueError for a language other than French or English.
    """
    expression = (expression or "").strip()
    try:
        parsed = datetime.fromisoformat(expression)
    except ValueError:
        parsed = None
    if parsed is not None:
        parsed = parsed.replace(tzinfo=None, second=0, microsecond=0)
        due: date | datetime = parsed if re.search(r"\d[T ]\d", expression) else parsed.date()
        return due if (due if isinstance(due, datetime) else datetime.combine(due, time.max)) >= now else None
    for mention in find_dates(expression, now=now, language=language):
        if mention.due is not None:
            return mention.due
    return None


__all__ = ["LANGUAGES", "MAX_AHEAD", "DateMention", "add_months", "find_dates", "month_end", "next_weekday",
           "resolve_due"]
