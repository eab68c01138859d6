"""Audio retention: the audio of finished recordings is deleted after VOICECRM_AUDIO_RETENTION_DAYS;
the transcript, the extracted fields and the client changes stay."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from .models import AudioRecord, Status

log = logging.getLogger("voicecrm.retention")


def audio_purge_expired(*, now: datetime | None = None, days: float | None = None) -> int:
    """Delete the audio files of finished recordings older than `days`; returns how many were deleted."""
    days = settings.AUDIO_RETENTION_DAYS if days is None else days
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    expired = (AudioRecord.objects.filter(status__in=(Status.COMPLETED, Status.FAILED), created_at__lt=cutoff)
               .exclude(file=""))
    deleted = 0
    for record_id, name in expired.values_list("pk", "file").iterator():
        # Forget the file first: a crash in between leaves an unreferenced file, never a dangling reference.
        if AudioRecord.objects.filter(pk=record_id, file=name).update(file=""):
            default_storage.delete(name)
            deleted += 1
    if deleted:
        log.info("retention: deleted the audio of %d recording(s) older than %g day(s)", deleted, days)
    return deleted
