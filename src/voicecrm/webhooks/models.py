import uuid

from django.conf import settings
from django.db import models


class Event(models.TextChoices):
    """What a webhook can subscribe to; ``ping`` is only sent by the test button."""

    CLIENT_CREATED = "client.created"
    CLIENT_UPDATED = "client.updated"
    CLIENT_DELETED = "client.deleted"
    RECORDING_COMPLETED = "recording.completed"
    RECORDING_FAILED = "recording.failed"
    TASK_CREATED = "task.created"
    TASK_DONE = "task.done"
    PING = "ping"


# The events a webhook may subscribe to (all but ping).
EVENTS = tuple(event.value for event in Event if event != Event.PING)


class Webhook(models.Model):
    """An HTTPS URL told of its owner's events (of every user's, for a staff owner who asks), signed with a secret."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks")
    url = models.CharField(max_length=2000)
    # The HMAC-SHA256 key of the signature; the receiver holds the same.
    secret = models.CharField(max_length=100)
    events = models.JSONField(default=list, help_text="the event names subscribed to")
    all_users = models.BooleanField(default=False, help_text="staff only: the events of every user")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending"      # waiting for its first attempt or its next retry (next_attempt_at)
    SENDING = "sending"      # a worker is sending it now
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"        # no attempt left


class Delivery(models.Model):
    """One event sent to one webhook: the exact body signed and sent, and how its attempts went."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False,
                           help_text="the body's id and X-VoiceCRM-Delivery; the same on every retry")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32)
    body = models.TextField(help_text="the JSON sent, byte for byte (UTF-8)")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="of the last attempt")
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="when a worker began sending it")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhooks_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} → webhook {self.webhook_id} ({self.status})"
