"""Webhooks: the URLs users register, the events published to them, and one signed delivery attempt.

What a receiver sees (README "Webhooks"): a POST with the JSON body ``{"id", "event", "created_at", "data"}``
and the headers X-VoiceCRM-Event, X-VoiceCRM-Delivery (the body's id, the same on every retry),
X-VoiceCRM-Timestamp (Unix seconds of this attempt) and X-VoiceCRM-Signature: ``sha256=`` followed by the
hex HMAC-SHA256, keyed with the webhook's secret, of the timestamp, a dot and the body's bytes. Stripe and
Standard Webhooks sign the timestamp with the body the same way, so that a captured request cannot be
replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.responses import NinjaJSONEncoder
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress

from .models import EVENTS, Delivery, DeliveryStatus, Event, Webhook

log = logging.getLogger("voicecrm.webhooks")

URL_MAX = Webhook._meta.get_field("url").max_length
# What the delivery log keeps of an error or of a receiver's answer.
ERROR_MAX = 500
USER_AGENT = "VoiceCRM-Webhooks/1"


class InvalidWebhookError(ValueError):
    """A webhook that cannot be stored as asked: its URL, its events, or a scope the user may not have (400)."""


def url_clean(url: str | None) -> str:
    """The URL stripped. HTTPS, or plain HTTP to this machine only (localhost, 127.0.0.0/8, ::1: tests and
    local development), with a host, no longer than URL_MAX (2000) characters.

    Raises:
        InvalidWebhookError: what is wrong and what to send instead.
    """
    url = (url or "").strip()
    if not url:
        raise InvalidWebhookError(_("the URL is empty: give the https:// address that receives the events"))
    if len(url) > URL_MAX:
        raise InvalidWebhookError(_("the URL is %(length)d characters long; the limit is %(limit)d")
                                  % {"length": len(url), "limit": URL_MAX})
    if any(ord(c) <= 32 or ord(c) == 127 for c in url):
        raise InvalidWebhookError(_("the URL holds spaces or control characters"))
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError as exc:
        raise InvalidWebhookError(_("the URL cannot be read: %(reason)s") % {"reason": exc}) from exc
    if parts.scheme not in ("https", "http") or not host:
        raise InvalidWebhookError(_("the URL must be an https:// address with a host, e.g. https://example.com/hooks"))
    if not settings.WEBHOOK_PRIVATE_NETWORK and (_loopback(host) or _private_literal(host)):
        raise InvalidWebhookError(_("the URL points to this server or a private network, which this server does not "
                                    "send to (VOICECRM_WEBHOOK_PRIVATE_NETWORK): give a public https:// address"))
    if parts.scheme == "http" and not _loopback(host):
        raise InvalidWebhookError(_("the URL must use https://; plain http:// is allowed only to this machine "
                                    "(localhost, 127.0.0.1, [::1])"))
    return url


def _private_literal(host: str) -> bool:
    """An IP address written in the URL that is not a public one (private, loopback, link-local, reserved…)."""
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def events_clean(events: list[str] | None) -> list[str]:
    """The events subscribed to, without repeats, in EVENTS' order. Raises InvalidWebhookError when none is
    given or one is unknown."""
    events = list(events or [])
    unknown = sorted(set(events) - set(EVENTS))
    if unknown:
        raise InvalidWebhookError(_("unknown event(s): %(unknown)s; use %(events)s")
                                  % {"unknown": ", ".join(unknown), "events": ", ".join(EVENTS)})
    if not events:
        raise InvalidWebhookError(_("no event chosen: subscribe to at least one of %(events)s")
                                  % {"events": ", ".join(EVENTS)})
    return [event for event in EVENTS if event in events]


def _scope_check(owner: AbstractBaseUser, all_users: bool) -> None:
    if all_users and not owner.is_staff:
        raise InvalidWebhookError(_("only staff may receive every user's events (all_users)"))


def webhook_create(*, owner: AbstractBaseUser, url: str, events: list[str], all_users: bool = False) -> Webhook:
    """A webhook of `owner` with a new secret (64 hex characters, 256 bits). `all_users`: the events of every
    user (staff only). Raises InvalidWebhookError (url_clean, events_clean, the scope)."""
    _scope_check(owner, all_users)
    return Webhook.objects.create(owner=owner, url=url_clean(url), events=events_clean(events),
                                  all_users=all_users, secret=secrets.token_hex(32))


def webhook_update(*, webhook: Webhook, url: str | None = None, events: list[str] | None = None,
                   active: bool | None = None, all_users: bool | None = None) -> Webhook:
    """Change what is given (None: kept). Raises InvalidWebhookError as webhook_create does."""
    if url is not None:
        webhook.url = url_clean(url)
    if events is not None:
        webhook.events = events_clean(events)
    if all_users is not None:
        _scope_check(webhook.owner, all_users)
        webhook.all_users = all_users
    if active is not None:
        webhook.active = active
    webhook.save()
    return webhook


def webhook_secret_rotate(*, webhook: Webhook) -> Webhook:
    """A new secret; deliveries signed from now on use it (a retry of an older delivery too)."""
    webhook.secret = secrets.token_hex(32)
    webhook.save(update_fields=["secret"])
    return webhook


def webhook_delete(*, webhook: Webhook) -> None:
    """Delete the webhook and its delivery log; retries still queued for it find nothing and stop."""
    webhook.delete()


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256(secret, f"{timestamp}." + body)>``: the X-VoiceCRM-Signature header."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def event_publish(*, event: str, owner_id: int,
                  data: dict[str, Any] | Callable[[], dict[str, Any]]) -> list[Delivery]:
    """Record one delivery of `event` for each active webhook subscribed to it: the owner's, and staff
    webhooks that take every user's events. The caller queues them (tasks.deliveries_enqueue).

    Args:
        event: an Event value.
        owner_id: the user whose client, task or recording it is about.
        data: the body's ``data``, JSON-ready (as the API shows the object), or a function that makes it: called
            only when a webhook wants the event (an import of thousands of rows mostly has none to serialise for).

    Returns:
        The deliveries created (none when no webhook wants the event).
    """
    webhooks = [webhook for webhook in Webhook.objects.filter(active=True).filter(
        Q(owner_id=owner_id) | Q(all_users=True, owner__is_staff=True)) if event in webhook.events]
    if webhooks and callable(data):
        data = data()
    return [_delivery_create(webhook=webhook, event=event, data=data) for webhook in webhooks]


def webhook_ping(*, webhook: Webhook) -> Delivery:
    """A ``ping`` delivery to the webhook (its test button), whether or not it is active; the caller queues it."""
    return _delivery_create(webhook=webhook, event=Event.PING.value,
                            data={"webhook_id": webhook.pk, "url": webhook.url, "events": webhook.events})


def _delivery_create(*, webhook: Webhook, event: str, data: dict[str, Any]) -> Delivery:
    now = timezone.now()
    delivery = Delivery(webhook=webhook, event=event, next_attempt_at=now)
    # Encoded as the API encodes its answers (ISO 8601 times, decimals as strings); sent as stored.
    delivery.body = json.dumps({"id": str(delivery.uid), "event": event, "created_at": now, "data": data},
                               cls=NinjaJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    delivery.save()
    _log_trim(webhook=webhook)
    return delivery


def _log_trim(*, webhook: Webhook) -> None:
    """Keep the newest WEBHOOK_LOG_SIZE deliveries of the webhook, none older than WEBHOOK_LOG_DAYS (those
    still owed a retry are kept)."""
    finished = Delivery.objects.filter(webhook=webhook, status__in=(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED))
    cutoff = timezone.now() - timedelta(days=settings.WEBHOOK_LOG_DAYS)
    oldest_kept = (Delivery.objects.filter(webhook=webhook).order_by("-id")
                   .values_list("id", flat=True)[settings.WEBHOOK_LOG_SIZE - 1:settings.WEBHOOK_LOG_SIZE].first())
    stale = Q(created_at__lt=cutoff)
    if oldest_kept is not None:
        stale |= Q(id__lt=oldest_kept)
    finished.filter(stale).delete()


def delivery_attempt(*, delivery_id: int) -> float | None:
    """Send a pending delivery that is due, once, and record the outcome in the log.

    A 2xx answer delivers it. Anything else (another status, a refused connection, no answer within
    WEBHOOK_TIMEOUT seconds to connect and again to answer, redirects which are not followed) is the
    attempt's error; the delivery is retried after the next of WEBHOOK_RETRY_DELAYS, or fails when none is
    left. A delivery not pending, not due, or claimed by another worker is left alone.

    Returns:
        Seconds until the retry the caller must queue, or None (delivered, failed, or not this worker's).
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = (Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING)
                   .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + timedelta(seconds=1)))
                   .update(status=DeliveryStatus.SENDING, claimed_at=now))
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    status_code, error = _post(delivery)
    attempts = delivery.attempts + 1
    # A delivered one keeps the error of its last failed attempt, if any: the log tells how it went.
    update: dict[str, Any] = {"attempts": attempts, "status_code": status_code, "claimed_at": None}
    delay = None
    if not error:
        update.update(status=DeliveryStatus.DELIVERED, delivered_at=timezone.now(), next_attempt_at=None)
    elif attempts <= len(settings.WEBHOOK_RETRY_DELAYS):
        delay = settings.WEBHOOK_RETRY_DELAYS[attempts - 1]
        update.update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now() + timedelta(seconds=delay))
    else:
        update.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
    if error:
        update["last_error"] = error[:ERROR_MAX]
    Delivery.objects.filter(pk=delivery_id).update(**update)
    log.info("webhook=%s delivery=%s event=%s attempt=%s status=%s error=%s", delivery.webhook_id, delivery.uid,
             delivery.event, attempts, status_code, error or "-")
    return delay


