"""Reading a user's settings: their time zone and who a calendar feed's secret belongs to."""

from __future__ import annotations

import zoneinfo

import phonenumbers
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from voicecrm.extraction.normalize import LANGUAGE_REGIONS

from .models import UserSettings


def user_time_zone(*, user: AbstractBaseUser | int) -> zoneinfo.ZoneInfo:
    """The zone the user's dates are read and shown in: their own, else the server's VOICECRM_TIME_ZONE.

    Args:
        user: the user or their id.
    """
    name = UserSettings.objects.filter(user=user).values_list("time_zone", flat=True).first()
    try:
        return zoneinfo.ZoneInfo(name or settings.DEFAULT_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        # A zone removed from the tz database since it was chosen: the server's default.
        return zoneinfo.ZoneInfo(settings.DEFAULT_TIME_ZONE)


def user_reviews_before_apply(*, user: AbstractBaseUser | int) -> bool:
    """Whether the user asked to review every recording before it is applied (UserSettings.review_before_apply;
    False when they have no settings row)."""
    return bool(UserSettings.objects.filter(user=user).values_list("review_before_apply", flat=True).first())


def user_phone_region(*, user: AbstractBaseUser | int, language: str | None = None) -> str:
    """The region (ISO 3166-1 alpha-2, "FR", "US") the user's phone numbers are read in when written or said
    without a country code, and shown in national format: their own choice (UserSettings.phone_region), else
    the home region of the UI language they use (`language`: "fr" → FR, "en" → US, "en-gb" → GB), else the
    server's VOICECRM_DEFAULT_REGION.

    Args:
        user: the user or their id.
        language: the request's language code (django.utils.translation.get_language()); None in a worker.
    """
    return user_phone_region_choice(user=user) or language_region(language) or settings.DEFAULT_REGION


def user_phone_region_choice(*, user: AbstractBaseUser | int) -> str:
    """The phone region the user chose in their settings, or "" (then it follows their UI language)."""
    return UserSettings.objects.filter(user=user).values_list("phone_region", flat=True).first() or ""


def language_region(language: str | None) -> str | None:
    """The region a UI language's phone numbers belong to: its region subtag ("en-gb" → GB), else its home
    plan (extraction's LANGUAGE_REGIONS: fr → FR, en → US, the most common reading); None for no language."""
    code = (language or "").lower().replace("_", "-")
    base, _, subtag = code.partition("-")
    if len(subtag) == 2 and subtag.upper() in phonenumbers.SUPPORTED_REGIONS:
        return subtag.upper()
    return LANGUAGE_REGIONS.get(base)


def calendar_secret_get(*, user: AbstractBaseUser) -> str | None:
    """The secret of the user's calendar feed, or None when they have none (never made, or revoked)."""
    return UserSettings.objects.filter(user=user).values_list("calendar_secret", flat=True).first()


def calendar_feed_user(*, secret: str) -> AbstractBaseUser | None:
    """The active user whose calendar feed `secret` opens, or None (unknown, revoked, inactive: a 404)."""
    if not secret:
        return None
    found = (UserSettings.objects.select_related("user")
             .filter(calendar_secret=secret, user__is_active=True).first())
    return found.user if found else None
