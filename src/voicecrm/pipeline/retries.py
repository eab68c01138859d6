"""Where retries are decided: what a failed attempt leads to (another attempt, later, or failure).

The rule: an interrupted attempt (a worker stopped) is handed back without spending the budget; a
permanent error (voicecrm.errors.PermanentError) fails the recording at once; anything else is tried
again after VOICECRM_RETRY_DELAYS until VOICECRM_MAX_ATTEMPTS attempts have been made. A user's own
retry of a failed recording is services.record_retry; a job whose worker died is the reaper's (reaper.py).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.utils import timezone
from huey.exceptions import TaskTimeout

from voicecrm.errors import CodedError, PermanentError
from voicecrm.recordings.models import AudioRecord, JobAttempt, Outcome, Stage, Status

from .signals import announce, job_finished

log = logging.getLogger("voicecrm.jobs")

# How a job puts a record back on the queue: record_enqueue(record=…, delay=seconds) → queued or not.
Enqueue = Callable[..., bool]


def is_interrupt(exc: BaseException) -> bool:
    """A worker told to stop (SIGINT, SIGTERM after the grace period), not a failure of the recording."""
    return isinstance(exc, KeyboardInterrupt | SystemExit)


def retry_delay(attempts_done: int) -> float:
    """Seconds to wait before attempt attempts_done + 1 (VOICECRM_RETRY_DELAYS, the last value repeats)."""
    delays = settings.RETRY_DELAYS
    return delays[min(attempts_done - 1, len(delays) - 1)]


def error_text(exc: BaseException) -> str:
    """The message a user sees for a failed attempt."""
    if isinstance(exc, TaskTimeout):
        return f"the attempt took longer than {settings.JOB_TIMEOUT:g}s and was stopped"
    if is_interrupt(exc):
        return "the worker was stopped during the attempt"
    return str(exc) or type(exc).__name__


def error_code(exc: BaseException) -> tuple[str, dict[str, Any]]:
    """The failure's stable code and the parameters of its message (voicecrm.errors; the user reads them
    translated through recordings.failures): ("no_speech", {"seconds": 5.0}), ("job_timeout", {"seconds": 600})."""
    if isinstance(exc, CodedError):
        return exc.code, dict(exc.params)
    if isinstance(exc, TaskTimeout):
        return "job_timeout", {"seconds": settings.JOB_TIMEOUT}
    if is_interrupt(exc):
        return "worker_stopped", {}
    if isinstance(exc, OSError):
        return "storage_error", {}
    return "internal_error", {}


def attempt_fail(*, record: AudioRecord, attempt: JobAttempt, exc: BaseException, enqueue: Enqueue) -> None:
    """Record a failed attempt and decide what follows, waiting out a database that blinks (restart,
    failover, network cut): retried after 0.5, 1, 2 and 4 s.

    If it stays away longer, the DatabaseError propagates and the reaper takes the record back later.
    """
    for pause in (0.5, 1, 2, 4):
        try:
            return _attempt_fail(record, attempt, exc, enqueue)
        except DatabaseError:
            log.warning("record=%s attempt=%s: the database is unavailable; recording the failure again in "
                        "%gs", record.pk, attempt.number, pause)
            time.sleep(pause)
    _attempt_fail(record, attempt, exc, enqueue)


def _attempt_fail(record: AudioRecord, attempt: JobAttempt, exc: BaseException, enqueue: Enqueue) -> None:
    message = error_text(exc)
    code, params = error_code(exc)
    short_tb = "".join(traceback.format_exception(exc)[-6:])[-4000:]
    close_old_connections()
    with transaction.atomic():
        locked = AudioRecord.objects.select_for_update().get(pk=record.pk)
        current = JobAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != Status.PROCESSING or current.outcome != Outcome.RUNNING:
            return
        now = timezone.now()
        delay = 0.0
        if is_interrupt(exc):
            # A soft stop (deploy): hand the job back without spending an attempt.
            outcome, status = Outcome.ABANDONED, Status.PENDING
            locked.attempts_in_budget = max(0, locked.attempts_in_budget - 1)
        elif isinstance(exc, PermanentError) or locked.attempts_in_budget >= settings.MAX_ATTEMPTS:
            outcome, status = Outcome.FAILED, Status.FAILED
        else:
            outcome, status = Outcome.RETRYING, Status.PENDING
            delay = retry_delay(locked.attempts_in_budget)
        JobAttempt.objects.filter(pk=current.pk).update(outcome=outcome, finished_at=now, error=message,
                                                        error_code=code, error_params=params, traceback=short_tb)
        AudioRecord.objects.filter(pk=locked.pk).update(
            status=status, error=message, error_code=code, error_params=params,
            attempts_in_budget=locked.attempts_in_budget,
            stage=Stage.QUEUED if status == Status.PENDING else locked.stage,
            next_attempt_at=now + timedelta(seconds=delay) if status == Status.PENDING else None,
            processed_at=now if status == Status.FAILED else None)
        if status == Status.PENDING:
            transaction.on_commit(lambda: enqueue(record=locked, delay=delay))
    log.info("record=%s attempt=%s outcome=%s code=%s error=%s%s", record.pk, attempt.number, outcome, code, message,
             f" retry_in={delay:g}s" if status == Status.PENDING else "")
    if status == Status.FAILED:
        announce(job_finished, record_id=record.pk)

