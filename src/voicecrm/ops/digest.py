"""The morning digest: once a day, from VOICECRM_DIGEST_HOUR of each user's local time, the open tasks due that
day or overdue, by the channels the user opted in to (email, the team's Apprise URLs). Opt-in (`digest`)."""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from voicecrm.accounts.models import NotificationPreference
from voicecrm.accounts.selectors import user_time_zone
from voicecrm.crm.dues import due_text
from voicecrm.crm.models import Task
from voicecrm.crm.selectors import tasks_for_user

from .notifications import notify

log = logging.getLogger("voicecrm.notify")


def digest_message(*, tasks: list[Task], local: datetime, zone: tzinfo) -> tuple[str, str]:
    """The digest's title and plain-text body: one line per task (due, title, client), overdue ones marked,
    and a link to the tasks page under settings.SITE_URL."""
    lines = []
    for task in tasks:
        due = due_text(due_date=task.due_date, due_at=task.due_at, zone=zone)
        late = " (overdue)" if task.due_date < local.date() else ""
        client = f" — {task.client}" if task.client else ""
        lines.append(f"• {due.replace('T', ' ')[:16]}{late}: {task.title}{client}")
    title = f"VoiceCRM: {len(tasks)} task(s) for {local:%A %d %B}"
    return title, "\n".join(lines) + f"\n\n{settings.SITE_URL}/tasks/\n"


def digests_send(*, now: datetime | None = None, **_signal: object) -> int:
    """Send today's digest to every user who opted in, whose local time has reached VOICECRM_DIGEST_HOUR and who
    has not had it today; a user without tasks due gets none. Each user's day is claimed by one UPDATE first, so
    the workers that all run this (pipeline.signals.worker_tick) send it once. Never raises.

    Returns how many digests were sent.
    """
    now = now or timezone.now()
    sent = 0
    preferences = (NotificationPreference.objects.select_related("user")
                   .filter(digest=True, user__is_active=True).filter(Q(email=True) | Q(channels=True)))
    for preference in preferences:
        try:
            zone = user_time_zone(user=preference.user)
            local = now.astimezone(zone)
            today = local.date()
            if local.hour < settings.DIGEST_HOUR or preference.digest_sent_on == today:
                continue
            claimed = (NotificationPreference.objects.filter(pk=preference.pk).exclude(digest_sent_on=today)
                       .update(digest_sent_on=today))
            if not claimed:
                continue  # another worker has it
            tasks = list(tasks_for_user(user=preference.user, status="open").filter(due_date__lte=today))
            if not tasks:
                continue
            title, body = digest_message(tasks=tasks, local=local, zone=zone)
            channels = notify(preference=preference, title=title, body=body, what=f"digest user={preference.user_id}")
            sent += any(channels.values())
            log.info("digest user=%s tasks=%d sent %s", preference.user_id, len(tasks), channels)
        except Exception:
            log.warning("digest user=%s skipped", preference.user_id, exc_info=True)
    return sent
