"""The shapes of the CRM's API answers (tasks, interactions, the timeline, the Inbox) and the check of client
fields sent by users; times are shown in the user's zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Annotated, Any, Literal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import Field, ValidationError

from voicecrm.errors import ErrorOut
from voicecrm.extraction import validate_client_fields

from .dues import due_text
from .models import CLIENT_FIELDS, ClientChange, Interaction, Task
from .timeline import TimelineEntry

# Every API error: {"detail", "code"} (the code filled from the status when an endpoint gives none).
Error = ErrorOut


class TaskOut(Schema):
    """A task; ``due`` is "YYYY-MM-DD", or an ISO 8601 date-time in the user's zone ("2026-12-02T10:00:00+01:00")."""

    id: int
    title: str
    due: str
    done: bool
    client_id: int | None
    client_name: str | None
    audio_record_id: int | None
    interaction_id: int | None
    created_at: datetime
    updated_at: datetime


class TaskBriefOut(Schema):
    id: int
    title: str
    due: str


class FieldChangeOut(Schema):
    field: str
    old_value: str
    new_value: str


class InteractionItem(Schema):
    kind: Literal["interaction"]
    at: datetime
    id: int
    source: str
    note: str | None
    transcription: str | None
    edited_text: str | None = Field(None, description="the text the user corrected (or typed) and applied instead "
                                                      "of the transcription; null when none")
    audio_record_id: int | None
    tasks: list[TaskOut]
    changes: list[FieldChangeOut]


class ChangeItem(Schema):
    kind: Literal["change"]
    at: datetime
    field: str
    old_value: str
    new_value: str
    audio_record_id: int | None
    changed_by: str | None
    source: str = Field(description="voice, edited, typed, import or merge; empty on rows older than the column")


class TaskItem(Schema):
    kind: Literal["task"]
    at: datetime
    event: Literal["created", "done"]
    task: TaskOut


class TimelinePage(Schema):
    count: int
    results: list[Annotated[InteractionItem | ChangeItem | TaskItem, Field(discriminator="kind")]]


class InboxItem(InteractionItem):
    fields: dict[str, Any]


class InboxPage(Schema):
    count: int
    results: list[InboxItem]


def task_out(task: Task, *, zone: tzinfo) -> dict[str, Any]:
    """A task as TaskOut, its due in `zone` (the user's)."""
    interaction = task.interaction if task.interaction_id is not None else None
    return {"id": task.pk, "title": task.title, "due": due_text(due_date=task.due_date, due_at=task.due_at, zone=zone),
            "done": task.done, "client_id": task.client_id, "client_name": str(task.client) if task.client else None,
            "audio_record_id": interaction.audio_record_id if interaction else None,
            "interaction_id": task.interaction_id, "created_at": task.created_at, "updated_at": task.updated_at}


def task_brief(task: Task, *, zone: tzinfo) -> dict[str, Any]:
    """``{"id", "title", "due"}``: a recording's task as its status shows it."""
    return {"id": task.pk, "title": task.title,
            "due": due_text(due_date=task.due_date, due_at=task.due_at, zone=zone)}


def interaction_out(interaction: Interaction, *, zone: tzinfo,
                    changes: Iterable[ClientChange] = ()) -> dict[str, Any]:
    """An interaction as InteractionItem: its tasks (prefetched) and the client `changes` its recording made."""
    record = interaction.audio_record if interaction.audio_record_id is not None else None
    return {"kind": "interaction", "at": interaction.recorded_at.astimezone(zone), "id": interaction.pk,
            "source": interaction.source, "note": interaction.note or None,
            "transcription": (record.transcription or None) if record else None,
            "edited_text": (record.edited_text or None) if record else None,
            "audio_record_id": interaction.audio_record_id,
            "tasks": [task_out(task, zone=zone) for task in interaction.tasks.all()],
            "changes": [{"field": c.field, "old_value": c.old_value, "new_value": c.new_value} for c in changes]}


def timeline_out(entry: TimelineEntry, *, zone: tzinfo) -> dict[str, Any]:
    """One timeline entry as InteractionItem, ChangeItem or TaskItem."""
    at = entry.at.astimezone(zone)
    if entry.kind == "interaction":
        return interaction_out(entry.interaction, zone=zone, changes=entry.changes)
    if entry.kind == "change":
        change = entry.change
        return {"kind": "change", "at": at, "field": change.field, "old_value": change.old_value,
                "new_value": change.new_value, "audio_record_id": change.audio_record_id,
                "changed_by": change.changed_by.get_username() if change.changed_by else None,
                "source": change.source}
    return {"kind": "task", "at": at, "event": entry.event, "task": task_out(entry.task, zone=zone)}


class InvalidFieldsError(ValueError):
    """Client fields a user sent that cannot be stored; the message says which and why (400)."""


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a C0 control character other than tab and new lines (NUL, which PostgreSQL
    refuses in text, ESC…): what typed fields, notes and corrected transcripts may not hold."""
    return any(ord(c) < 32 and c not in "\t\n\r" for c in text)


def client_fields_clean(payload: dict[str, Any], *, phone_region: str = "") -> dict[str, Any]:
    """Client fields typed by a user, validated as extraction's are (E.164 phone, valid email, …); a field sent
    empty or null is cleared (None). A phone number without a country code is read in `phone_region` (the
    user's, accounts.selectors.user_phone_region; empty: the server's VOICECRM_DEFAULT_REGION).

    Raises:
        InvalidFieldsError: an unknown field, control characters (e.g. NUL, which PostgreSQL refuses), or a
            value that does not validate.
    """
    unknown = sorted(set(payload) - set(CLIENT_FIELDS))
    if unknown:
        raise InvalidFieldsError(_("unknown field(s): %(fields)s") % {"fields": ", ".join(unknown)})
    controlled = sorted(name for name, value in payload.items()
                        if isinstance(value, str) and has_control_characters(value))
    if controlled:
        raise InvalidFieldsError(_("control characters (e.g. NUL) are not allowed in: %(fields)s")
                                 % {"fields": ", ".join(controlled)})
    cleared = {name for name, value in payload.items() if value in (None, "")}
    region = phone_region or settings.DEFAULT_REGION
    try:
        values = validate_client_fields({k: v for k, v in payload.items() if k not in cleared},
                                        default_region=region)
    except ValidationError as exc:
        raise InvalidFieldsError("; ".join(_field_reason(error, payload, region) for error in exc.errors())) from exc
    return {**values, **dict.fromkeys(cleared)}


# What a user reads when a field they typed does not validate (extraction's validators say it in English, for
# the log): short, in their language, and saying what to write instead.
_FIELD_REASONS = {
    "email": gettext_lazy("email: %(value)s is not a valid email address; check the @ and the domain "
                          "(name@example.com)."),
    "phone": gettext_lazy("phone: %(value)s is not a valid phone number for %(region)s; write it with its country "
                          "code (+33 6 12 34 56 78) or as it is dialled in %(region)s."),
    "age": gettext_lazy("age: %(value)s is not a whole number of years."),
    "budget": gettext_lazy("budget: %(value)s is not a number."),
}


def _field_reason(error: Any, payload: dict[str, Any], region: str) -> str:
    field = str(error["loc"][0]) if error.get("loc") else ""
    reason = _FIELD_REASONS.get(field)
    if reason is None:
        return _("%(field)s: %(reason)s") % {"field": field, "reason": error["msg"]}
    return str(reason) % {"value": repr(payload.get(field))[:80], "region": region}
