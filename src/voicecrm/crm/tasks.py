"""Writing tasks (follow-ups): typed or by API, from a recording's follow-ups, marked done, moved, deleted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from voicecrm.extraction import FollowUp

from .dues import Due, due_local
from .models import Client, Interaction, Task
from .signals import announce_on_commit, task_created, task_done

TITLE_MAX = Task._meta.get_field("title").max_length


class InvalidTaskError(ValueError):
    """A task that cannot be stored as asked: an empty title, one too long or with control characters (400)."""


def task_title_clean(title: str | None) -> str:
    """The title stripped. Raises InvalidTaskError when empty, longer than TITLE_MAX (300) characters, or
    holding control characters (PostgreSQL refuses NUL; a title needs none)."""
    title = (title or "").strip()
    if not title:
        raise InvalidTaskError(_("the title is empty: say what is to be done"))
    if len(title) > TITLE_MAX:
        raise InvalidTaskError(_("the title is %(length)d characters long; the limit is %(limit)d")
                               % {"length": len(title), "limit": TITLE_MAX})
    if any(ord(c) < 32 or ord(c) == 127 for c in title):
        raise InvalidTaskError(_("control characters (e.g. NUL, new lines) are not allowed in a title"))
    return title


def task_create(*, owner: AbstractBaseUser | int, title: str, due: Due, client: Client | None = None,
                interaction: Interaction | None = None) -> Task:
    """A task of `owner`, for `client` (None: no client), typed by hand unless `interaction` made it.

    Raises:
        InvalidTaskError: the title (task_title_clean).
    """
    owner_id = owner if isinstance(owner, int) else owner.pk
    task = Task.objects.create(owner_id=owner_id, client=client, interaction=interaction,
                               title=task_title_clean(title), due_date=due.date, due_at=due.at)
    announce_on_commit(task_created, task=task)
    return task


def tasks_from_followups(*, interaction: Interaction, followups: Iterable[FollowUp], zone: tzinfo) -> list[Task]:
    """One task per follow-up a recording asked for, on the interaction's client (or in the Inbox with it).

    A follow-up's due is a date, or a naive wall-clock date-time read in `zone` (the recording's: see
    dues.recording_zone). A title longer than the limit is cut; an empty one (which extraction never gives)
    is skipped.
    """
    tasks = []
    for followup in followups:
        title = " ".join(followup.title.split())[:TITLE_MAX].strip()
        if not title:
            continue
        due = due_local(followup.due, zone=zone)
        tasks.append(Task.objects.create(owner_id=interaction.owner_id, client_id=interaction.client_id,
                                         interaction=interaction, title=title, due_date=due.date, due_at=due.at))
        announce_on_commit(task_created, task=tasks[-1])
    return tasks


def task_update(*, task: Task, title: str | None = None, due: Due | None = None, done: bool | None = None) -> Task:
    """Change what is given: the title, the due, done (sets ``done_at`` to now) or not done (clears it).

    Raises:
        InvalidTaskError: the title (task_title_clean).
    """
    if title is not None:
        task.title = task_title_clean(title)
    if due is not None:
        task.due_date, task.due_at = due.date, due.at
    finished = done is True and not task.done
    if done is not None and done != task.done:
        task.done = done
        task.done_at = timezone.now() if done else None
    task.save()
    if finished:
        announce_on_commit(task_done, task=task)
    return task


def task_delete(*, task: Task) -> None:
    """Delete the task for good (the timeline keeps no trace of it)."""
    task.delete()
