from datetime import datetime
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema, Status

from voicecrm.accounts.selectors import user_phone_region, user_time_zone

from .interactions import InvalidNoteError, interaction_note_create
from .matching import IDENTIFYING_FIELDS
from .schemas import (
    Error,
    InteractionItem,
    InvalidFieldsError,
    TimelinePage,
    client_fields_clean,
    interaction_out,
    timeline_out,
)
from .selectors import client_dependents, client_get, clients_for_user
from .services import client_create, client_delete, client_update
from .timeline import client_timeline

router = Router(tags=["clients"])


class ClientOut(Schema):
    id: int
    first_name: str
    last_name: str
    age: int | None
    email: str
    phone: str
    city: str
    company: str
    job_title: str
    budget: Decimal | None
    notes: str
    created_at: datetime
    updated_at: datetime


class ClientPage(Schema):
    count: int
    results: list[ClientOut]


class ChangeOut(Schema):
    field: str
    old_value: str
    new_value: str
    audio_record_id: int | None
    changed_by: str | None
    source: str = Field(description="voice, edited, typed, import or merge; empty on rows older than the column")
    created_at: datetime

    @staticmethod
    def resolve_changed_by(obj) -> str | None:
        return obj.changed_by.get_username() if obj.changed_by else None


class ClientFilter(Schema):
    search: str = ""
    order: str = "-updated_at"
    limit: int = 50
    offset: int = 0


@router.get("", response=ClientPage)
def list_clients(request, filters: Query[ClientFilter]):
    """The caller's clients: `search` (every word in a name, company, city, email or phone), `order` (a field,
    `-` for descending), paged by `limit` / `offset`; `{"count", "results"}`. A `search` that is a phone
    number finds it in any written form ("617-555-0198", "+1 617 555 0198"), read in the caller's phone
    region (GET /api/auth/settings)."""
    clients = clients_for_user(user=request.user, search=filters.search, order=filters.order,
                               phone_region=user_phone_region(user=request.user, language=get_language()))
    limit = max(1, min(filters.limit, 500))
    offset = max(0, filters.offset)
    return {"count": clients.count(), "results": list(clients[offset:offset + limit])}


@router.post("", response={201: ClientOut, 400: Error})
def create_client(request, payload: Body[dict]):
    """A client typed by the caller: fields validated as PATCH's (valid email, E.164 phone read in the caller's
    phone region, …), each one a history entry (source "typed"). 400 for an unknown field, an invalid value, or
    none of first name, last name, email, phone or company."""
    try:
        fields = client_fields_clean(payload, phone_region=user_phone_region(user=request.user,
                                                                             language=get_language()))
    except InvalidFieldsError as exc:
        return Status(400, {"detail": str(exc)})
    if not any(fields.get(name) for name in IDENTIFYING_FIELDS):
        return Status(400, {"detail": "give at least a first name, a last name, an email, a phone or a company"})
    return Status(201, client_create(owner=request.user, fields=fields))


@router.get("/{client_id}", response={200: ClientOut, 404: Error})
def get_client(request, client_id: int):
    """One of the caller's clients; 404 for an unknown id or another user's client."""
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    return Status(200, client)


@router.get("/{client_id}/history", response={200: list[ChangeOut], 404: Error})
def client_history(request, client_id: int):
    """The client's field changes, newest first: field, old → new, and the recording or user that made each; 404
    as for GET."""
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    return Status(200, list(client.changes.select_related("changed_by")))


@router.patch("/{client_id}", response={200: ClientOut, 400: Error, 404: Error})
def patch_client(request, client_id: int, payload: Body[dict]):
    """Change some fields; values are validated as extraction's are (valid email, …); a phone number without
    its country code is read in the caller's phone region (GET /api/auth/settings) and stored in E.164."""
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    try:
        fields = client_fields_clean(payload, phone_region=user_phone_region(user=request.user,
                                                                             language=get_language()))
    except InvalidFieldsError as exc:
        return Status(400, {"detail": str(exc)})
    client_update(client=client, fields=fields, user=request.user)
    client.refresh_from_db()
    return Status(200, client)


class ConfirmRequiredOut(Error):
    would_delete: dict[str, int] = Field(description="what the delete takes with it: recordings, interactions, "
                                                     "tasks, changes (history rows)")


@router.delete("/{client_id}", response={204: None, 404: Error, 409: ConfirmRequiredOut})
def delete_client(request, client_id: int, confirm: bool = False):
    """Delete the client with its history, recordings (and their audio), interactions and tasks; 204, or 404.

    A client with recordings, interactions or tasks is deleted only with `?confirm=true`: without it, 409 with
    `code` "confirm_required" and `would_delete` (the counts), and nothing is deleted.
    """
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": _("no client %(id)s") % {"id": client_id}, "code": "not_found"})
    counts = client_dependents(client=client)
    if not confirm and (counts["recordings"] or counts["interactions"] or counts["tasks"]):
        return Status(409, {"code": "confirm_required", "would_delete": counts, "detail": _(
            "Deleting %(name)s also deletes %(recordings)s recording(s), %(interactions)s interaction(s) and "
            "%(tasks)s task(s). Send confirm=true to delete them all.") % {"name": client, **counts}})
    client_delete(client=client)
    return Status(204, None)


class Page(Schema):
    limit: int = 50
    offset: int = 0


@router.get("/{client_id}/timeline", response={200: TimelinePage, 404: Error})
def timeline(request, client_id: int, page: Query[Page]):
    """The client's timeline, newest first: interactions (recordings and typed notes, with the field changes and
    tasks they made), field changes made outside them, tasks created by hand or done. `limit` 1–500."""
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    count, entries = client_timeline(client=client, limit=max(1, min(page.limit, 500)), offset=max(0, page.offset))
    zone = user_time_zone(user=request.user)
    return Status(200, {"count": count, "results": [timeline_out(entry, zone=zone) for entry in entries]})


class NoteIn(Schema):
    # Blank notes and control characters are refused by interaction_note_create, in the caller's language.
    note: str = Field(max_length=20000, description="not blank, at most 20 000 characters, no control characters "
                                                    "but tab and new lines")


@router.post("/{client_id}/interactions", response={201: InteractionItem, 400: Error, 404: Error})
def add_note(request, client_id: int, payload: NoteIn):
    """A typed note on the client's timeline (now); 400 when it is blank, over 20 000 characters or holds control
    characters other than tab and new lines, with the reason in the caller's language."""
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    try:
        interaction = interaction_note_create(client=client, note=payload.note)
    except InvalidNoteError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, interaction_out(interaction, zone=user_time_zone(user=request.user)))
