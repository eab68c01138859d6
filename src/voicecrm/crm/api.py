from datetime import datetime
from decimal import Decimal

from django.conf import settings
from ninja import Body, Query, Router, Schema, Status
from pydantic import ValidationError

from voicecrm.extraction import validate_client_fields

from .models import CLIENT_FIELDS
from .selectors import client_get, clients_for_user
from .services import client_delete, client_update

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
    created_at: datetime

    @staticmethod
    def resolve_changed_by(obj) -> str | None:
        return obj.changed_by.get_username() if obj.changed_by else None


class Error(Schema):
    detail: str


class ClientFilter(Schema):
    search: str = ""
    order: str = "-updated_at"
    limit: int = 50
    offset: int = 0


@router.get("", response=ClientPage)
def list_clients(request, filters: Query[ClientFilter]):
    clients = clients_for_user(user=request.user, search=filters.search, order=filters.order)
    limit = max(1, min(filters.limit, 500))
    offset = max(0, filters.offset)
    return {"count": clients.count(), "results": list(clients[offset:offset + limit])}


@router.get("/{client_id}", response={200: ClientOut, 404: Error})
def get_client(request, client_id: int):
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    return Status(200, client)


@router.get("/{client_id}/history", response={200: list[ChangeOut], 404: Error})
def client_history(request, client_id: int):
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    return Status(200, list(client.changes.select_related("changed_by")))


@router.patch("/{client_id}", response={200: ClientOut, 400: Error, 404: Error})
def patch_client(request, client_id: int, payload: Body[dict]):
    """Change some fields; values are validated as extraction's are (E.164 phone, valid email, …)."""
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    unknown = sorted(set(payload) - set(CLIENT_FIELDS))
    if unknown:
        return Status(400, {"detail": f"unknown field(s): {', '.join(unknown)}"})
    # PostgreSQL refuses NUL in text and no field needs control characters: refuse them here, as a 400.
    controlled = sorted(name for name, value in payload.items()
                        if isinstance(value, str) and any(ord(c) < 32 and c not in "\t\n\r" for c in value))
    if controlled:
        return Status(400, {"detail": f"control characters (e.g. NUL) are not allowed in: {', '.join(controlled)}"})
    cleared = {name for name, value in payload.items() if value in (None, "")}
    try:
        values = validate_client_fields({k: v for k, v in payload.items() if k not in cleared},
                                        default_region=settings.DEFAULT_REGION)
    except ValidationError as exc:
        return Status(400, {"detail": "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())})
    client_update(client=client, fields={**values, **dict.fromkeys(cleared)}, user=request.user)
    client.refresh_from_db()
    return Status(200, client)


@router.delete("/{client_id}", response={204: None, 404: Error})
def delete_client(request, client_id: int):
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": f"no client {client_id}"})
    client_delete(client=client)
    return Status(204, None)
