"""The Huey tasks, and the one place that puts recordings on a queue.

Thin: the job (job.py) does the work; the queue carries only a record id. Long recordings go to the
long-audio queue, served by its own worker process (VOICECRM_LONG_AUDIO_QUEUE), so that a 10-minute
dictation never holds up a 10-second note.
"""

from __future__ import annotations

import functools
import logging
import signal
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from huey.api import TaskWrapper

from voicecrm.recordings.models import AudioRecord

from . import engines
from .job import record_process
from .processes import die_with_parent
from .queue import LONG_QUEUE, MAIN_QUEUE, TASK_NAME

log = logging.getLogger("voicecrm.jobs")

# Two minutes of browser Opus at 128 kbit/s, eight at 32 kbit/s, one of WAV: the size is all the web
# process knows of a recording's length (MediaRecorder's WebM states no duration; decoding here is slow).
LONG_AUDIO_BYTES = 2_000_000


def _closing_db(fn: Callable[[int], None]) -> Callable[[int], None]:
    """Drop database connections that went stale between jobs, before and after each one (djhuey's close_db)."""

    @functools.wraps(fn)
    def run(record_id: int) -> None:
        close_old_connections()
        try:
            fn(record_id)
        finally:
            close_old_connections()

    return run


@_closing_db
def _process(record_id: int) -> None:
    record_process(record_id=record_id, enqueue=record_enqueue)


process_audio_record = MAIN_QUEUE.task(timeout=settings.JOB_TIMEOUT, name=TASK_NAME)(_process)
process_long_audio_record = LONG_QUEUE.task(timeout=settings.JOB_TIMEOUT, name=TASK_NAME)(_process)


def _task_for(record: AudioRecord) -> tuple[TaskWrapper, int]:
    """Long recordings go to the long-audio queue when it is on; otherwise they go last in the main queue."""
    if record.size < LONG_AUDIO_BYTES:
        return process_audio_record, 10
    if settings.LONG_AUDIO_QUEUE:
        return process_long_audio_record, 0
    return process_audio_record, 0


def record_enqueue(*, record: AudioRecord, delay: float = 0, stamped: bool = False) -> bool:
    """Queue the record's job in `delay` seconds; on a queue outage leave it for the reaper (the record is
    the outbox). Returns whether the queue took it.

    `enqueued_at` tells the reaper the queue holds the job; it is set here once the queue took it. An
    upload sets it already in its INSERT (`stamped`: one write less per upload), so a failed enqueue
    clears it, and a process that dies between its commit and the enqueue leaves a record the reaper
    queues once `STALE_AFTER` has passed.
    """
    task, priority = _task_for(record)
    try:
        if delay > 0:
            task.schedule((record.pk,), delay=delay, priority=priority)
        else:
            task.huey.enqueue(task.s(record.pk, priority=priority))
    except Exception:  # any queue outage: Redis down, PostgreSQL unreachable, SQLite locked
        log.warning("record=%s could not be queued; the reaper will queue it again", record.pk, exc_info=True)
        if stamped:
            AudioRecord.objects.filter(pk=record.pk).update(enqueued_at=None)
        return False
    if not stamped:
        AudioRecord.objects.filter(pk=record.pk).update(enqueued_at=timezone.now())
    return True


def _close_inherited_connections() -> None:
    # A forked worker must not share its parent's database connections.
    connections.close_all()
    # Huey's process workers ignore SIGTERM and stop on their consumer's word: a consumer killed with
    # SIGKILL would leave them running. They die with it instead; the reaper takes back a job cut short.
    die_with_parent(signal.SIGKILL)


@MAIN_QUEUE.on_startup()
def load_engines() -> None:
    """Load the speech model when a worker starts, so that no job pays for it."""
    _close_inherited_connections()
    engines.transcriber()
    engines.extractor()


# The long-audio worker loads its model at its first job instead: a few seconds on a job of minutes,
# and no memory held for the (rare) long recordings until one comes.
LONG_QUEUE.on_startup()(_close_inherited_connections)
