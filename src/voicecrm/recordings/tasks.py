"""The Huey tasks. Thin: the services do the work; the queue carries only a record id.

Two queues on the same storage: the main one, and one for long recordings (VOICECRM_LONG_AUDIO_QUEUE),
served by its own worker process so that a 10-minute dictation never holds up a 10-second note.
"""

import signal

from django.conf import settings
from huey.contrib.djhuey import HUEY, close_db, db_task, on_startup

from . import engines

LONG_HUEY = HUEY.__class__(f"{HUEY.name}-long", results=HUEY.results, utc=HUEY.utc, immediate=HUEY.immediate,
                           **HUEY.storage_kwargs)


def _process(record_id: int) -> None:
    from .services import record_process

    record_process(record_id=record_id)


process_audio_record = db_task(timeout=settings.JOB_TIMEOUT, name="process_audio_record")(_process)
process_long_audio_record = LONG_HUEY.task(timeout=settings.JOB_TIMEOUT, name="process_audio_record")(
    close_db(_process))


def _close_inherited_connections() -> None:
    from django.db import connections

    from .processes import die_with_parent

    # A forked worker must not share its parent's database connections.
    connections.close_all()
    # Huey's process workers ignore SIGTERM and stop on their consumer's word: a consumer killed with
    # SIGKILL would leave them running. They die with it instead; the reaper takes back a job cut short.
    die_with_parent(signal.SIGKILL)


@on_startup()
def load_engines() -> None:
    """Load the speech model when a worker starts, so that no job pays for it."""
    _close_inherited_connections()
    engines.transcriber()
    engines.extractor()


# The long-audio worker loads its model at its first job instead: a few seconds on a job of minutes,
# and no memory held for the (rare) long recordings until one comes.
LONG_HUEY.on_startup()(_close_inherited_connections)
