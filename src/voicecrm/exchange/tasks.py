"""The import task on the recordings' main queue, the one place that queues an import, and the reaper of lost
imports (run by every worker's periodic tick: pipeline.signals.worker_tick).

Thin: importing.import_run does the work; the queue carries only the job's id, the ImportJob row says what is
owed (DESIGN.md, "Huey delivers at most once").
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from voicecrm.pipeline.queue import MAIN_QUEUE

from .importing import import_run
from .models import ImportJob, ImportStatus

log = logging.getLogger("voicecrm.imports")

TASK_NAME = "run_import"
# Below a short recording (10) in the main queue: a note said now is not kept waiting behind a file.
PRIORITY = 0


def _run(job_id: int) -> None:
    close_old_connections()
    try:
        import_run(job_id=job_id, enqueue=import_enqueue)
    finally:
        close_old_connections()


run_import = MAIN_QUEUE.task(timeout=settings.JOB_TIMEOUT, name=TASK_NAME)(_run)


def import_enqueue(*, job: ImportJob) -> bool:
    """Queue the job; on a queue outage leave it for imports_reap (the row is the outbox). Returns whether the
    queue took it."""
    try:
        MAIN_QUEUE.enqueue(run_import.s(job.pk, priority=PRIORITY))
    except Exception:  # any queue outage: Redis down, PostgreSQL unreachable, SQLite locked
        log.warning("import=%s could not be queued; a worker will queue it again", job.pk, exc_info=True)
        return False
    ImportJob.objects.filter(pk=job.pk).update(enqueued_at=timezone.now())
    return True


def _queued_ids() -> set[int] | None:
    try:
        tasks = list(MAIN_QUEUE.pending()) + list(MAIN_QUEUE.scheduled())
    except Exception:
        log.warning("the queue could not be read", exc_info=True)
        return None
    return {task.args[0] for task in tasks if task.name == TASK_NAME and task.args}


def imports_reap(**kwargs: object) -> int:
    """Queue again the imports a worker lost: pending ones that no queue holds, and running ones whose worker
    stopped writing (no chunk committed for VOICECRM_STALE_AFTER seconds: it died). Every worker runs this; a
    job claimed twice runs once (the claim is a conditional update). Returns how many were queued."""
    stale = timezone.now() - timedelta(seconds=settings.STALE_AFTER)
    taken = ImportJob.objects.filter(status=ImportStatus.RUNNING, updated_at__lt=stale).update(
        status=ImportStatus.PENDING, enqueued_at=None)
    pending = list(ImportJob.objects.filter(status=ImportStatus.PENDING).only("pk", "enqueued_at"))
    if not pending:
        return 0
    queued = _queued_ids()
    if queued is None:
        return 0
    lost = [job for job in pending if job.pk not in queued and (job.enqueued_at is None or job.enqueued_at < stale)]
    for job in lost:
        import_enqueue(job=job)
    if taken or lost:
        log.info("imports: %s taken back from dead workers, %s queued again", taken, len(lost))
    return len(lost)
