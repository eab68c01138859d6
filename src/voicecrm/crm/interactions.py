"""Writing interactions (the timeline): a processed recording's, a typed note, and an Inbox item given a client."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voicecrm.extraction import FollowUp

from .models import Client, Interaction, SearchEntry, Source, Task
from .schemas import has_control_characters
from .search import search_index_interaction
from .services import client_create
from .tasks import tasks_from_followups

NOTE_MAX = 20_000


class InvalidNoteError(ValueError):
    """A typed note that cannot be stored: empty, too long, or with control characters (400)."""


class AlreadyAssignedError(Exception):
    """The interaction has a client already: it left the Inbox (409)."""


def interaction_from_recording(*, audio_record: Any, client: Client | None, note: str | None,
                               followups: list[FollowUp], recorded_at: datetime, zone: tzinfo,
                               possible_duplicate: bool = False) -> Interaction:
    """A processed recording's interaction and its tasks; call it in the transaction that completes the record.
    A recording applied again (a corrected transcript) updates its interaction instead of adding one.

    Args:
        audio_record: the recordings.AudioRecord (its transcript stays there).
        client: the client it was recorded on or named, or None: it waits in the owner's Inbox.
        note: what was said about the relationship (extraction's note), or None.
        followups: the tasks it asked for; naive due date-times are wall-clock time in `zone`.
        recorded_at: aware; when it was said.
        zone: the recording's zone (dues.recording_zone).
        possible_duplicate: the client was found by the spoken name alone (matching.client_matched_by_name_only).
    """
    interaction = Interaction.objects.select_for_update().filter(audio_record=audio_record).first()
    if interaction is None:
        interaction = Interaction.objects.create(owner_id=audio_record.owner_id, client=client,
                                                 audio_record=audio_record, source=Source.VOICE,
                                                 recorded_at=recorded_at, note=(note or "").strip(),
                                                 possible_duplicate=possible_duplicate)
        tasks_from_followups(interaction=interaction, followups=followups, zone=zone)
        search_index_interaction(interaction=interaction)
        return interaction
    # Applied again on a corrected transcript: the same timeline entry takes the new note (and the client, if it
    # waited in the Inbox); a task already made from it — maybe done or moved since — is kept, and only the
    # follow-ups it does not have yet are added.
    interaction.note = (note or "").strip()
    if interaction.client_id is None and client is not None:
        interaction.client = client
        interaction.tasks.update(client=client)
    interaction.save(update_fields=["note", "client", "updated_at"])
    known = {title.casefold() for title in interaction.tasks.values_list("title", flat=True)}
    tasks_from_followups(interaction=interaction, followups=[f for f in followups if f.title.casefold() not in known],
                         zone=zone)
    search_index_interaction(interaction=interaction)
    return interaction


def interaction_note_create(*, client: Client, note: str, at: datetime | None = None) -> Interaction:
    """A note typed on the client's page, on its timeline at `at` (default: now).

    Raises:
        InvalidNoteError: empty, longer than NOTE_MAX (20 000) characters, or with control characters other
            than tab and new lines.
    """
    note = (note or "").strip()
    if not note:
        raise InvalidNoteError(_("the note is empty"))
    if len(note) > NOTE_MAX:
        raise InvalidNoteError(_("the note is %(length)d characters long; the limit is %(limit)d")
                               % {"length": len(note), "limit": NOTE_MAX})
    if has_control_characters(note):
        raise InvalidNoteError(_("control characters (e.g. NUL) are not allowed in a note"))
    interaction = Interaction.objects.create(owner_id=client.owner_id, client=client, source=Source.TYPED,
                                             recorded_at=at or timezone.now(), note=note)
    search_index_interaction(interaction=interaction)
    return interaction


def interaction_assign(*, interaction: Interaction, client: Client | None = None,
                       new_client_fields: dict[str, Any] | None = None) -> Client:
    """Take an interaction out of the Inbox onto `client`, or onto a new client of its owner made from
    `new_client_fields` (validated, extraction.validate_client_fields; each one a history entry by the owner).
    Its tasks and its recording go to that client too. One transaction.

    Returns:
        The client it now belongs to.

    Raises:
        AlreadyAssignedError: it has a client already (the API answers 409); nothing changes.
    """
    with transaction.atomic():
        locked = Interaction.objects.select_for_update().select_related("owner").get(pk=interaction.pk)
        if locked.client_id is not None:
            raise AlreadyAssignedError(_("interaction %(id)d is on a client already: it is not in the Inbox")
                                       % {"id": interaction.pk})
        if client is None:
            client = client_create(owner=locked.owner, fields=new_client_fields or {})
        now = timezone.now()
        Interaction.objects.filter(pk=locked.pk).update(client=client, updated_at=now)
        Task.objects.filter(interaction=locked).update(client=client, updated_at=now)
        if locked.audio_record is not None:
            locked.audio_record.client = client
            locked.audio_record.save(update_fields=["client"])
        SearchEntry.objects.filter(interaction=locked).update(client=client)
    interaction.client = client
    return client
