"""Reading a user's settings: their time zone and who a calendar feed's secret belongs to."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

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
