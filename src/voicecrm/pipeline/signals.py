"""What the pipeline tells the layers above it, without importing them (ops/ listens: metrics, notifications).

Sent synchronously in the worker process, outside the job's transactions; a receiver that fails is logged
by the sender and never fails the job.
"""

import logging

from django.dispatch import Signal

log = logging.getLogger("voicecrm.jobs")

# A stage of an attempt ended. kwargs: record_id (int), attempt (int, 1-based), stage (Stage value),
# outcome ("ok", "completed", "error: <ExceptionName>", "interrupted"), seconds (float, wall clock).
stage_finished = Signal()

# A recording reached a final status (completed, or failed with no attempt left). kwargs: record_id (int).
job_finished = Signal()

# Every worker's reaper thread, every VOICECRM_REAPER_INTERVAL seconds, after reaping: periodic work of the
# layers above (ops: the morning digest of tasks). Every worker sends it: receivers must not act twice.
worker_tick = Signal()


def announce(signal: Signal, **kwargs: object) -> None:
    """Send `signal` to every receiver; one that raises is logged, and neither the job nor the others fail."""
    for receiver, result in signal.send_robust(sender=None, **kwargs):
        if isinstance(result, Exception):
            log.warning("signal receiver %s failed: %s", getattr(receiver, "__qualname__", receiver), result,
                        exc_info=result)
