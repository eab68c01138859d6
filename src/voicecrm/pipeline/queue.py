"""The one place that builds the queues: the main one and the long-audio one, from settings.QUEUES.

Each entry is a Huey settings dict as djhuey reads one: `huey_class` is the class (a dotted path), every
other key goes to it untouched. Both queues live on the same storage (VOICECRM_QUEUE_URL); the queue
carries only record ids, the database says what is owed (DESIGN.md, "Huey delivers at most once").
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string
from huey import Huey

log = logging.getLogger("voicecrm.jobs")

# The name of the one task both queues run (pipeline/tasks.py); the reaper looks for it in the queues.
TASK_NAME = "process_audio_record"


def queue_build(config: dict) -> Huey:
    """A Huey instance from one entry of settings.QUEUES (``{"huey_class": dotted path, **kwargs}``)."""
    options = dict(config)
    return import_string(options.pop("huey_class"))(**options)


MAIN_QUEUE = queue_build(settings.QUEUES["main"])
LONG_QUEUE = queue_build(settings.QUEUES["long"])
QUEUES = (MAIN_QUEUE, LONG_QUEUE)


def queued_record_ids() -> set[int] | None:
    """Ids of the records the queues hold (waiting or scheduled), or None when a queue cannot say."""
    ids: set[int] = set()
    for huey in QUEUES:
        try:
            tasks = list(huey.pending()) + list(huey.scheduled())
        except Exception:
            log.warning("the queue could not be read", exc_info=True)
            return None
        ids |= {task.args[0] for task in tasks if task.name == TASK_NAME and task.args}
    return ids


def queue_depth() -> int | None:
    """Jobs waiting in the main and the long-audio queue together (None when a queue cannot say)."""
    try:
        return sum(huey.pending_count() for huey in QUEUES)
    except Exception:
        return None
