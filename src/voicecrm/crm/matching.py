"""Where a recording is matched to a client: an existing one it names, a new one, or none (the Inbox)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from voicecrm.extraction import fold

from .models import Client

# A new client needs at least one of these: an age and a city alone identify nobody.
IDENTIFYING_FIELDS = ("first_name", "last_name", "email", "phone", "company")


def client_match(*, owner: AbstractBaseUser | int, fields: dict[str, Any]) -> Client | None:
    """An existing client of this owner that the fields name: same email (any case), same phone (E.164),
    or the same first and last name once folded (extraction.fold: no case, accents or hyphens)."""
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


def client_matched_by_name_only(*, client: Client | None, fields: dict[str, Any], client_id: int | None) -> bool:
    """Whether a recording's `client` was found by the spoken name alone: not recorded on its page (`client_id`),
    an existing client, and neither the email nor the phone heard is the client's. Such a client may be
    someone else of the same name: a *possible duplicate* (crm.merge.recording_split takes the recording off)."""
    if client is None or client.pk is None or client_id is not None:
        return False
    if fields.get("email") and fields["email"].casefold() == client.email.casefold():
        return False
    return not (fields.get("phone") and fields["phone"] == client.phone)


def client_for_recording(*, owner_id: int, client_id: int | None,
                         fields: dict[str, Any]) -> tuple[Client | None, str | None]:
    """The client a recording's fields go to, locked for the caller's transaction, and "updated" or "created";
    ``(None, None)`` when it names no one: its interaction then waits in the owner's Inbox.

    A recording made on a client's page (`client_id`) updates that client. Otherwise the client it names
    is matched (client_match) under a lock on the owner's row, so that two recordings of one new person
    make one client; failing that, when one of IDENTIFYING_FIELDS was heard, a new client is returned
    *unsaved* (crm.services.client_apply_fields saves it with its fields).
    """
    if client_id is not None:
        return Client.objects.select_for_update().get(pk=client_id), "updated"
    get_user_model().objects.select_for_update().filter(pk=owner_id).first()
    client = client_match(owner=owner_id, fields=fields)
    if client is not None:
        return client, "updated"
    if not any(fields.get(name) for name in IDENTIFYING_FIELDS):
        return None, None
    return Client(owner_id=owner_id), "created"
