"""What the CRM tells the layers above it (webhooks/ listens), without importing them.

Each signal is sent once the transaction that made the change commits (`transaction.on_commit`; at once
outside a transaction), so a change rolled back is never announced. It is sent in the process that made the
change (a web request, the worker); a receiver that raises is logged and fails neither the change nor the
other receivers.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger("voicecrm.crm")

# A client was created. kwargs: client (crm.models.Client, saved).
client_created = Signal()

# Fields of a client changed. kwargs: client (Client, saved), fields (list[str], the names changed).
client_updated = Signal()

# A client was deleted. kwargs: client_id (int), client (Client: its fields as they were; its pk is None now).
client_deleted = Signal()

# A task was created (typed, or from a recording's follow-up). kwargs: task (crm.models.Task).
task_created = Signal()

# A task was marked done. kwargs: task (Task).
task_done = Signal()


def announce_on_commit(signal: Signal, **kwargs: object) -> None:
    """Send `signal` with `kwargs` when the current transaction commits (now when none is open)."""
    transaction.on_commit(lambda: _announce(signal, **kwargs))


def _announce(signal: Signal, **kwargs: object) -> None:
    for receiver, result in signal.send_robust(sender=None, **kwargs):
        if isinstance(result, Exception):
            log.warning("signal receiver %s failed: %s", getattr(receiver, "__qualname__", receiver), result,
                        exc_info=result)
