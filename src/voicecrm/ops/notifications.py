"""Tell a user that a job completed or finally failed: email and Apprise URLs, for users who opted in.

A notifier that fails (SMTP down, webhook 500) is logged and never fails the job.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

from voicecrm.accounts.models import NotificationPreference
from voicecrm.recordings.models import AudioRecord, Status

log = logging.getLogger("voicecrm.notify")


def _message(record: AudioRecord) -> tuple[str, str]:
    link = f"{settings.SITE_URL}/api/audio/status/{record.pk}"
    if record.status == Status.COMPLETED and record.client is None:
        return (f"VoiceCRM: recording #{record.pk} is in your Inbox",
                f"Recording #{record.pk} was transcribed but names no client: it waits in your Inbox, with its "
                f"tasks, until you give it one.\n\n{link}\n")
    if record.status == Status.COMPLETED:
        name = str(record.client)
        verb = "created" if record.client_action == "created" else "updated"
        return (f"VoiceCRM: client “{name}” {verb}",
                f"Recording #{record.pk} was transcribed and client “{name}” was {verb}.\n\n{link}\n")
    return (f"VoiceCRM: recording #{record.pk} failed",
            f"Recording #{record.pk} could not be processed: {record.error}\n\n"
            f"Retry it from the jobs page or with `voicecrm jobs retry {record.pk}`.\n\n{link}\n")


def _apprise(urls: list[str], title: str, body: str) -> bool:
    import apprise

    notifier = apprise.Apprise()
    for url in urls:
        if not notifier.add(url):
            log.warning("VOICECRM_NOTIFY_URLS: %r is not an Apprise URL; skipped", url.split("://")[0] + "://…")
    return bool(len(notifier)) and bool(notifier.notify(title=title, body=body))


def notify(*, preference: NotificationPreference, title: str, body: str, what: str) -> dict[str, bool]:
    """Send `title` and `body` to the preference's user by each channel they opted in to: email (when they have
    an address) and the team's Apprise URLs. A channel that fails is logged (`what` names the message) and
    reported False; never raises.

    Returns channel → delivered (``{"email": bool, "apprise": bool}``, only the channels tried).
    """
    sent: dict[str, bool] = {}
    user = preference.user
    if preference.email and user.email:
        try:
            sent["email"] = bool(send_mail(title, body, None, [user.email]))
        except Exception:
            log.warning("%s email notification failed", what, exc_info=True)
            sent["email"] = False
    if preference.channels and settings.NOTIFY_URLS:
        try:
            sent["apprise"] = _apprise(settings.NOTIFY_URLS, title, body)
        except Exception:
            log.warning("%s Apprise notification failed", what, exc_info=True)
            sent["apprise"] = False
    return sent


def record_notify(*, record_id: int, **_signal: object) -> dict[str, bool]:
    """Notify the owner of a finished record by every channel they opted in to; never raises.

    Receives pipeline.signals.job_finished (connected in OpsConfig.ready).

    Returns channel → delivered, for the log and the tests.
    """
    sent: dict[str, bool] = {}
    try:
        record = AudioRecord.objects.select_related("owner", "client").get(pk=record_id)
        if record.status not in (Status.COMPLETED, Status.FAILED):
            return sent
        preference = NotificationPreference.objects.select_related("user").filter(user=record.owner_id).first()
        if preference is None:
            return sent
        title, body = _message(record)
        sent = notify(preference=preference, title=title, body=body, what=f"record={record_id}")
    except Exception:
        log.warning("record=%s notification skipped", record_id, exc_info=True)
    if sent:
        log.info("record=%s notified %s", record_id, sent)
    return sent
