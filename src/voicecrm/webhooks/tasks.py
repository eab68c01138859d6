"""The delivery task, on the worker's main queue, and the one place that queues deliveries.

As for recordings, the queue carries only an id and the database says what is owed (DESIGN.md, "Huey
delivers at most once"): a delivery whose task was lost is queued again by `deliveries_resume`, which every
worker runs on its reaper's tick; a task run twice sends once (delivery_attempt claims the row).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import close_old_connections, transaction

from voicecrm.pipeline.queue import MAIN_QUEUE

from .models import Delivery
from .services import deliveries_expire, deliveries_owed, delivery_attempt

log = logging.getLogger("voicecrm.webhooks")

TASK_NAME = "deliver_webhook"
# Before short recordings (10) and long ones (0): a delivery takes at most a few seconds.
PRIORITY = 20
# A pending delivery this many seconds past due is taken for lost and queued again.
LOST_AFTER = 60


@MAIN_QUEUE.task(name=TASK_NAME, priority=PRIORITY)
def deliver_webhook(delivery_id: int) -> None:
    """One attempt of one delivery; a failed one queues its retry after its backoff delay."""
    close_old_connections()
    try:
        delay = delivery_attempt(delivery_id=delivery_id)
        if delay is not None:
            _enqueue(delivery_id, delay=delay)
    finally:
        close_old_connections()


def _enqueue(delivery_id: int, *, delay: float = 0) -> None:
    try:
        if delay > 0:
            deliver_webhook.schedule((delivery_id,), delay=delay, priority=PRIORITY)
        else:
            deliver_webhook(delivery_id)
    except Exception:  # a queue outage: the row stays pending and deliveries_resume queues it later
        log.warning("delivery %s could not be queued; it will be queued again later", delivery_id, exc_info=True)


def deliveries_enqueue(deliveries: Iterable[Delivery]) -> None:
    """Queue each delivery's first attempt once the current transaction commits (at once outside one)."""
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: [_enqueue(delivery_id) for delivery_id in ids])


def deliveries_resume(**_signal: object) -> None:
    """Queue again the deliveries the queue lost (a worker killed mid-attempt, a queue outage), and drop those
    past the log's age. Receives pipeline.signals.worker_tick; every worker sends it, and a delivery queued
    twice is still sent once."""
    for delivery_id in deliveries_owed(older_than=LOST_AFTER):
        _enqueue(delivery_id)
    deliveries_expire()