def _post(delivery: Delivery) -> tuple[int | None, str]:
    """POST the delivery's body, signed now; ``(status code or None, error or "")``.

    When VOICECRM_WEBHOOK_PRIVATE_NETWORK is off, the host name is resolved once per attempt and the connection
    is made to that address (the Host header and the TLS server name stay the URL's): an address that is not
    public is refused, and a DNS answer that changes between the check and the connection (rebinding) cannot
    send the request inside. requests-hardened does the pinning (Saleor's webhook client)."""
    body = delivery.body.encode()
    timestamp = int(time.time())
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               "X-VoiceCRM-Event": delivery.event, "X-VoiceCRM-Delivery": str(delivery.uid),
               "X-VoiceCRM-Timestamp": str(timestamp),
               "X-VoiceCRM-Signature": signature(secret=delivery.webhook.secret, timestamp=timestamp, body=body)}
    timeout = settings.WEBHOOK_TIMEOUT
    url = delivery.webhook.url
    host = urlsplit(url).hostname or ""
    config = Config(ip_filter_enable=not settings.WEBHOOK_PRIVATE_NETWORK, ip_filter_allow_loopback_ips=False,
                    never_redirect=True, default_timeout=(timeout, timeout))
    try:
        # Streamed: the body of a 2xx answer is never read, and of another only its start, for the log.
        with HTTPSession(config) as session, session.post(url, data=body, headers=headers, timeout=(timeout, timeout),
                                                          allow_redirects=False, stream=True) as answer:
            code = answer.status_code
            if 200 <= code < 300:
                return code, ""
            if 300 <= code < 400:
                return code, f"HTTP {code}: redirects are not followed; register the final URL"
            return code, f"HTTP {code}: {_excerpt(answer, seconds=timeout)}".strip()
    except InvalidIPAddress as exc:
        return None, (f"refused: {host} resolves to {exc.args[0]}, a private or local address this server does "
                      "not send to (VOICECRM_WEBHOOK_PRIVATE_NETWORK)")
    except requests.Timeout:
        return None, f"timeout: no answer within {timeout:g} s"
    except requests.ConnectionError as exc:
        if isinstance(exc.__cause__, socket.gaierror):
            return None, f"connection failed: {host} cannot be resolved ({exc.__cause__})"
        return None, f"connection failed: {_reason(exc)}"
    except requests.RequestException as exc:
        return None, f"request failed: {_reason(exc)}"


