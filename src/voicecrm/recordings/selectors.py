"""Reading recordings, always through the owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from voicecrm.crm.models import Client
from voicecrm.pipeline.queue import queue_depth

from .models import AudioRecord, Status


def records_for_user(*, user: AbstractBaseUser, all_users: bool = False) -> QuerySet[AudioRecord]:
    """A user's own recordings; staff may ask for everyone's (the jobs page)."""
    records = AudioRecord.objects.select_related("client")
    if all_users and user.is_staff:
        return records
    return records.filter(owner=user)


def record_get(*, user: AbstractBaseUser, record_id: int) -> AudioRecord | None:
    """The user's recording `record_id`, or None for an unknown id or another user's recording (404)."""
    return records_for_user(user=user).filter(pk=record_id).first()


def records_open(*, records: QuerySet[AudioRecord]) -> QuerySet[AudioRecord]:
    """The records a page should still show a card for: waiting or running, or completed but waiting for their
    owner (flagged for review or a proposal, and not dismissed or rejected)."""
    return records.filter(Q(status__in=[Status.PENDING, Status.PROCESSING])
                          | Q(status=Status.COMPLETED, review__isnull=False, review__decision__isnull=True))


def records_stale(*, records: QuerySet[AudioRecord], now: datetime | None = None) -> QuerySet[AudioRecord]:
    """Jobs that look stuck: processing without a heartbeat, or pending long past their due time.

    The reaper takes such jobs back; the jobs page highlights them so a stopped worker is noticed.
    """
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.STALE_AFTER)
    silent = Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True)
    # A pending job is due from its retry time, else from when it was queued (or created, if never queued).
    overdue = Q(next_attempt_at__lt=stale_before) | Q(next_attempt_at__isnull=True) & (
        Q(enqueued_at__lt=stale_before) | Q(enqueued_at__isnull=True, created_at__lt=stale_before))
    return records.filter(Q(status=Status.PROCESSING) & silent | Q(status=Status.PENDING) & overdue)


@dataclass(frozen=True)
class WindowStats:
    """What the workers finished in a time window: how many, and how long a recording took."""

    completed: int
    failed: int
    per_hour: float
    median_seconds: float | None  # upload → result, what the user waits
    median_processing_seconds: float | None  # last attempt's start → result, what the worker spends


@dataclass(frozen=True)
class JobsStats:
    counts: dict[str, int]
    last_hour: WindowStats
    last_day: WindowStats
    stale: int
    queue_depth: int | None


def _window(records: QuerySet[AudioRecord], *, since: datetime, hours: float) -> WindowStats:
    finished = records.filter(processed_at__gte=since)
    done = list(finished.filter(status=Status.COMPLETED).values_list("created_at", "started_at", "processed_at"))
    failed = finished.filter(status=Status.FAILED).count()
    waits = [(end - created).total_seconds() for created, _start, end in done]
    work = [(end - start).total_seconds() for _created, start, end in done if start]
    return WindowStats(completed=len(done), failed=failed, per_hour=round(len(done) / hours, 2),
                       median_seconds=round(median(waits), 2) if waits else None,
                       median_processing_seconds=round(median(work), 2) if work else None)


def jobs_stats(*, user: AbstractBaseUser, all_users: bool = False, now: datetime | None = None) -> JobsStats:
    """Counts by status, throughput and median times over the last hour and day, stale jobs."""
    now = now or timezone.now()
    records = records_for_user(user=user, all_users=all_users)
    by_status = dict(records.order_by().values_list("status").annotate(n=Count("pk")))
    return JobsStats(
        counts={status: by_status.get(status, 0) for status in Status.values},
        last_hour=_window(records, since=now - timedelta(hours=1), hours=1),
        last_day=_window(records, since=now - timedelta(days=1), hours=24),
        stale=records_stale(records=records, now=now).count(),
        # The queue is shared by everyone: only staff may see its depth.
        queue_depth=queue_depth() if user.is_staff else None,
    )


def client_suggestions(*, client: Client) -> list[tuple[AudioRecord, str, dict[str, Any]]]:
    """Values the client's recordings heard with too little confidence to store: (record, field, suggestion)."""
    records = client.audio_records.filter(status=Status.COMPLETED).exclude(suggestions={}).order_by("-created_at")
    return [(record, field, suggestion) for record in records
            for field, suggestion in sorted(record.suggestions.items())]
