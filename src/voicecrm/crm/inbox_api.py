"""The Inbox API: recordings that named no client wait at /api/inbox until
/api/interactions/{id}/assign gives them one, an existing client or a new one."""

from typing import Any

from ninja import Query, Router, Schema, Status

from voicecrm.accounts.selectors import user_time_zone

from .interactions import AlreadyAssignedError, interaction_assign
from .schemas import Error, InboxPage, InvalidFieldsError, client_fields_clean, interaction_out
from .selectors import client_get, inbox_for_user, interaction_get, interaction_heard_fields

inbox_router = Router(tags=["inbox"])
interactions_router = Router(tags=["inbox"])


class Page(Schema):
    limit: int = 50
    offset: int = 0


@inbox_router.get("", response=InboxPage)
def inbox(request, page: Query[Page]):
    """The caller's interactions waiting for a client, newest first: note, transcript, tasks, and `fields`, what
    the recording heard (``{field: value}``). `limit` 1–500."""
    interactions = inbox_for_user(user=request.user)
    limit, offset = max(1, min(page.limit, 500)), max(0, page.offset)
    zone = user_time_zone(user=request.user)
    return {"count": interactions.count(),
            "results": [{**interaction_out(interaction, zone=zone), "fields": interaction_heard_fields(
                interaction=interaction)} for interaction in interactions[offset:offset + limit]]}


class AssignIn(Schema):
    client_id: int | None = None
    new_client: bool = False
    fields: dict[str, Any] | None = None


class AssignOut(Schema):
    interaction_id: int
    client_id: int
    client_name: str


@interactions_router.post("/{interaction_id}/assign", response={200: AssignOut, 400: Error, 404: Error,
                                                                409: Error})
def assign(request, interaction_id: int, payload: AssignIn):
    """Give an Inbox interaction a client: ``{"client_id": n}``, or ``{"new_client": true, "fields": {…}}`` (client
    fields, validated as PATCH /api/clients does; absent: what the recording heard). Its tasks and its recording
    go along. Already assigned → 409."""
    interaction = interaction_get(user=request.user, interaction_id=interaction_id)
    if interaction is None:
        return Status(404, {"detail": f"no interaction {interaction_id}"})
    if interaction.client_id is not None:
        return Status(409, {"detail": f"interaction {interaction_id} is on a client already: it is not in the Inbox"})
    if (payload.client_id is None) == (not payload.new_client):
        return Status(400, {"detail": 'send either {"client_id": n} or {"new_client": true}'})
    client, fields = None, None
    if payload.client_id is not None:
        client = client_get(user=request.user, client_id=payload.client_id)
        if client is None:
            return Status(404, {"detail": f"no client {payload.client_id}"})
    else:
        heard = payload.fields if payload.fields is not None else interaction_heard_fields(interaction=interaction)
        try:
            fields = client_fields_clean(heard)
        except InvalidFieldsError as exc:
            return Status(400, {"detail": str(exc)})
    try:
        client = interaction_assign(interaction=interaction, client=client, new_client_fields=fields)
    except AlreadyAssignedError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(200, {"interaction_id": interaction.pk, "client_id": client.pk, "client_name": str(client)})
