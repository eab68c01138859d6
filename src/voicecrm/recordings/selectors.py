"""Reading recordings, always through the owner."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from .models import AudioRecord


def records_for_user(*, user: AbstractBaseUser, all_users: bool = False) -> QuerySet[AudioRecord]:
    """A user's own recordings; staff may ask for everyone's (the jobs page)."""
    records = AudioRecord.objects.select_related("client")
    if all_users and user.is_staff:
        return records
    return records.filter(owner=user)


def record_get(*, user: AbstractBaseUser, record_id: int) -> AudioRecord | None:
    return records_for_user(user=user).filter(pk=record_id).first()
