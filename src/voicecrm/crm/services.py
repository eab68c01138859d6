"""Writing clients: the one place where fields are merged into a client and every change is recorded."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from voicecrm.extraction import ExtractedField, Extraction, merge_fields

from .models import CLIENT_FIELDS, Client, ClientChange


def fold(value: str) -> str:
    """Lower-case, accents removed, spaces and hyphens folded: how names are compared."""
    decomposed = unicodedata.normalize("NFD", value or "")
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()
    return " ".join(plain.replace("-", " ").split())


def client_record(client: Client) -> dict[str, Any]:
    """The client's fields as plain data (what extraction merges into)."""
    record: dict[str, Any] = {}
    for field in CLIENT_FIELDS:
        value = getattr(client, field)
        if value in (None, ""):
            continue
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        record[field] = value
    return record


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def _set(client: Client, field: str, value: Any) -> None:
    if field in ("age", "budget"):
        setattr(client, field, None if value in (None, "") else value)
    else:
        setattr(client, field, "" if value is None else value)


def client_apply_fields(*, client: Client, fields: dict[str, Any], audio_record=None,
                        changed_by: AbstractBaseUser | None = None) -> list[ClientChange]:
    """Set the given fields (already merged and validated) and record one change per field that differs."""
    changes = []
    for field, new in fields.items():
        if field not in CLIENT_FIELDS:
            continue
        old = getattr(client, field)
        if _text(old) == _text(new):
            continue
        _set(client, field, new)
        changes.append(ClientChange(field=field, old_value=_text(old), new_value=_text(new),
                                    audio_record=audio_record, changed_by=changed_by))
    if changes or client.pk is None:
        client.name_key = fold(client.full_name)
        client.save()
        for change in changes:
            change.client = client
        ClientChange.objects.bulk_create(changes)
    return changes


def client_merge_extraction(*, client: Client, extraction: Extraction, audio_record=None,
                            min_confidence: float = 0.6) -> tuple[list[ClientChange], dict[str, ExtractedField]]:
    """Merge what a recording said into a client; returns the changes and the suggestions kept aside."""
    merged = merge_fields(client_record(client), extraction, min_confidence=min_confidence)
    changed = {field: merged.record.get(field) for field, _old, _new in merged.changes}
    return client_apply_fields(client=client, fields=changed, audio_record=audio_record), merged.suggestions


def client_find_match(*, owner: AbstractBaseUser, fields: dict[str, Any]) -> Client | None:
    """An existing client of this owner that the fields name: same email, same phone or same full name."""
    clients = Client.objects.filter(owner=owner)
    if fields.get("email"):
        match = clients.filter(email__iexact=fields["email"]).first()
        if match:
            return match
    if fields.get("phone"):
        match = clients.filter(phone=fields["phone"]).first()
        if match:
            return match
    if fields.get("first_name") and fields.get("last_name"):
        key = fold(f"{fields['first_name']} {fields['last_name']}")
        return clients.filter(name_key=key).first()
    return None


def client_update(*, client: Client, fields: dict[str, Any], user: AbstractBaseUser) -> list[ClientChange]:
    """A user's own edit (API PATCH, inline edit): validated values replace the old ones."""
    with transaction.atomic():
        return client_apply_fields(client=client, fields=fields, changed_by=user)


def client_create(*, owner: AbstractBaseUser, fields: dict[str, Any]) -> Client:
    with transaction.atomic():
        client = Client(owner=owner)
        client_apply_fields(client=client, fields=fields, changed_by=owner)
        return client
