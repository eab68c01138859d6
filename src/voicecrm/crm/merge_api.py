"""Duplicates in the clients API: the possible duplicates, merging two clients, splitting a recording off a
client it found by name alone (added under /api/clients beside crm/api.py's router)."""

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from voicecrm.accounts.selectors import user_phone_region

from .merge import (
    OTHER,
    THIS,
    MergeError,
    SplitError,
    clients_merge,
    clients_possible_duplicates,
    interaction_confirm_match,
    interaction_split,
)
from .models import CLIENT_FIELDS, Interaction
from .schemas import Error, InvalidFieldsError, client_fields_clean
from .selectors import client_get

router = Router(tags=["clients"])


class ClientBrief(Schema):
    id: int
    name: str
    email: str
    phone: str
    company: str
    city: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class DuplicateOut(Schema):
    client: ClientBrief
    other: ClientBrief
    reasons: list[str] = Field(description='why: "email", "phone", "name" (equal once folded), "name_contained"')


class DuplicatesOut(Schema):
    count: int
    results: list[DuplicateOut]


@router.get("/duplicates", response={200: DuplicatesOut, 404: Error})
def duplicates(request, client_id: int | None = None):
    """The caller's pairs of clients that may be one person: the same email (any case) or phone, names equal once
    folded (no case, accents, hyphens or spaces), or one full name of two words or more inside the other; of one
    client with `client_id` (404 when it is not the caller's). Most recently updated first."""
    client = client_get(user=request.user, client_id=client_id) if client_id is not None else None
    if client_id is not None and client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    pairs = clients_possible_duplicates(user=request.user, client=client)
    return Status(200, {"count": len(pairs), "results": [vars(pair) for pair in pairs]})


class MergeIn(Schema):
    other_id: int = Field(description="the client merged into this one, then deleted")
    fields: dict[str, Any] = Field(default_factory=dict, description='{field: "this" | "other" | a value}; a field '
                                   "left out keeps this client's value, or takes the other's when this one has none")


class MergedOut(Schema):
    id: int
    merged: int = Field(description="the id of the client merged in (deleted)")


def merge_choices(fields: dict[str, Any], *, phone_region: str) -> dict[str, Any]:
    """The merge's choices: "this" and "other" as they are, other values validated as PATCH's (InvalidFieldsError)."""
    unknown = sorted(set(fields) - set(CLIENT_FIELDS))
    if unknown:
        raise InvalidFieldsError(_("unknown field(s): %(fields)s") % {"fields": ", ".join(unknown)})
    explicit = {name: value for name, value in fields.items() if value not in (THIS, OTHER)}
    return {**fields, **client_fields_clean(explicit, phone_region=phone_region)}


@router.post("/{client_id}/merge", response={200: MergedOut, 400: Error, 404: Error})
def merge(request, client_id: int, payload: MergeIn):
    """Merge client `other_id` into this one (crm.merge.clients_merge): per field the value chosen in `fields`;
    the other's recordings, interactions, tasks, history and suggestions move here; the other's notes are
    appended unless chosen; every value not kept stays in the history (source "merge"); the other is deleted.
    One transaction under row locks. 400 for an unknown field, an invalid value or the same client twice; 404
    when either client is not the caller's."""
    client = client_get(user=request.user, client_id=client_id)
    other = client_get(user=request.user, client_id=payload.other_id)
    if client is None or other is None:
        missing = client_id if client is None else payload.other_id
        return Status(404, {"detail": f"no client {missing}"})
    try:
        choices = merge_choices(payload.fields, phone_region=user_phone_region(user=request.user,
                                                                                language=get_language()))
        merged = clients_merge(survivor=client, other=other, choices=choices, user=request.user)
    except (InvalidFieldsError, MergeError) as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, {"id": merged.pk, "merged": payload.other_id})


class SplitOut(Schema):
    id: int = Field(description="the new client")
    name: str
    previous_client_id: int


@router.post("/{client_id}/recordings/{record_id}/split", response={201: SplitOut, 404: Error, 409: Error})
def split(request, client_id: int, record_id: int):
    """Take a recording that found this client by the spoken name alone (its status says `possible_duplicate`)
    onto a new client (crm.merge.interaction_split): the values it changed here come back, the new client gets
    what it heard, its interaction and tasks move. 201 with the new client; 404 for a recording that is not on
    this client of the caller's; 409 when it did not match by name alone (or was split already)."""
    client = client_get(user=request.user, client_id=client_id)
    interaction = (Interaction.objects.filter(owner=request.user, client=client, audio_record_id=record_id).first()
                   if client is not None else None)
    if interaction is None:
        return Status(404, {"detail": f"no recording {record_id} on client {client_id}"})
    try:
        new = interaction_split(interaction=interaction, user=request.user)
    except SplitError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(201, {"id": new.pk, "name": str(new), "previous_client_id": client_id})


class SamePersonOut(Schema):
    id: int = Field(description="the recording")
    client_id: int
    possible_duplicate: bool = Field(description="false: the client page and the status no longer warn")


@router.post("/{client_id}/recordings/{record_id}/same-person",
             response={200: SamePersonOut, 404: Error, 409: Error})
def same_person(request, client_id: int, record_id: int):
    """Say that a recording which found this client by the spoken name alone (its status says
    `possible_duplicate`) is about this very client: the warning goes, nothing else changes
    (crm.merge.interaction_confirm_match). The other answer to the same question is `…/split`. 200; 404 for a
    recording that is not on this client of the caller's; 409 when it did not match by name alone, or was
    confirmed or split already."""
    client = client_get(user=request.user, client_id=client_id)
    interaction = (Interaction.objects.filter(owner=request.user, client=client, audio_record_id=record_id).first()
                   if client is not None else None)
    if interaction is None:
        return Status(404, {"detail": _("no recording %(record)s on client %(client)s")
                            % {"record": record_id, "client": client_id}})
    try:
        interaction_confirm_match(interaction=interaction)
    except SplitError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(200, {"id": record_id, "client_id": client_id, "possible_duplicate": False})
