"""A running job's heartbeat: how the reaper tells a live job from one whose worker died."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone

from voicecrm.recordings.models import AudioRecord, Status

log = logging.getLogger("voicecrm.jobs")


class Heartbeat:
    """Stamps the record's `heartbeat_at` every VOICECRM_HEARTBEAT_INTERVAL seconds while the job runs.

    Use as a context manager around the job; the thread has its own database connection, closed at the end.
    """

    def __init__(self, record_id: int) -> None:
        self.record_id = record_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{record_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            while not self._stop.wait(settings.HEARTBEAT_INTERVAL):
                try:
                    AudioRecord.objects.filter(pk=self.record_id, status=Status.PROCESSING).update(
                        heartbeat_at=timezone.now())
                except Exception:
                    log.warning("record=%s heartbeat failed", self.record_id, exc_info=True)
        finally:
            connection.close()
