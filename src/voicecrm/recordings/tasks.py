"""The Huey tasks. Thin: the services do the work; the queue carries only a record id."""

from django.conf import settings
from huey.contrib.djhuey import db_task, on_startup

from . import engines


@db_task(timeout=settings.JOB_TIMEOUT, name="process_audio_record")
def process_audio_record(record_id: int) -> None:
    from .services import record_process

    record_process(record_id=record_id)


@on_startup()
def load_engines() -> None:
    """Load the speech model when a worker starts, so that no job pays for it."""
    from django.db import connections

    # A forked worker must not share its parent's database connections.
    connections.close_all()
    engines.transcriber()
    engines.extractor()
