"""Which workers are alive, and the restart generation that tells them to stop after their current job."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from .models import ControlValue, WorkerHeartbeat

RESTART_KEY = "worker_restart_generation"


def worker_beat(*, name: str, hostname: str, pid: int, processes: int, generation: int,
                started_at: datetime) -> None:
    """Record that a worker is alive now."""
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={
        "hostname": hostname, "pid": pid, "processes": processes, "generation": generation,
        "started_at": started_at, "seen_at": timezone.now()})


def worker_gone(*, name: str) -> None:
    """Forget a worker that stopped cleanly (`name` is host:pid), so /health no longer counts it."""
    WorkerHeartbeat.objects.filter(name=name).delete()


def workers_alive(*, now: datetime | None = None) -> QuerySet[WorkerHeartbeat]:
    """Workers seen within VOICECRM_STALE_AFTER seconds."""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - timedelta(seconds=settings.STALE_AFTER))


def restart_generation() -> int:
    """The current restart generation (0 before any `jobs restart-workers`)."""
    value = ControlValue.objects.filter(key=RESTART_KEY).values_list("value", flat=True).first()
    return value or 0


def workers_restart() -> int:
    """Ask every running worker to exit after its current job (its supervisor starts it again).

    Returns the new generation; workers started from now on run under it and keep going.
    """
    with transaction.atomic():
        ControlValue.objects.get_or_create(key=RESTART_KEY)
        ControlValue.objects.filter(key=RESTART_KEY).update(value=F("value") + 1, updated_at=timezone.now())
    return restart_generation()
