"""The reaper: takes back jobs whose worker died, and queues recordings that no queue holds.

Huey delivers at most once (DESIGN.md, pitfalls): the database, not the queue, says what is owed. Run
every VOICECRM_REAPER_INTERVAL seconds by each `voicecrm worker`, and by `voicecrm jobs reap`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from voicecrm.recordings.models import AudioRecord, JobAttempt, Outcome, Stage, Status

from .queue import queued_record_ids
from .signals import announce, job_finished
from .tasks import record_enqueue

log = logging.getLogger("voicecrm.jobs")


def records_reap(*, now: datetime | None = None) -> dict[str, int]:
    """Take back processing records whose worker stopped heart-beating (VOICECRM_STALE_AFTER seconds) or
    that outlived the job timeout, and queue pending records that no queue holds.

    Returns counts: ``{"requeued": n, "failed": n (no attempt left), "enqueued": n (lost by the queue)}``.
    """
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.STALE_AFTER)
    overdue_before = now - timedelta(seconds=settings.JOB_TIMEOUT + settings.STALE_AFTER)
    counts = {"requeued": 0, "failed": 0, "enqueued": 0}
    stale = AudioRecord.objects.filter(status=Status.PROCESSING).filter(
        Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True) | Q(started_at__lt=overdue_before))
    for record_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            record = AudioRecord.objects.select_for_update().get(pk=record_id)
            if record.status != Status.PROCESSING:
                continue
            message = (f"the worker {record.worker or '?'} stopped responding during the attempt "
                       f"(no heartbeat since {record.heartbeat_at:%H:%M:%S} UTC)" if record.heartbeat_at
                       else "the worker stopped responding during the attempt")
            JobAttempt.objects.filter(record=record, outcome=Outcome.RUNNING).update(
                outcome=Outcome.ABANDONED, finished_at=now, error=message, error_code="worker_lost",
                error_params={})
            if record.attempts_in_budget >= settings.MAX_ATTEMPTS:
                AudioRecord.objects.filter(pk=record.pk).update(status=Status.FAILED, error=message,
                                                                error_code="worker_lost", error_params={},
                                                                processed_at=now)
                transaction.on_commit(lambda record_id=record.pk: announce(job_finished, record_id=record_id))
                counts["failed"] += 1
            else:
                AudioRecord.objects.filter(pk=record.pk).update(
                    status=Status.PENDING, stage=Stage.QUEUED, error=message, error_code="worker_lost",
                    error_params={}, next_attempt_at=now,
                    enqueued_at=None)
                counts["requeued"] += 1
        log.warning("record=%s reaped: %s", record_id, message)

    # Pending records that never reached the queue (it was down) or that it lost (a worker died after
    # popping the task): queue them again, unless the queue still holds them.
    grace = now - timedelta(seconds=settings.STALE_AFTER)
    orphans = AudioRecord.objects.filter(status=Status.PENDING, created_at__lt=now - timedelta(seconds=2)).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=grace))
    if orphans.exists():
        queued = queued_record_ids()
        if queued is not None:
            for record in orphans.exclude(pk__in=queued):
                delay = 0.0
                if record.next_attempt_at and record.next_attempt_at > now:
                    delay = (record.next_attempt_at - now).total_seconds()
                if record_enqueue(record=record, delay=delay):
                    counts["enqueued"] += 1
    return counts
