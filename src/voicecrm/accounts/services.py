"""Issuing, checking and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .models import ApiToken, NotificationPreference

TOKEN_PREFIX = "vcrm_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: AbstractBaseUser, name: str = "") -> str:
    """Create a token and return it in clear; it cannot be read back later."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=key[:12], key_hash=_hash(key))
    return key


def token_user(*, key: str) -> AbstractBaseUser | None:
    """The active user a token belongs to, or None for an unknown or revoked token."""
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True).first())
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def token_revoke(*, user: AbstractBaseUser, prefix: str) -> int:
    """Revoke the user's tokens that start with `prefix` (as listed); returns how many were revoked."""
    return ApiToken.objects.filter(user=user, prefix=prefix, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def token_revoke_all(*, user: AbstractBaseUser) -> int:
    """Revoke every token of the user; returns how many were revoked."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def notification_preference_set(*, user: AbstractBaseUser, email: bool | None = None,
                                channels: bool | None = None) -> NotificationPreference:
    """Opt in or out of notifications by email and by the team's Apprise channels."""
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    if email is not None:
        preference.email = email
    if channels is not None:
        preference.channels = channels
    preference.save()
    return preference
