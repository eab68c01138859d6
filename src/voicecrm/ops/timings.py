"""Stage durations, kept for the /metrics histogram."""

from __future__ import annotations

import logging

from .models import StageTiming

log = logging.getLogger("voicecrm.jobs")


def stage_timing_record(*, record_id: int, attempt: int, stage: str, outcome: str, seconds: float,
                        **_signal: object) -> None:
    """Store one stage's duration (seconds); a database that is down only loses the measure, never the job.

    Receives pipeline.signals.stage_finished (connected in OpsConfig.ready).
    """
    try:
        StageTiming.objects.create(record_id=record_id, attempt=attempt, stage=stage, outcome=outcome[:32],
                                   seconds=seconds)
    except Exception:
        log.warning("record=%s stage timing not stored", record_id, exc_info=True)