def _excerpt(answer: requests.Response, *, seconds: float) -> str:
    """The first ERROR_MAX bytes of an answer's body as one line, or what came of it within `seconds` (a receiver
    that trickles its body does not hold the worker)."""
    data, deadline = b"", time.monotonic() + seconds
    try:
        for chunk in answer.iter_content(chunk_size=128):
            data += chunk
            if len(data) >= ERROR_MAX or time.monotonic() > deadline:
                break
    except requests.RequestException:
        pass
    return " ".join(data[:ERROR_MAX].decode("utf-8", "replace").split())


def _reason(exc: Exception) -> str:
    """The innermost reason of a requests error ("[Errno 111] Connection refused"), not its whole chain."""
    while exc.args and isinstance(exc.args[0], Exception):
        exc = exc.args[0]
    reason = getattr(exc, "reason", None)
    return str(reason or exc)


def deliveries_owed(*, older_than: float) -> list[int]:
    """Ids of deliveries the queue may have lost: pending and due for more than `older_than` seconds, or
    sending for longer than a worker can take (a worker that died mid-attempt; those go back to pending)."""
    now = timezone.now()
    stuck_since = now - timedelta(seconds=3 * settings.WEBHOOK_TIMEOUT + older_than)
    Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=stuck_since).update(
        status=DeliveryStatus.PENDING, claimed_at=None, next_attempt_at=now)
    return list(Delivery.objects.filter(status=DeliveryStatus.PENDING,
                                        next_attempt_at__lt=now - timedelta(seconds=older_than))
                .values_list("id", flat=True)[:500])


def deliveries_expire() -> int:
    """Delete sent and failed deliveries older than WEBHOOK_LOG_DAYS, of every webhook (also of those that
    receive nothing new, whose log is otherwise trimmed as deliveries are added). Returns how many went."""
    cutoff = timezone.now() - timedelta(days=settings.WEBHOOK_LOG_DAYS)
    deleted, _kinds = Delivery.objects.filter(status__in=(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED),
                                         created_at__lt=cutoff).delete()
    return deleted
