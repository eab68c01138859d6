"""When a task is due: a local date, or a moment when a time of day was given; read from text, shown in a zone.

A task stores both ``due_date`` (the date where it is due) and ``due_at`` (aware, or None for a whole day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _


class InvalidDueError(ValueError):
    """A due that is neither a date nor a date-time (the API answers 400)."""


@dataclass(frozen=True)
class Due:
    """``date``: the local date it is due; ``at``: the aware moment, or None when no time of day was given."""

    date: date
    at: datetime | None = None


def due_local(value: date | datetime, *, zone: tzinfo) -> Due:
    """The due of a date, or of a date-time: a naive one is wall-clock time in `zone`, an aware one keeps its
    own offset (its date is the date where it was given)."""
    if isinstance(value, datetime):
        at = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return Due(date=at.date(), at=at)
    return Due(date=value)


def due_parse(text: str, *, zone: tzinfo) -> Due:
    """Read a due as the API takes it: "YYYY-MM-DD", or an ISO 8601 date-time with an offset
    ("2026-12-02T10:00:00+01:00", "…Z") or without one (then wall-clock time in `zone`, the user's).

    Raises:
        InvalidDueError: anything else, or a date that does not exist (2026-02-30).
    """
    text = (text or "").strip()
    try:
        day = parse_date(text)
        if day is not None:
            return Due(date=day)
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidDueError(_("due must be a date (YYYY-MM-DD) or an ISO 8601 date-time such as "
                                "2026-12-02T10:00:00+01:00 (got %(value)r)") % {"value": text[:40]})
    return due_local(moment, zone=zone)


def due_text(*, due_date: date, due_at: datetime | None, zone: tzinfo) -> str:
    """"YYYY-MM-DD" for a whole day, else the moment in `zone` (the user's) as ISO 8601 with its offset,
    e.g. "2026-12-02T10:00:00+01:00"."""
    if due_at is None:
        return due_date.isoformat()
    return due_at.astimezone(zone).isoformat(timespec="seconds")


def recording_zone(*, utc_offset: int | None, at: datetime, user_zone: tzinfo) -> tzinfo:
    """The zone a recording's spoken dates are read in: the user's when no offset was given or when it had that
    offset at the moment of the recording (so "in two weeks at 10" stays 10:00 across a DST change), else the
    fixed offset the recording was made in (minutes east of UTC: a user away from home)."""
    if utc_offset is None:
        return user_zone
    offset = timedelta(minutes=utc_offset)
    if at.astimezone(user_zone).utcoffset() == offset:
        return user_zone
    return timezone(offset)
