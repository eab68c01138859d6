"""Reading a client's timeline: interactions, field changes made outside them, and tasks typed or done.

Newest first. An interaction carries the field changes its recording made and the tasks it created, so
those are not listed again on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from heapq import merge
from itertools import islice

from django.db.models import Prefetch, QuerySet

from .models import Client, ClientChange, Interaction, Task

KINDS = ("interaction", "change", "task")


@dataclass
class TimelineEntry:
    """One line of the timeline.

    ``kind`` "interaction" (``interaction``, with ``changes``: what its recording changed on the client),
    "change" (``change``: a typed edit, an accepted suggestion, or a recording that made no interaction) or
    "task" (``task`` and ``event``: "created" for a task made by hand, "done" for a task completed).
    ``at`` is when it happened (aware).
    """

    kind: str
    at: datetime
    interaction: Interaction | None = None
    change: ClientChange | None = None
    task: Task | None = None
    event: str | None = None
    changes: list[ClientChange] = field(default_factory=list)

    def _key(self) -> tuple:
        item = self.interaction or self.change or self.task
        return (self.at, KINDS.index(self.kind), item.pk)


def _interactions(client: Client) -> QuerySet[Interaction]:
    tasks = Task.objects.select_related("client", "interaction").order_by(*Task._meta.ordering)
    return (client.interactions.select_related("audio_record")
            .prefetch_related(Prefetch("tasks", queryset=tasks)).order_by("-recorded_at", "-id"))


def _changes(client: Client) -> QuerySet[ClientChange]:
    # Changes of a recording that has an interaction are shown inside it.
    return (client.changes.filter(audio_record__interaction__isnull=True).select_related("changed_by")
            .order_by("-created_at", "-id"))


def _created(client: Client) -> QuerySet[Task]:
    return client.tasks.filter(interaction__isnull=True).select_related("client", "interaction").order_by(
        "-created_at", "-id")


def _done(client: Client) -> QuerySet[Task]:
    return client.tasks.filter(done=True, done_at__isnull=False).select_related("client", "interaction").order_by(
        "-done_at", "-id")


def client_timeline(*, client: Client, limit: int = 50, offset: int = 0) -> tuple[int, list[TimelineEntry]]:
    """The client's timeline, newest first: ``(count of every entry, entries[offset:offset + limit])``.

    Each source is read only as far as the page needs (``offset + limit`` rows at most), then merged.
    """
    limit, offset = max(0, limit), max(0, offset)
    upto = offset + limit
    sources = [
        [TimelineEntry("interaction", i.recorded_at, interaction=i) for i in _interactions(client)[:upto]],
        [TimelineEntry("change", c.created_at, change=c) for c in _changes(client)[:upto]],
        [TimelineEntry("task", t.created_at, task=t, event="created") for t in _created(client)[:upto]],
        [TimelineEntry("task", t.done_at, task=t, event="done") for t in _done(client)[:upto]],
    ]
    count = sum(query.count() for query in (client.interactions.all(), _changes(client), _created(client),
                                            _done(client)))
    page = list(islice(merge(*sources, key=TimelineEntry._key, reverse=True), offset, upto))
    records = [entry.interaction.audio_record_id for entry in page
               if entry.interaction is not None and entry.interaction.audio_record_id is not None]
    if records:
        by_record: dict[int, list[ClientChange]] = {}
        for change in client.changes.filter(audio_record__in=records).order_by("created_at", "id"):
            by_record.setdefault(change.audio_record_id, []).append(change)
        for entry in page:
            if entry.interaction is not None:
                entry.changes = by_record.get(entry.interaction.audio_record_id, [])
    return count, page
