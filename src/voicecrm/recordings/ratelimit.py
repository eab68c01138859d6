"""Upload rate limit per user, counted from the recordings table so every web process sees the same count."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .models import AudioRecord

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: float


def parse_rate(value: str) -> Rate:
    """'10/m', '100/h', '5/30s' (5 per 30 seconds); a count of 0 turns the limit off."""
    match = _RATE.match(value)
    if not match:
        raise ValueError(f"VOICECRM_UPLOAD_RATE must look like 10/m, 100/h or 5/30s (got {value!r})")
    count, multiplier, unit = match.groups()
    return Rate(count=int(count), seconds=int(multiplier or 1) * _UNITS[unit])


def upload_retry_after(*, user: AbstractBaseUser, rate: str, now: datetime | None = None) -> int | None:
    """Seconds before `user` may upload again under `rate`, or None when an upload is allowed now."""
    limit = parse_rate(rate)
    if limit.count <= 0:
        return None
    now = now or timezone.now()
    window = timedelta(seconds=limit.seconds)
    recent = list(AudioRecord.objects.filter(owner=user, created_at__gt=now - window)
                  .order_by("-created_at").values_list("created_at", flat=True)[:limit.count])
    if len(recent) < limit.count:
        return None
    # The oldest upload that still counts leaves the window first.
    return max(1, math.ceil((recent[-1] + window - now).total_seconds()))
