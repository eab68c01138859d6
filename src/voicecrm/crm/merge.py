"""Duplicates: finding clients that may be one person, merging two into one, and splitting a recording that
found its client by name alone onto a new client. Nothing is lost: every value not kept stays in the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from voicecrm.extraction import fold

from .models import CLIENT_FIELDS, ChangeSource, Client, ClientChange, Interaction, SearchEntry, Task
from .search import search_index_client, search_index_interaction
from .services import NOT_FROM_VOICE, _text, client_apply_fields
from .signals import announce_on_commit, client_deleted

# The pseudo-field of the history entry that records a merge: "Other Name (#12)" → "Survivor Name (#7)".
MERGED_FROM = "merged_from"
# The pseudo-field of the history entry on the client a recording was split off: "#record" → "New Name (#id)".
SPLIT_TO = "split_to"


class MergeError(ValueError):
    """Two clients that cannot be merged: the same one, or one that no longer exists (the API's 400 / 404)."""


class SplitError(ValueError):
    """A recording that cannot be split: not processed onto a client by name (the API's 409)."""


# ---------------------------------------------------------------------------------------------- duplicates


@dataclass
class DuplicatePair:
    """Two clients of one owner that may be the same person, and why: ``reasons`` among "email", "phone",
    "name" (equal once folded: no case, accents, hyphens or spaces) and "name_contained" (one full name, of two
    words or more, inside the other)."""

    client: Client
    other: Client
    reasons: list[str] = field(default_factory=list)


def clients_possible_duplicates(*, user: AbstractBaseUser, client: Client | None = None) -> list[DuplicatePair]:
    """The user's pairs of clients that may be one person (DuplicatePair), the most recently updated first; only
    the pairs of `client` when given. Each pair once, the older client first."""
    clients = list(Client.objects.filter(owner=user).order_by("pk"))
    pairs: dict[tuple[int, int], DuplicatePair] = {}

    def add(a: Client, b: Client, reason: str) -> None:
        if a.pk == b.pk:
            return
        a, b = (a, b) if a.pk < b.pk else (b, a)
        pair = pairs.setdefault((a.pk, b.pk), DuplicatePair(client=a, other=b))
        if reason not in pair.reasons:
            pair.reasons.append(reason)

    groups: dict[tuple[str, str], list[Client]] = {}
    by_word: dict[str, list[Client]] = {}
    for c in clients:
        for reason, key in (("email", c.email.strip().casefold()), ("phone", c.phone),
                            ("name", fold(c.full_name).replace(" ", ""))):
            if key:
                groups.setdefault((reason, key), []).append(c)
        words = fold(c.full_name).split()
        if words:
            by_word.setdefault(words[0], []).append(c)
    for (reason, _key), members in groups.items():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                add(a, b, reason)
    # One name inside another ("sarah miller" in "sarah miller jones", "anne marie roy" in "marie roy"): the
    # contained name's first word is a word of the longer one.
    for c in clients:
        words = fold(c.full_name).split()
        for start in range(len(words)):
            for d in by_word.get(words[start], []):
                inner = fold(d.full_name)
                if d.pk != c.pk and len(inner.split()) >= 2 and len(inner) < len(fold(c.full_name)) \
                        and f" {inner} " in f" {' '.join(words)} ":
                    add(c, d, "name_contained")
    result = [pair for pair in pairs.values()
              if client is None or client.pk in (pair.client.pk, pair.other.pk)]
    return sorted(result, key=lambda p: max(p.client.updated_at, p.other.updated_at), reverse=True)


def client_name_matches(*, client: Client) -> list[Interaction]:
    """The client's recordings that found it by the spoken name alone (possible duplicates), newest first, with
    their recordings: each may be split onto a new client (interaction_split)."""
    return list(client.interactions.filter(possible_duplicate=True, audio_record__isnull=False)
                .select_related("audio_record").order_by("-recorded_at", "-id"))


# ---------------------------------------------------------------------------------------------------- merge

THIS, OTHER = "this", "other"


def merge_values(*, survivor: Client, other: Client, choices: dict[str, Any]) -> dict[str, Any]:
    """The survivor's value of each field after a merge: ``choices[field]`` "this" (the survivor's), "other",
    or a validated value (None clears); a field not chosen keeps the survivor's value, or takes the other's when
    the survivor has none. Notes not chosen are not dropped: the other's are appended to the survivor's."""
    values: dict[str, Any] = {}
    for name in CLIENT_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(other, name)
        choice = choices.get(name, THIS if mine not in (None, "") else OTHER)
        values[name] = mine if choice == THIS else theirs if choice == OTHER else choice
    mine, theirs = (values["notes"] or "").strip(), other.notes.strip()
    if choices.get("notes", THIS) == THIS and theirs and theirs not in mine:
        values["notes"] = f"{mine}\n\n{theirs}" if mine else theirs
    return values


def _lock_owner(owner_id: int) -> None:
    # The lock a recording takes before it matches or creates a client (matching.client_for_recording).
    get_user_model().objects.select_for_update().filter(pk=owner_id).first()


def _lock_recordings(*clients: Client) -> None:
    """Lock the clients' recordings first: a job locks its recording, then the owner, then the client, and taking
    them in the same order here means a job and a merge wait for each other instead of deadlocking."""
    for client in sorted(clients, key=lambda c: c.pk):
        list(client.audio_records.select_for_update().order_by("pk").values_list("pk", flat=True))


def clients_merge(*, survivor: Client, other: Client, choices: dict[str, Any], user: AbstractBaseUser) -> Client:
    """Merge `other` into `survivor`, in one transaction under row locks, then delete `other`.

    The survivor takes the values of merge_values (``choices``: ``{field: "this" | "other" | validated value}``);
    everything of the other's — recordings, interactions, tasks, history, search entries and any other row that
    points at it — moves to the survivor. The history gets, with source "merge": the merge itself
    (MERGED_FROM: "Other (#id)" → "Survivor (#id)"), each of the survivor's fields that changed, and each of the
    other's values that was not kept (its value → the kept one), so no value is lost.

    Both clients' recordings, the owner's row and both clients are locked first, in the order a recording's job
    locks them, so that a job writing to either client meanwhile waits for the merge (then writes to the
    survivor: its recording has moved) or the merge waits for the job.

    Raises:
        MergeError: the same client twice, clients of two owners, or one of them deleted meanwhile.
    """
    if survivor.pk == other.pk:
        raise MergeError(_("a client cannot be merged with itself: choose another client"))
    if survivor.owner_id != other.owner_id:
        raise MergeError(_("these clients belong to different users"))
    with transaction.atomic():
        _lock_recordings(survivor, other)
        _lock_owner(survivor.owner_id)
        locked = {c.pk: c for c in Client.objects.select_for_update().filter(pk__in=[survivor.pk, other.pk])
                  .order_by("pk")}
        if len(locked) != 2:
            raise MergeError(_("one of the clients was deleted meanwhile: reload the page"))
        keep, gone = locked[survivor.pk], locked[other.pk]
        values = merge_values(survivor=keep, other=gone, choices=choices)
        gone_label, gone_values = f"{gone} (#{gone.pk})", {name: getattr(gone, name) for name in CLIENT_FIELDS}
        _move_related(gone, keep)
        ClientChange.objects.create(client=keep, field=MERGED_FROM, old_value=gone_label,
                                    new_value=f"{keep} (#{keep.pk})", changed_by=user, source=ChangeSource.MERGE)
        client_apply_fields(client=keep, fields=values, changed_by=user, source=ChangeSource.MERGE)
        ClientChange.objects.bulk_create(
            ClientChange(client=keep, field=name, old_value=_text(value), new_value=_text(values[name]),
                         changed_by=user, source=ChangeSource.MERGE)
            for name, value in gone_values.items()
            if value not in (None, "") and _text(value) != _text(values[name]))
        gone_id = gone.pk
        gone.delete()
        search_index_client(client=keep)
        announce_on_commit(client_deleted, client_id=gone_id, client=gone)
    keep.refresh_from_db()
    return keep


def _move_related(source: Client, target: Client) -> None:
    """Point every row that refers to `source` by a foreign key at `target` (recordings, interactions, tasks,
    history, search entries, and what other apps keep); one-to-one rows (its search card) go with it."""
    for relation in Client._meta.related_objects:
        if relation.one_to_many:
            name = relation.field.name
            relation.related_model._base_manager.filter(**{name: source}).update(**{name: target})


# ---------------------------------------------------------------------------------------------------- split


def interaction_confirm_match(*, interaction: Interaction) -> Interaction:
    """The owner says a recording that found its client by the spoken name alone (Interaction.possible_duplicate)
    is about that very client: the flag is cleared, so the client page and the recording's status no longer warn
    of a possible duplicate; nothing else changes (what the recording wrote stays, as it stood).

    Raises:
        SplitError: the recording did not land on a client by name alone, or was confirmed or split already (the
            API's 409).
    """
    # One conditional UPDATE: a split or a confirmation at the same moment leaves it matching no row.
    updated = Interaction.objects.filter(pk=interaction.pk, possible_duplicate=True, client__isnull=False,
                                         audio_record__isnull=False).update(possible_duplicate=False)
    if not updated:
        raise SplitError(_("recording %(id)s is not waiting for a check of its client: it did not find it by the "
                           "name alone, or was confirmed or split already") % {"id": interaction.audio_record_id})
    interaction.refresh_from_db()
    return interaction


def interaction_split(*, interaction: Interaction, user: AbstractBaseUser) -> Client:
    """Move the recording of an interaction that found its client by name alone (Interaction.possible_duplicate)
    onto a new client.

    The old client gets back, for each field the recording changed and nobody changed since, the value it had
    before; the new client gets what the recording heard (the name, and each value heard at or above
    VOICECRM_MIN_CONFIDENCE or written by it). The recording, its interaction and tasks move to the new client.
    History entries, source "split", say so on both (SPLIT_TO on the old one). One transaction, under the same
    locks as a merge.

    Args:
        interaction: a processed recording's interaction.

    Raises:
        SplitError: the recording did not land on a client by name alone, or was split already.
    """
    with transaction.atomic():
        if interaction.audio_record_id is not None:
            # The job's order: its recording, the owner, the client (_lock_recordings).
            type(interaction.audio_record).objects.select_for_update().filter(pk=interaction.audio_record_id).first()
        _lock_owner(interaction.owner_id)
        interaction = (Interaction.objects.select_for_update().select_related("audio_record")
                       .get(pk=interaction.pk))
        if not interaction.possible_duplicate or interaction.client_id is None or interaction.audio_record is None:
            raise SplitError(_("recording %(id)d did not find its client by name alone: there is nothing to split (a "
                               "recording split already is on its own client)") % {"id": interaction.audio_record_id})
        old = Client.objects.select_for_update().get(pk=interaction.client_id)
        audio = interaction.audio_record
        made = list(old.changes.filter(audio_record=audio).order_by("created_at", "id"))
        restore = {c.field: c.old_value or None for c in made if _text(getattr(old, c.field)) == c.new_value}
        heard = {name: item["value"] for name, item in (audio.extracted or {}).items()
                 if name in CLIENT_FIELDS and name not in NOT_FROM_VOICE and isinstance(item, dict)
                 and item.get("value") not in (None, "")
                 and (item.get("confidence", 1) >= settings.MIN_CONFIDENCE or any(c.field == name for c in made))}
        fields = {"first_name": old.first_name or None, "last_name": old.last_name or None, **heard}
        new = Client(owner_id=old.owner_id)
        client_apply_fields(client=new, fields=fields, audio_record=audio, changed_by=user, source=ChangeSource.SPLIT)
        client_apply_fields(client=old, fields=restore, changed_by=user, source=ChangeSource.SPLIT)
        ClientChange.objects.create(client=old, field=SPLIT_TO, old_value=f"#{audio.pk}",
                                    new_value=f"{new} (#{new.pk})", audio_record=None, changed_by=user,
                                    source=ChangeSource.SPLIT)
        Interaction.objects.filter(pk=interaction.pk).update(client=new, possible_duplicate=False)
        Task.objects.filter(interaction=interaction).update(client=new)
        type(audio).objects.filter(pk=audio.pk).update(
            client=new, client_action="created",
            suggestions={k: v for k, v in (audio.suggestions or {}).items() if k not in heard})
        SearchEntry.objects.filter(interaction=interaction).update(client=new)
        interaction.refresh_from_db()
        search_index_interaction(interaction=interaction)
    return new
