"""The tasks API under /api/tasks: list by due, create, change (title, due, done), delete; only the owner's."""

from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool

from voicecrm.accounts.selectors import user_time_zone

from .dues import InvalidDueError, due_parse
from .schemas import Error, TaskOut, task_out
from .selectors import TASK_STATUSES, client_get, task_get, tasks_for_user
from .tasks import InvalidTaskError, task_create, task_delete, task_update

router = Router(tags=["tasks"])


class TaskPage(Schema):
    count: int
    results: list[TaskOut]


class TaskFilter(Schema):
    status: Literal["open", "done", "all"] = "open"
    client_id: int | None = None


@router.get("", response={200: TaskPage, 400: Error, 404: Error})
def list_tasks(request, filters: Query[TaskFilter]):
    """The caller's tasks, `status` open (default), done or all, of one client with `client_id`; ordered by due
    (date, then time, then id). ``due`` is "YYYY-MM-DD" or a date-time with the caller's offset."""
    if filters.status not in TASK_STATUSES:
        return Status(400, {"detail": f"unknown status {filters.status!r}: use open, done or all"})
    client = None
    if filters.client_id is not None:
        client = client_get(user=request.user, client_id=filters.client_id)
        if client is None:
            return Status(404, {"detail": f"no client {filters.client_id}"})
    tasks = list(tasks_for_user(user=request.user, status=filters.status, client=client))
    zone = user_time_zone(user=request.user)
    return Status(200, {"count": len(tasks), "results": [task_out(task, zone=zone) for task in tasks]})


class TaskIn(Schema):
    title: str
    due: str = Field(description='"YYYY-MM-DD", or a date-time with or without an offset')
    client_id: int | None = None


@router.post("", response={201: TaskOut, 400: Error, 404: Error})
def create_task(request, payload: TaskIn):
    """A task typed by the caller. `due`: "YYYY-MM-DD", or a date-time with an offset, or without one (the
    caller's time zone). Empty title or unreadable due → 400; another user's client → 404."""
    zone = user_time_zone(user=request.user)
    client = None
    if payload.client_id is not None:
        client = client_get(user=request.user, client_id=payload.client_id)
        if client is None:
            return Status(404, {"detail": f"no client {payload.client_id}"})
    try:
        task = task_create(owner=request.user, title=payload.title, due=due_parse(payload.due, zone=zone),
                           client=client)
    except (InvalidTaskError, InvalidDueError) as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, task_out(task, zone=zone))


class TaskPatch(Schema):
    title: str | None = None
    due: str | None = None
    done: StrictBool | None = None


@router.patch("/{task_id}", response={200: TaskOut, 400: Error, 404: Error})
def patch_task(request, task_id: int, payload: TaskPatch):
    """Change the title, the due (as for POST) or done (true: done now; false: open again); a field left out is
    kept, a field sent as null is refused (400)."""
    task = task_get(user=request.user, task_id=task_id)
    if task is None:
        return Status(404, {"detail": f"no task {task_id}"})
    zone = user_time_zone(user=request.user)
    cleared = sorted(name for name in payload.model_fields_set if getattr(payload, name) is None)
    if cleared:
        # Absent means unchanged; null would mean removing what a task cannot be without.
        return Status(400, {"detail": f"{', '.join(cleared)} cannot be null: leave it out to keep it"})
    try:
        due = due_parse(payload.due, zone=zone) if payload.due is not None else None
        task_update(task=task, title=payload.title, due=due, done=payload.done)
    except (InvalidTaskError, InvalidDueError) as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, task_out(task, zone=zone))


@router.delete("/{task_id}", response={204: None, 404: Error})
def delete_task(request, task_id: int):
    task = task_get(user=request.user, task_id=task_id)
    if task is None:
        return Status(404, {"detail": f"no task {task_id}"})
    task_delete(task=task)
    return Status(204, None)
