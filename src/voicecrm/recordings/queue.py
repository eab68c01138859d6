"""The one place that puts recordings on the queue and asks what the queue holds."""

from __future__ import annotations

import logging

from django.utils import timezone

from .models import AudioRecord

log = logging.getLogger("voicecrm.jobs")

# Short recordings go first so that a 10-minute dictation does not hold up a 10-second one.
LONG_AUDIO_BYTES = 2_000_000


def record_enqueue(*, record: AudioRecord, delay: float = 0) -> bool:
    """Queue the record's job; on a queue outage leave it for the reaper (the record is the outbox)."""
    from .tasks import process_audio_record

    priority = 0 if record.size >= LONG_AUDIO_BYTES else 10
    try:
        if delay > 0:
            process_audio_record.schedule((record.pk,), delay=delay, priority=priority)
        else:
            process_audio_record.huey.enqueue(process_audio_record.s(record.pk, priority=priority))
    except Exception:  # any queue outage: Redis down, PostgreSQL unreachable, SQLite locked
        log.warning("record=%s could not be queued; the reaper will queue it again", record.pk, exc_info=True)
        return False
    AudioRecord.objects.filter(pk=record.pk).update(enqueued_at=timezone.now())
    return True


def queued_record_ids() -> set[int] | None:
    """Ids of the records the queue holds (waiting or scheduled), or None when the queue cannot say."""
    from .tasks import process_audio_record

    huey = process_audio_record.huey
    try:
        tasks = list(huey.pending()) + list(huey.scheduled())
    except Exception:
        log.warning("the queue could not be read", exc_info=True)
        return None
    return {task.args[0] for task in tasks if task.name == process_audio_record.name and task.args}


def queue_depth() -> int | None:
    from .tasks import process_audio_record

    try:
        return process_audio_record.huey.pending_count()
    except Exception:
        return None
