"""Issuing, checking and revoking API tokens; a user's notification preferences, time zone and calendar feed."""

from __future__ import annotations

import functools
import hashlib
import secrets
import zoneinfo

import phonenumbers
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, NotificationPreference, UserSettings

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


def token_revoke_id(*, user: AbstractBaseUser, token_id: int) -> bool:
    """Revoke one of the user's active tokens by its id (as `GET /api/auth/tokens` lists it): exactly that
    one, never every token a shorter string would match; False when the user has no such active token."""
    return bool(ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()))


def token_revoke_all(*, user: AbstractBaseUser) -> int:
    """Revoke every token of the user; returns how many were revoked."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def notification_preference_set(*, user: AbstractBaseUser, email: bool | None = None,
                                channels: bool | None = None, digest: bool | None = None) -> NotificationPreference:
    """Opt in or out of notifications by email and by the team's Apprise channels, and of the morning digest of
    the day's tasks (sent by those channels); None leaves a choice as it is."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    if email is not None:
        preference.email = email
    if channels is not None:
        preference.channels = channels
    if digest is not None:
        preference.digest = digest
    preference.save()
    return preference


class InvalidTimeZoneError(ValueError):
    """Not a time zone of the IANA database (the API answers 400)."""


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_validate(name: str) -> str:
    """`name` stripped, if it is an IANA time zone ("Europe/Paris", "America/New_York", "UTC").

    Raises:
        InvalidTimeZoneError: not a zone name of the tz database (an offset such as "+01:00" is not one).
    """
    name = (name or "").strip()
    if name not in _time_zones():
        raise InvalidTimeZoneError(_("unknown time zone %(name)r: use an IANA name such as Europe/Paris")
                                   % {"name": name})
    return name


def user_settings_set(*, user: AbstractBaseUser, time_zone: str) -> UserSettings:
    """Set the user's time zone (validated: time_zone_validate). Raises InvalidTimeZoneError."""
    name = time_zone_validate(time_zone)
    preferences, _created = UserSettings.objects.get_or_create(user=user)
    preferences.time_zone = name
    preferences.save(update_fields=["time_zone"])
    return preferences


def review_before_apply_set(*, user: AbstractBaseUser, enabled: bool) -> UserSettings:
    """Whether every recording of the user waits as a proposal for their decision before it is applied."""
    preferences, _created = UserSettings.objects.get_or_create(user=user)
    preferences.review_before_apply = enabled
    preferences.save(update_fields=["review_before_apply"])
    return preferences


class InvalidPhoneRegionError(ValueError):
    """Not a region libphonenumber knows (the API answers 400)."""


def phone_region_set(*, user: AbstractBaseUser, region: str) -> UserSettings:
    """Set the region the user's phone numbers are read and shown in (ISO 3166-1 alpha-2, any case: "us");
    empty: follow the UI language (accounts.selectors.user_phone_region).

    Raises:
        InvalidPhoneRegionError: not a region of libphonenumber's metadata (phonenumbers.SUPPORTED_REGIONS).
    """
    region = (region or "").strip().upper()
    if region and region not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidPhoneRegionError(_("unknown phone region %(region)r: use a two-letter country code such as "
                                        "FR, US or GB") % {"region": region})
    preferences, _created = UserSettings.objects.get_or_create(user=user)
    preferences.phone_region = region
    preferences.save(update_fields=["phone_region"])
    return preferences


def calendar_secret_rotate(*, user: AbstractBaseUser) -> str:
    """Give the user a new calendar feed secret (about 190 random bits, URL-safe) and return it; the old
    one stops working at once."""
    preferences, _created = UserSettings.objects.get_or_create(user=user)
    preferences.calendar_secret = secrets.token_urlsafe(24)
    preferences.save(update_fields=["calendar_secret"])
    return preferences.calendar_secret


def calendar_secret_revoke(*, user: AbstractBaseUser) -> bool:
    """Remove the user's calendar feed secret; its URL answers 404 from now on. False when there was none."""
    return bool(UserSettings.objects.filter(user=user, calendar_secret__isnull=False)
                .update(calendar_secret=None))
