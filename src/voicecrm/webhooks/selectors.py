"""Reading webhooks and their delivery logs: only the owner's."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from .models import Delivery, Webhook


def webhooks_for_user(*, user: AbstractBaseUser) -> QuerySet[Webhook]:
    """The user's webhooks, oldest first."""
    return Webhook.objects.filter(owner=user)


def webhook_get(*, user: AbstractBaseUser, webhook_id: int) -> Webhook | None:
    """One of the user's webhooks, or None (unknown, or another user's)."""
    return webhooks_for_user(user=user).filter(pk=webhook_id).first()


def deliveries_for_webhook(*, webhook: Webhook) -> QuerySet[Delivery]:
    """The webhook's delivery log, newest first."""
    return Delivery.objects.filter(webhook=webhook).order_by("-id")
