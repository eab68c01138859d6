"""Reading clients, their interactions and tasks, always through the owner: a user never sees another
user's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from voicecrm.accounts.selectors import user_time_zone

from .models import ChangeSource, Client, ClientChange, Interaction, Task
from .phones import phone_search_forms

SORTABLE = {"first_name", "last_name", "age", "email", "phone", "city", "company", "job_title", "budget",
            "created_at", "updated_at"}


def clients_for_user(*, user: AbstractBaseUser, search: str = "", order: str = "-updated_at",
                     phone_region: str = "") -> QuerySet[Client]:
    """The user's clients whose name, company, city, email or phone contain every word of `search` (any case),
    ordered by a SORTABLE field (``-`` for descending; anything else: most recently updated first).

    A search that is a phone number in any written form ("617-555-0198", "+1 617 555 0198", "06 12 34 56 78")
    finds the client whose stored (E.164) number it is: read in `phone_region` (the user's, ISO 3166-1
    alpha-2), then the server's VOICECRM_DEFAULT_REGION (phones.phone_search_forms)."""
    clients = Client.objects.filter(owner=user)
    phone = phone_search_forms(search, [phone_region, settings.DEFAULT_REGION])
    if phone is not None:
        numbers, digits = phone
        return clients.filter(Q(phone__in=numbers) | Q(phone__contains=digits)).order_by(_order(order), "-id")
    # NUL cannot be stored, so it cannot match; PostgreSQL would refuse the query.
    for word in search.replace("\x00", " ").split():
        clients = clients.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                                 | Q(company__icontains=word) | Q(city__icontains=word)
                                 | Q(email__icontains=word) | Q(phone__icontains=word))
    return clients.order_by(_order(order), "-id")


def _order(order: str) -> str:
    return order if order.lstrip("-") in SORTABLE else "-updated_at"


def client_get(*, user: AbstractBaseUser, client_id: int) -> Client | None:
    """The user's client `client_id`, or None for an unknown id or another user's client (the API's 404)."""
    return Client.objects.filter(owner=user, pk=client_id).first()


TASK_STATUSES = ("open", "done", "all")


def tasks_for_user(*, user: AbstractBaseUser, status: str = "open", client: Client | None = None) -> QuerySet[Task]:
    """The user's tasks ("open", "done" or "all"), of one client when given, by due: date, then time (a
    whole-day task first), then id. Raises ValueError for another status (the API's 400)."""
    if status not in TASK_STATUSES:
        raise ValueError(f"unknown status {status!r}: use open, done or all")
    tasks = Task.objects.filter(owner=user).select_related("client", "interaction")
    if status != "all":
        tasks = tasks.filter(done=status == "done")
    if client is not None:
        tasks = tasks.filter(client=client)
    return tasks.order_by(*Task._meta.ordering)


def task_get(*, user: AbstractBaseUser, task_id: int) -> Task | None:
    """The user's task `task_id`, or None for an unknown id or another user's task (the API's 404)."""
    return Task.objects.filter(owner=user, pk=task_id).select_related("client", "interaction").first()


def tasks_due_count(*, user: AbstractBaseUser) -> int:
    """How many of the user's open tasks are due today or earlier, today being the date in their time zone
    (the header's count)."""
    today = timezone.now().astimezone(user_time_zone(user=user)).date()
    return Task.objects.filter(owner=user, done=False, due_date__lte=today).count()


def _with_tasks(interactions: QuerySet[Interaction]) -> QuerySet[Interaction]:
    tasks = Task.objects.select_related("client", "interaction").order_by(*Task._meta.ordering)
    return interactions.select_related("audio_record", "client").prefetch_related(Prefetch("tasks", queryset=tasks))


def interaction_get(*, user: AbstractBaseUser, interaction_id: int) -> Interaction | None:
    """The user's interaction `interaction_id` with its recording and tasks, or None (another user's: 404)."""
    return _with_tasks(Interaction.objects.filter(owner=user, pk=interaction_id)).first()


def inbox_for_user(*, user: AbstractBaseUser) -> QuerySet[Interaction]:
    """The user's interactions that wait for a client (recordings that named none), newest first, with their
    recordings and tasks."""
    return _with_tasks(Interaction.objects.filter(owner=user, client__isnull=True)).order_by("-recorded_at", "-id")


def interaction_for_record(*, record: Any) -> Interaction | None:
    """The interaction a processed recording (recordings.AudioRecord) made, with its tasks, or None (not
    processed yet, or failed)."""
    return _with_tasks(Interaction.objects.filter(audio_record=record)).first()


def record_changes_count(*, record: Any) -> int:
    """How many client fields a processed recording (recordings.AudioRecord) wrote itself (history entries of
    source voice or edited): 0 when it understood nothing new. A suggestion accepted later does not count."""
    return ClientChange.objects.filter(audio_record=record,
                                       source__in=[ChangeSource.VOICE, ChangeSource.EDITED]).count()


def interaction_heard_fields(*, interaction: Interaction) -> dict[str, Any]:
    """What its recording heard, ``{field: value}`` (nothing for a typed note)."""
    record = interaction.audio_record
    extracted = record.extracted if record is not None else {}
    return {field: heard["value"] for field, heard in (extracted or {}).items()
            if isinstance(heard, dict) and heard.get("value") is not None}


def client_dependents(*, client: Client) -> dict[str, int]:
    """What deleting a client takes with it: ``{"recordings", "interactions", "tasks", "changes"}`` counts
    (the API asks for confirmation when any but the history is non-zero)."""
    return {"recordings": client.audio_records.count(), "interactions": client.interactions.count(),
            "tasks": client.tasks.count(), "changes": client.changes.count()}
