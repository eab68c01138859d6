"""The webhooks API under /api/webhooks: register, change, delete, reveal the secret, read the delivery log,
send a test (``ping``); only the caller's webhooks."""

from datetime import datetime

from ninja import Field, Query, Router, Schema, Status

from voicecrm.errors import ErrorOut

from .models import EVENTS, Delivery
from .selectors import deliveries_for_webhook, webhook_get, webhooks_for_user
from .services import (
    InvalidWebhookError,
    webhook_create,
    webhook_delete,
    webhook_ping,
    webhook_secret_rotate,
    webhook_update,
)
from .tasks import deliveries_enqueue

router = Router(tags=["webhooks"])


# Every API error: {"detail", "code"} (the code filled from the status when an endpoint gives none).
Error = ErrorOut


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    all_users: bool = Field(description="staff only: receives every user's events")
    active: bool
    created_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(description="the HMAC-SHA256 key of X-VoiceCRM-Signature")


class SecretOut(Schema):
    secret: str


class WebhookIn(Schema):
    url: str
    events: list[str] = Field(description=f"any of: {', '.join(EVENTS)}")
    all_users: bool = False


class WebhookPatch(Schema):
    url: str | None = None
    events: list[str] | None = None
    active: bool | None = None
    all_users: bool | None = None


class DeliveryOut(Schema):
    id: str = Field(description="the body's id and X-VoiceCRM-Delivery")
    event: str
    status: str = Field(description="pending (first attempt or retry to come), sending, delivered or failed")
    attempts: int
    status_code: int | None = Field(description="the receiver's answer to the last attempt")
    last_error: str | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_id(obj: Delivery) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_last_error(obj: Delivery) -> str | None:
        return obj.last_error or None


class DeliveryPage(Schema):
    count: int
    results: list[DeliveryOut]


class Page(Schema):
    limit: int = 50
    offset: int = 0


def _missing(webhook_id: int):
    return Status(404, {"detail": f"no webhook {webhook_id}"})


@router.get("", response=list[WebhookOut])
def list_webhooks(request):
    """The caller's webhooks, oldest first (without their secrets: GET /{id}/secret)."""
    return list(webhooks_for_user(user=request.user))


@router.post("", response={201: WebhookCreated, 400: Error})
def create_webhook(request, payload: WebhookIn):
    """Register a URL for some events; the answer holds its new secret. 400: a URL that is not https:// (plain
    http:// only to localhost), an unknown or no event, `all_users` asked by someone not staff."""
    try:
        webhook = webhook_create(owner=request.user, url=payload.url, events=payload.events,
                                 all_users=payload.all_users)
    except InvalidWebhookError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, webhook)


@router.get("/{webhook_id}", response={200: WebhookOut, 404: Error})
def get_webhook(request, webhook_id: int):
    """One of the caller's webhooks; 404 for an unknown id or another user's."""
    webhook = webhook_get(user=request.user, webhook_id=webhook_id)
    return Status(200, webhook) if webhook else _missing(webhook_id)


@router.patch("/{webhook_id}", response={200: WebhookOut, 400: Error, 404: Error})
def patch_webhook(request, webhook_id: int, payload: WebhookPatch):
    """Change the URL, the events, `active` (false: no new deliveries) or `all_users`; a field left out is kept,
    one sent as null is refused (400), as are values POST refuses."""
    webhook = webhook_get(user=request.user, webhook_id=webhook_id)
    if webhook is None:
        return _missing(webhook_id)
    cleared = sorted(name for name in payload.model_fields_set if getattr(payload, name) is None)
    if cleared:
        return Status(400, {"detail": f"{', '.join(cleared)} cannot be null: leave it out to keep it"})
    try:
        webhook_update(webhook=webhook, url=payload.url, events=payload.events, active=payload.active,
                       all_users=payload.all_users)
    except InvalidWebhookError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, webhook)


@router.delete("/{webhook_id}", response={204: None, 404: Error})
def delete_webhook(request, webhook_id: int):
    """Delete the webhook and its delivery log; 204, or 404."""
    webhook = webhook_get(user=request.user, webhook_id=webhook_id)
    if webhook is None:
        return _missing(webhook_id)
    webhook_delete(webhook=webhook)
    return Status(204, None)


@router.get("/{webhook_id}/secret", response={200: SecretOut, 404: Error})
def get_secret(request, webhook_id: int):
    """The webhook's secret, to configure the receiver; 404 as for GET."""
    webhook = webhook_get(user=request.user, webhook_id=webhook_id)
    return Status(200, {"secret": webhook.secret}) if webhook else _missing(webhook_id)


@router.post("/{webhook_id}/secret", response={200: SecretOut, 404: Error})
def rotate_secret(request, webhook_id: int):
    """A new secret (the old one stops signing at once, retries included); 404 as for GET."""
    webhook = webhook_get(user=request.user, webhook_id=webhook_id)
    if webhook is None:
        return _missing(webhook_id)
    return Status(200, {"secret": webhook_secret_rotate(webhook=webhook).secret})


@router.get("/{webhook_id}/deliveries", response={200: DeliveryPage, 404: Error})
def list_deliveries(request, webhook_id: int, page: Query[Page]):
    """The webhook's delivery log, newest first (the last WEBHOOK_LOG_SIZE, at most WEBHOOK_LOG_DAYS old),
    paged by `limit` (1–500) and `offset`; 404 as for GET."""
    webhook = webhook_get(user=request.user, webhook_id=webhook_id)
    if webhook is None:
        return _missing(webhook_id)
    deliveries = deliveries_for_webhook(webhook=webhook)
    limit, offset = max(1, min(page.limit, 500)), max(0, page.offset)
    return Status(200, {"count": deliveries.count(), "results": list(deliveries[offset:offset + limit])})


@router.post("/{webhook_id}/test", response={202: DeliveryOut, 404: Error})
def test_webhook(request, webhook_id: int):
    """Queue a ``ping`` delivery to the webhook (sent by the worker, retried like any other); 202 with the
    delivery, to follow in the log; 404 as for GET."""
    webhook = webhook_get(user=request.user, webhook_id=webhook_id)
    if webhook is None:
        return _missing(webhook_id)
    delivery = webhook_ping(webhook=webhook)
    deliveries_enqueue([delivery])
    return Status(202, delivery)
