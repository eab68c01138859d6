"""A user's open tasks as an iCalendar feed (RFC 5545) that Google Calendar, Outlook and Apple Calendar subscribe to.

Each task is a VEVENT, not a VTODO: Google Calendar ignores VTODO. A task due on a date is an all-day event;
one due at a time lasts EVENT_MINUTES from then.
"""

from __future__ import annotations

from datetime import UTC, timedelta

import icalendar
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .models import Task
from .selectors import tasks_for_user

EVENT_MINUTES = 30


def task_uid(task: Task) -> str:
    """The event's UID, stable for the task's life: calendars update the event instead of adding another."""
    return f"task-{task.pk}@voicecrm"


def task_event(task: Task) -> icalendar.Event:
    """The task as an event: SUMMARY "title — client" (the title alone when it names the client already), all day
    or EVENT_MINUTES long, URL of the client's page
    (else of the tasks page) under settings.SITE_URL, DESCRIPTION the interaction's note when it has one."""
    event = icalendar.Event()
    event.add("uid", task_uid(task))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("created", task.created_at.astimezone(UTC))
    event.add("last-modified", task.updated_at.astimezone(UTC))
    named = task.client is not None and str(task.client).casefold() not in task.title.casefold()
    event.add("summary", f"{task.title} — {task.client}" if named else task.title)
    if task.due_at is None:
        event.add("dtstart", task.due_date)
        event.add("dtend", task.due_date + timedelta(days=1))
    else:
        start = task.due_at.astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=EVENT_MINUTES))
    event.add("transp", "TRANSPARENT")
    # The client's page; a task without a client (typed alone, or waiting in the Inbox) links to the tasks page.
    event.add("url", f"{settings.SITE_URL}/clients/{task.client_id}/" if task.client_id is not None
              else f"{settings.SITE_URL}/tasks/")
    if task.interaction is not None and task.interaction.note:
        event.add("description", task.interaction.note)
    return event


def tasks_calendar(*, user: AbstractBaseUser) -> bytes:
    """The user's open tasks as an iCalendar document (UTF-8, CRLF lines)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//VoiceCRM//Tasks//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "VoiceCRM")
    for task in tasks_for_user(user=user, status="open"):
        calendar.add_component(task_event(task))
    return calendar.to_ical()
