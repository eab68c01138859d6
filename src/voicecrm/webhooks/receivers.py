"""Turn what the CRM and the pipeline announce into deliveries: the event's data as the API shows the object.

Receivers of crm.signals and pipeline.signals.job_finished (connected in WebhooksConfig.ready). They run in
the process that made the change, after its commit: they write the delivery rows and queue them, and never
send anything themselves.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from voicecrm.accounts.selectors import user_time_zone
from voicecrm.crm.api import ClientOut
from voicecrm.crm.models import Client, Task
from voicecrm.crm.schemas import task_out
from voicecrm.crm.selectors import interaction_for_record
from voicecrm.recordings.models import AudioRecord, Status

from .models import Event
from .services import event_publish
from .tasks import deliveries_enqueue


def client_data(client: Client, *, client_id: int | None = None) -> dict[str, Any]:
    """The client as GET /api/clients/{id} shows it (ClientOut); `client_id` for a deleted one (its pk is gone)."""
    if client_id is not None:
        client = copy.copy(client)
        client.pk = client_id
    return ClientOut.from_orm(client).model_dump()


def task_data(task: Task) -> dict[str, Any]:
    """The task as GET /api/tasks shows it (TaskOut), its due in its owner's time zone."""
    return task_out(task, zone=user_time_zone(user=task.owner_id))


def recording_data(record: AudioRecord) -> dict[str, Any]:
    """A recording's outcome, with the names of GET /api/audio/status/{id}: its status, error, the client it
    created or updated, its transcript, its interaction and the tasks it made (TaskOut)."""
    interaction = interaction_for_record(record=record) if record.status == Status.COMPLETED else None
    zone = user_time_zone(user=record.owner_id)
    return {
        "id": record.pk, "status": record.status, "error": record.error or None,
        "client_id": record.client_id, "client_action": record.client_action or None,
        "client_name": str(record.client) if record.client else None,
        "transcription": record.transcription or None, "language": record.language or None,
        "duration": record.duration, "review": record.review, "created_at": record.created_at,
        "processed_at": record.processed_at, "recorded_at": record.recorded_at,
        "interaction_id": interaction.pk if interaction else None,
        "note": (interaction.note or None) if interaction else None,
        "tasks": [task_out(task, zone=zone) for task in interaction.tasks.all()] if interaction else [],
    }


def _publish(event: Event, *, owner_id: int, data: Callable[[], dict[str, Any]]) -> None:
    deliveries_enqueue(event_publish(event=event.value, owner_id=owner_id, data=data))


def on_client_created(*, client: Client, **_: object) -> None:
    _publish(Event.CLIENT_CREATED, owner_id=client.owner_id, data=lambda: client_data(client))


def on_client_updated(*, client: Client, fields: list[str], **_: object) -> None:
    _publish(Event.CLIENT_UPDATED, owner_id=client.owner_id, data=lambda: {**client_data(client), "changed": fields})


def on_client_deleted(*, client_id: int, client: Client, **_: object) -> None:
    _publish(Event.CLIENT_DELETED, owner_id=client.owner_id, data=lambda: client_data(client, client_id=client_id))


def on_task_created(*, task: Task, **_: object) -> None:
    _publish(Event.TASK_CREATED, owner_id=task.owner_id, data=lambda: task_data(task))


def on_task_done(*, task: Task, **_: object) -> None:
    _publish(Event.TASK_DONE, owner_id=task.owner_id, data=lambda: task_data(task))


def on_job_finished(*, record_id: int, **_: object) -> None:
    record = AudioRecord.objects.select_related("client").filter(pk=record_id).first()
    if record is None or record.status not in (Status.COMPLETED, Status.FAILED):
        return
    event = Event.RECORDING_COMPLETED if record.status == Status.COMPLETED else Event.RECORDING_FAILED
    _publish(event, owner_id=record.owner_id, data=lambda: recording_data(record))
