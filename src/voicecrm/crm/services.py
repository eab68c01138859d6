"""Writing clients: the one place where fields are merged into a client and every change is recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.db import transaction

from voicecrm.extraction import NUMBER_FIELDS, ExtractedField, Extraction, fold, merge_fields

from .matching import IDENTIFYING_FIELDS
from .models import CLIENT_FIELDS, ChangeSource, Client, ClientChange
from .search import search_index_client
from .signals import announce_on_commit, client_created, client_deleted, client_updated


def client_record(client: Client) -> dict[str, Any]:
    """The client's non-empty fields as plain data, ``{field: str | int | float}`` (a Decimal budget
    becomes an int when whole): what extraction merges into."""
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
    if field in NUMBER_FIELDS:
        setattr(client, field, None if value in (None, "") else value)
    else:
        setattr(client, field, "" if value is None else value)


def client_apply_fields(*, client: Client, fields: dict[str, Any], audio_record: Any = None,
                        changed_by: AbstractBaseUser | None = None, source: str = "") -> list[ClientChange]:
    """Set the given fields and record one history entry per field that differs; the one place a client is written.

    Args:
        client: saved, or new (unsaved: it is saved here, with its fields).
        fields: ``{field: value}``, already merged and validated (extraction.validate_client_fields);
            None clears a field; names outside CLIENT_FIELDS are ignored.
        audio_record: the recordings.AudioRecord that heard the values, or None for a user's edit.
        changed_by: the user who typed them, or None for a recording.
        source: a ChangeSource value for the history; empty: ``edited`` for a recording whose transcript a
            user corrected, ``voice`` for another recording, ``typed`` otherwise.

    Returns:
        The ClientChange rows written (field, old → new as text), in the order of ``fields``.
    """
    if not source:
        if audio_record is not None:
            source = ChangeSource.EDITED if getattr(audio_record, "edited_text", "") else ChangeSource.VOICE
        else:
            source = ChangeSource.TYPED
    changes = []
    for field, new in fields.items():
        if field not in CLIENT_FIELDS:
            continue
        old = getattr(client, field)
        if _text(old) == _text(new):
            continue
        _set(client, field, new)
        changes.append(ClientChange(field=field, old_value=_text(old), new_value=_text(new),
                                    audio_record=audio_record, changed_by=changed_by, source=source))
    if changes or client.pk is None:
        created = client.pk is None
        client.name_key = fold(client.full_name)
        client.save()
        for change in changes:
            change.client = client
        ClientChange.objects.bulk_create(changes)
        search_index_client(client=client)
        if created:
            announce_on_commit(client_created, client=client)
        else:
            announce_on_commit(client_updated, client=client, fields=[change.field for change in changes])
    return changes


# Fields a recording never writes on the client: what it says about the relationship goes to its
# interaction's note, on the timeline (the notes field keeps what users type).
NOT_FROM_VOICE = frozenset({"notes"})


def extraction_card(extraction: Extraction) -> Extraction:
    """The extraction without the fields of NOT_FROM_VOICE: the client card a recording may write."""
    return replace(extraction, fields={name: value for name, value in extraction.fields.items()
                                       if name not in NOT_FROM_VOICE})


def client_merge_extraction(*, client: Client, extraction: Extraction, audio_record: Any = None,
                            min_confidence: float = 0.6) -> tuple[list[ClientChange], dict[str, ExtractedField]]:
    """Merge the card fields a recording said into a client by extraction.merge_fields' rules, and write it.

    Fields of NOT_FROM_VOICE (``notes``) are left out. A value heard below ``min_confidence`` (0–1) that would
    replace a different one is not written. Returns the changes written and those held-back values,
    ``{field: ExtractedField}`` (suggestions).
    """
    merged = merge_fields(client_record(client), extraction_card(extraction), min_confidence=min_confidence)
    changed = {field: merged.record.get(field) for field, _old, _new in merged.changes}
    return client_apply_fields(client=client, fields=changed, audio_record=audio_record), merged.suggestions


def client_take_back(*, client: Client, audio_record: Any, keep: Iterable[str]) -> list[ClientChange]:
    """Undo, on ``client``, what earlier passes of ``audio_record`` wrote and its corrected text no longer says:
    before a corrected transcript is applied again, a value the first pass misheard into a field the correction
    does not state must not outlive the correction.

    A field is set back to what it held before the recording wrote it when the recording made its latest
    changes (the last run of its history entries, however many passes) and nothing else changed it since; a
    field in ``keep`` (the fields the corrected text states, confident or not) is left to the merge that
    follows, and a value a user typed or accepted, an import or a merge, is never touched. A client is never
    left without a way to tell who it is: when taking back would empty all of IDENTIFYING_FIELDS (a correction
    that names nobody, on a client the recording created), those fields stay as they are.

    Args:
        client: saved, locked by the caller's transaction.
        audio_record: the recordings.AudioRecord being applied again (its ``edited_text`` set).
        keep: field names the corrected text states.

    Returns:
        The history entries written (source ``edited``, the recording as author), old → new as text.
    """
    history: dict[str, list[ClientChange]] = {}
    for change in ClientChange.objects.filter(client=client, field__in=set(CLIENT_FIELDS) - set(keep)).order_by(
            "created_at", "id"):
        history.setdefault(change.field, []).append(change)
    back: dict[str, Any] = {}
    for field, changes in history.items():
        own = []  # the recording's latest run of changes to the field, oldest first
        for change in reversed(changes):
            if change.audio_record_id != audio_record.pk:
                break
            own.insert(0, change)
        if own and _text(getattr(client, field)) == own[-1].new_value:
            back[field] = Client._meta.get_field(field).to_python(own[0].old_value or None)
    if not any(back[name] if name in back else getattr(client, name) for name in IDENTIFYING_FIELDS):
        back = {field: value for field, value in back.items() if field not in IDENTIFYING_FIELDS}
    return client_apply_fields(client=client, fields=back, audio_record=audio_record, source=ChangeSource.EDITED)


def client_update(*, client: Client, fields: dict[str, Any], user: AbstractBaseUser) -> list[ClientChange]:
    """A user's own edit (API PATCH, inline edit, an accepted suggestion): validated values replace the old
    ones, in one transaction. Returns the history entries written."""
    with transaction.atomic():
        return client_apply_fields(client=client, fields=fields, changed_by=user)


def client_create(*, owner: AbstractBaseUser, fields: dict[str, Any]) -> Client:
    """A client typed by `owner` from validated ``fields``; each field set is a history entry by that user."""
    with transaction.atomic():
        client = Client(owner=owner)
        client_apply_fields(client=client, fields=fields, changed_by=owner)
        return client


def client_delete(*, client: Client) -> None:
    """Delete a client with its change history and its recordings; their audio files go once it commits."""
    files = [record.file.name for record in client.audio_records.all() if record.file]
    with transaction.atomic():
        client_id = client.pk
        client.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in files])
        announce_on_commit(client_deleted, client_id=client_id, client=client)
