"""Intake: accept an uploaded recording (checks, storage, its record, its job queued), and settle the
values a recording heard with low confidence (suggestions)."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pydantic import ValidationError

from voicecrm.crm.models import ClientChange
from voicecrm.crm.selectors import client_get
from voicecrm.crm.services import client_update
from voicecrm.extraction import validate_client_fields
from voicecrm.pipeline.tasks import record_enqueue
from voicecrm.speech import SUPPORTED, sniff_audio_format

from .models import AudioRecord
from .ratelimit import upload_retry_after
from .uploads import StoredAudio

log = logging.getLogger("voicecrm.jobs")

LANGUAGES = ("fr", "en")


class UploadError(Exception):
    """An upload refused with an HTTP status, a stable `code` (README, Errors) and a message for the user in
    the request's language."""

    def __init__(self, status: int, detail: str, *, code: str, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.retry_after = retry_after


# --- Upload ---------------------------------------------------------------------------------------

def parse_language(value: str | None) -> str:
    """'' means auto-detect; 'fr' or 'en' force the language; anything else is refused."""
    value = (value or "").strip().lower()
    if value in ("", "auto"):
        return ""
    if value not in LANGUAGES:
        raise UploadError(400, _("unknown language %(value)r: use 'fr', 'en', or leave it out to detect it.")
                          % {"value": value}, code="invalid_language")
    return value


def parse_recorded_at(value: str | None) -> datetime | None:
    """When a recording was made, from ISO 8601 with its UTC offset ("2026-12-01T09:30:00+01:00", "…Z");
    None when absent (the upload time applies).

    Raises:
        UploadError: 400 for an unreadable value or one without an offset (its wall-clock time is needed to
            read "tomorrow at ten", and the offset to place it).
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise UploadError(400, _("recorded_at is not an ISO 8601 date-time (got %(value)r): send the local "
                                 "time with its offset, e.g. 2026-12-01T09:30:00+01:00.") % {"value": value[:40]},
                          code="invalid_recorded_at")
    if not 1900 <= moment.year <= 9998:
        raise UploadError(400, _("recorded_at is out of range (got %(value)r).") % {"value": value[:40]},
                          code="invalid_recorded_at")
    if moment.utcoffset() is None:
        raise UploadError(400, _("recorded_at has no UTC offset (got %(value)r): send the local time with its "
                                 "offset, e.g. 2026-12-01T09:30:00+01:00.") % {"value": value[:40]},
                          code="invalid_recorded_at")
    return moment


def audio_upload(*, owner: AbstractBaseUser, audio: UploadedFile | None, client_id: Any = None,
                 language: str | None = None, recorded_at: str | None = None) -> AudioRecord:
    """Check and store a recording, create its record and queue its job; nothing is transcribed here.

    Args:
        owner: the user uploading.
        audio: the file; it may already be in storage (StoredAudio, from the API's upload handler): it is
            then kept under its final name, or removed if the upload is refused.
        client_id: the owner's client the recording updates (a number, or a numeric string), or None.
        language: "fr", "en", or ""/None/"auto" to let the speech model detect it.
        recorded_at: when it was recorded, ISO 8601 with its UTC offset (parse_recorded_at); None: now. Its
            spoken dates ("tomorrow at ten") are read in that offset's wall-clock time.

    Returns:
        The new AudioRecord, pending; its job is queued when the transaction commits.

    Raises:
        UploadError: with the HTTP status to answer — 400 (no file, empty file, unknown language, bad
            client_id, bad recorded_at), 404 (not the owner's client), 413 (over VOICECRM_UPLOAD_MAX_MB),
            415 (not audio), 429 (over VOICECRM_UPLOAD_RATE, with ``retry_after`` seconds), 507/500 (could not
            be stored).
    """
    if not isinstance(audio, StoredAudio):
        return _audio_upload(owner=owner, audio=audio, client_id=client_id, language=language,
                             recorded_at=recorded_at)
    try:
        return _audio_upload(owner=owner, audio=audio, client_id=client_id, language=language,
                             recorded_at=recorded_at)
    except BaseException:
        audio.close()
        _delete_partial(audio.stored_name)
        raise


def _audio_upload(*, owner: AbstractBaseUser, audio: UploadedFile | None, client_id: Any,
                  language: str | None, recorded_at: str | None) -> AudioRecord:
    language = parse_language(language)
    recorded = parse_recorded_at(recorded_at)
    if audio is None:
        raise UploadError(400, _("no audio file: send the recording as the multipart field 'audio'."),
                          code="no_audio")
    if not audio.size:
        raise UploadError(400, _("the audio file is empty (0 bytes). Record again."), code="audio_empty")
    max_bytes = settings.UPLOAD_MAX_MB * 1024 * 1024
    if audio.size > max_bytes:
        raise UploadError(413, _("the audio file is %(size)s MB; the limit is %(limit)s MB. Record shorter "
                                 "notes.") % {"size": number_format(round(audio.size / 1048576, 1)),
                                              "limit": number_format(settings.UPLOAD_MAX_MB)},
                          code="too_large")
    audio.seek(0)
    container = sniff_audio_format(audio.read(64))
    if container is None:
        raise UploadError(415, _("not an audio file (%(type)s): send one of %(formats)s.")
                          % {"type": audio.content_type or _("unknown type"), "formats": SUPPORTED},
                          code="not_audio")
    client = None
    if client_id not in (None, ""):
        try:
            client = client_get(user=owner, client_id=int(client_id))
        except (TypeError, ValueError):
            raise UploadError(400, _("client_id must be a number (got %(value)r).") % {"value": client_id},
                              code="invalid_client_id") from None
        if client is None:
            raise UploadError(404, _("no client %(id)s.") % {"id": client_id}, code="not_found")
    _check_upload_rate(owner)

    if isinstance(audio, StoredAudio):
        # Written and hashed while it arrived: it only takes the name that says what it holds.
        sha256, stored = audio.sha256, _stored_name(audio.stored_name, container)
        try:
            os.replace(default_storage.path(audio.stored_name), default_storage.path(stored))
        except OSError as exc:
            raise storage_error(exc) from exc
        audio.stored_name = stored
    else:
        digest = hashlib.sha256()
        audio.seek(0)
        for chunk in audio.chunks():
            digest.update(chunk)
        audio.seek(0)
        sha256, name = digest.hexdigest(), f"audio/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{container}"
        try:
            stored = default_storage.save(name, audio)
        except OSError as exc:
            _delete_partial(name)
            raise storage_error(exc) from exc
    try:
        with transaction.atomic():
            if connection.vendor != "sqlite":
                # Serialise this user's uploads so that concurrent requests cannot all slip under the limit.
                # (SQLite needs no row lock: BEGIN IMMEDIATE holds the database's only write lock.)
                get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
            _check_upload_rate(owner)
            record = AudioRecord.objects.create(
                owner=owner, client=client, file=stored, original_name=_safe_name(audio.name),
                content_type=(audio.content_type or "")[:100], container=container, size=audio.size,
                sha256=sha256, language_requested=language, enqueued_at=timezone.now(),
                recorded_at=recorded or timezone.now(),
                recorded_utc_offset=None if recorded is None else int(recorded.utcoffset().total_seconds() // 60))
            transaction.on_commit(lambda: record_enqueue(record=record, stamped=True))
    except BaseException:
        default_storage.delete(stored)
        raise
    log.info("record=%s uploaded size=%d container=%s client=%s", record.pk, record.size, container,
             client.pk if client else None)
    return record


def storage_error(exc: OSError) -> UploadError:
    """The answer to a recording that could not be written: 507 for a full disk, 500 otherwise."""
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    log.error("upload could not be stored: %s", exc)
    # The reason, not the path: the server's folders are none of the caller's business.
    if full:
        return UploadError(507, _("the recording could not be stored: the server's disk is full. Nothing was "
                                  "saved; try again later."), code="storage_full")
    return UploadError(500, _("the recording could not be stored (%(reason)s). Nothing was saved; try again "
                              "later.") % {"reason": (exc.strerror or "storage error").lower()},
                       code="storage_error")


def _stored_name(temporary: str, container: str) -> str:
    return f"{temporary.rsplit('.', 1)[0]}.{container}"


def _check_upload_rate(owner: AbstractBaseUser) -> None:
    retry_after = upload_retry_after(user=owner, rate=settings.UPLOAD_RATE)
    if retry_after is not None:
        raise UploadError(429, _("too many uploads: the limit is %(rate)s per user. Try again in %(seconds)s s.")
                          % {"rate": settings.UPLOAD_RATE, "seconds": retry_after}, code="rate_limited",
                          retry_after=retry_after)


def _delete_partial(name: str) -> None:
    """Remove what a failed save may have written (a disk that filled up mid-file)."""
    try:
        default_storage.delete(name)
    except (FileNotFoundError, NotADirectoryError):
        pass  # nothing was written
    except OSError:
        log.warning("partial upload %s could not be removed", name, exc_info=True)


def _safe_name(name: str | None) -> str:
    """The client's file name, for display only: no path, no control characters, bounded."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in base if c.isprintable())[:200]


# --- Suggestions ----------------------------------------------------------------------------------

class SuggestionError(Exception):
    """A suggestion that cannot be accepted: it is gone, or its value does not validate any more."""


def suggestion_resolve(*, record: AudioRecord, field: str, accept: bool,
                       user: AbstractBaseUser) -> list[ClientChange]:
    """Accept (store the value on the record's client, as a user's edit) or dismiss a low-confidence value.

    Either way the suggestion leaves the recording, so it is offered once. Returns the client changes made.

    Raises:
        SuggestionError: no such suggestion (the API answers 404), or its value no longer validates (400).
    """
    with transaction.atomic():
        locked = AudioRecord.objects.select_for_update().select_related("client").get(pk=record.pk)
        suggestion = (locked.suggestions or {}).get(field)
        if suggestion is None or locked.client is None:
            raise SuggestionError(_("no suggestion for %(field)r on recording %(id)d")
                                  % {"field": field, "id": record.pk})
        changes = []
        if accept:
            try:
                values = validate_client_fields({field: suggestion.get("value")},
                                                default_region=settings.DEFAULT_REGION)
            except ValidationError as exc:
                reasons = "; ".join(e["msg"] for e in exc.errors())
                raise SuggestionError(f"{field}: {reasons}") from exc
            changes = client_update(client=locked.client, fields=values, user=user)
        remaining = {name: value for name, value in locked.suggestions.items() if name != field}
        AudioRecord.objects.filter(pk=locked.pk).update(suggestions=remaining)
    record.suggestions = remaining
    return changes
