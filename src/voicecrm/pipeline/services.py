"""What users and commands ask of the pipeline: retry failed recordings (API, web app, `voicecrm jobs`)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from voicecrm.recordings.models import AudioRecord, Stage, Status

from .tasks import record_enqueue


def record_retry(*, record: AudioRecord) -> bool:
    """Put a failed record back in the queue with a fresh attempt budget (VOICECRM_MAX_ATTEMPTS).

    Returns False when the record is not failed (the API answers 409).
    """
    with transaction.atomic():
        updated = AudioRecord.objects.filter(pk=record.pk, status=Status.FAILED).update(
            status=Status.PENDING, stage=Stage.QUEUED, attempts_in_budget=0, error="", next_attempt_at=None,
            processed_at=None, enqueued_at=None)
        if updated:
            transaction.on_commit(lambda: record_enqueue(record=record))
    return bool(updated)


def record_reprocess(*, record: AudioRecord, text: str) -> bool:
    """Run a recording's job again on text the user corrected or typed, through the same path (extraction,
    confidence, client, interaction, tasks, history), without transcribing the audio again.

    Allowed for a failed recording, or a completed one that applied nothing because its transcript was
    flagged for review; False otherwise (the API answers 409): a recording already applied is not
    applied twice. ``text`` must not be blank (ValueError; the API answers 400).
    """
    text = (text or "").strip()
    if not text:
        raise ValueError("the text is empty: type what was said")
    eligible = Q(status=Status.FAILED) | Q(status=Status.COMPLETED, review__isnull=False)
    with transaction.atomic():
        updated = AudioRecord.objects.filter(eligible, pk=record.pk).update(
            status=Status.PENDING, stage=Stage.QUEUED, attempts_in_budget=0, error="", next_attempt_at=None,
            processed_at=None, enqueued_at=None, review=None, edited_text=text)
        if updated:
            transaction.on_commit(lambda: record_enqueue(record=record))
    return bool(updated)


def records_retry_failed(*, owner: AbstractBaseUser | None = None) -> int:
    """Retry every failed record of `owner` (of everyone when None); returns how many went back to the queue."""
    records = AudioRecord.objects.filter(status=Status.FAILED)
    if owner is not None:
        records = records.filter(owner=owner)
    return sum(record_retry(record=record) for record in records)
