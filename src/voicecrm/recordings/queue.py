"""The one place that puts recordings on the queue and asks what the queue holds."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone

from .models import AudioRecord

log = logging.getLogger("voicecrm.jobs")

# Two minutes of browser Opus at 128 kbit/s, eight at 32 kbit/s, one of WAV: the size is all the web
# process knows of a recording's length (MediaRecorder's WebM states no duration; decoding here is slow).
LONG_AUDIO_BYTES = 2_000_000


def _task_for(record: AudioRecord):
    """Long recordings go to the long-audio queue (its own worker process) when it is on; otherwise they
    go last in the main queue, so that a 10-minute dictation does not hold up a 10-second note."""
    from .tasks import process_audio_record, process_long_audio_record

    if record.size < LONG_AUDIO_BYTES:
        return process_audio_record, 10
    if settings.LONG_AUDIO_QUEUE:
        return process_long_audio_record, 0
    return process_audio_record, 0


def record_enqueue(*, record: AudioRecord, delay: float = 0, stamped: bool = False) -> bool:
    """Queue the record's job; on a queue outage leave it for the reaper (the record is the outbox).

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


def _queues():
    from .tasks import process_audio_record, process_long_audio_record

    return [(process_audio_record.huey, process_audio_record.name),
            (process_long_audio_record.huey, process_long_audio_record.name)]


def queued_record_ids() -> set[int] | None:
    """Ids of the records the queues hold (waiting or scheduled), or None when a queue cannot say."""
    ids: set[int] = set()
    for huey, name in _queues():
        try:
            tasks = list(huey.pending()) + list(huey.scheduled())
        except Exception:
            log.warning("the queue could not be read", exc_info=True)
            return None
        ids |= {task.args[0] for task in tasks if task.name == name and task.args}
    return ids


def queue_depth() -> int | None:
    """Jobs waiting in the main and the long-audio queue together."""
    try:
        return sum(huey.pending_count() for huey, _name in _queues())
    except Exception:
        return None
