"""Recordings: accept an upload, run its job, retry it, and take back jobs whose worker died."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from voicecrm.crm.models import Client
from voicecrm.crm.selectors import client_get
from voicecrm.crm.services import client_find_match, client_merge_extraction, client_record
from voicecrm.extraction import Extraction, ExtractionError, TransientExtractionError
from voicecrm.speech import SUPPORTED, PermanentAudioError, sniff_audio_format

from . import engines
from .models import AudioRecord, JobAttempt, Outcome, Stage, Status
from .queue import queued_record_ids, record_enqueue
from .uploads import StoredAudio

log = logging.getLogger("voicecrm.jobs")

LANGUAGES = ("fr", "en")


class UploadError(Exception):
    """An upload refused with an HTTP status and a message for the user."""

    def __init__(self, status: int, detail: str, *, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.retry_after = retry_after


class PermanentJobError(Exception):
    """The recording can never give a client (e.g. speech that names nobody); retrying cannot help."""


def _worker_id() -> str:
    # Process workers are forked: the id must name the process that runs the job.
    return f"{socket.gethostname()}:{os.getpid()}"


# --- Upload ---------------------------------------------------------------------------------------

def parse_language(value: str | None) -> str:
    """'' means auto-detect; 'fr' or 'en' force the language; anything else is refused."""
    value = (value or "").strip().lower()
    if value in ("", "auto"):
        return ""
    if value not in LANGUAGES:
        raise UploadError(400, f"unknown language {value!r}: use 'fr', 'en', or leave it out to auto-detect")
    return value


def audio_upload(*, owner: AbstractBaseUser, audio: UploadedFile | None, client_id: Any = None,
                 language: str | None = None) -> AudioRecord:
    """Check and store a recording, create its record and queue its job; nothing is transcribed here.

    `audio` may already be in storage (StoredAudio, from the API's upload handler): it is then kept under
    its final name, or removed if the upload is refused.
    """
    if not isinstance(audio, StoredAudio):
        return _audio_upload(owner=owner, audio=audio, client_id=client_id, language=language)
    try:
        return _audio_upload(owner=owner, audio=audio, client_id=client_id, language=language)
    except BaseException:
        audio.close()
        _delete_partial(audio.stored_name)
        raise


def _audio_upload(*, owner: AbstractBaseUser, audio: UploadedFile | None, client_id: Any,
                  language: str | None) -> AudioRecord:
    language = parse_language(language)
    if audio is None:
        raise UploadError(400, "no audio file: send the recording as the multipart field 'audio'")
    if not audio.size:
        raise UploadError(400, "the audio file is empty (0 bytes)")
    max_bytes = settings.UPLOAD_MAX_MB * 1024 * 1024
    if audio.size > max_bytes:
        raise UploadError(413, f"the audio file is {audio.size / 1048576:.1f} MB; the limit is "
                               f"{settings.UPLOAD_MAX_MB:g} MB")
    audio.seek(0)
    container = sniff_audio_format(audio.read(64))
    if container is None:
        raise UploadError(415, f"not an audio file ({audio.content_type or 'unknown type'}): "
                               f"send one of {SUPPORTED}")
    client = None
    if client_id not in (None, ""):
        try:
            client = client_get(user=owner, client_id=int(client_id))
        except (TypeError, ValueError):
            raise UploadError(400, f"client_id must be a number (got {client_id!r})") from None
        if client is None:
            raise UploadError(404, f"no client {client_id}")
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
                sha256=sha256, language_requested=language, enqueued_at=timezone.now())
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
    reason = "the server's disk is full" if full else (exc.strerror or "storage error").lower()
    return UploadError(507 if full else 500, f"the recording could not be stored ({reason}); "
                                             "nothing was saved, please try again later")


def _stored_name(temporary: str, container: str) -> str:
    return f"{temporary.rsplit('.', 1)[0]}.{container}"


def _check_upload_rate(owner: AbstractBaseUser) -> None:
    from voicecrm.ops.ratelimit import upload_retry_after

    retry_after = upload_retry_after(user=owner, rate=settings.UPLOAD_RATE)
    if retry_after is not None:
        raise UploadError(429, f"too many uploads: the limit is {settings.UPLOAD_RATE} per user; "
                               f"try again in {retry_after}s", retry_after=retry_after)


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


# --- The job --------------------------------------------------------------------------------------

class _Heartbeat:
    """Beats the record's heart while a job runs, so the reaper can tell a live job from a dead one."""

    def __init__(self, record_id: int) -> None:
        self.record_id = record_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{record_id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            while not self._stop.wait(settings.HEARTBEAT_INTERVAL):
                try:
                    AudioRecord.objects.filter(pk=self.record_id, status=Status.PROCESSING).update(
                        heartbeat_at=timezone.now())
                except Exception:
                    log.warning("record=%s heartbeat failed", self.record_id, exc_info=True)
        finally:
            connection.close()


def _claim(record_id: int) -> tuple[AudioRecord, JobAttempt] | None:
    """Move a pending record to processing and open an attempt; None if another delivery owns it."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (AudioRecord.objects
                   .filter(pk=record_id, status=Status.PENDING)
                   .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + timedelta(seconds=1)))
                   .update(status=Status.PROCESSING, stage=Stage.TRANSCRIBING, started_at=now,
                           heartbeat_at=now, worker=_worker_id(),
                           attempts_in_budget=F("attempts_in_budget") + 1))
        if not claimed:
            return None
        record = AudioRecord.objects.select_related("client", "owner").get(pk=record_id)
        number = (record.job_attempts.aggregate(n=Max("number"))["n"] or 0) + 1
        attempt = JobAttempt.objects.create(record=record, number=number, started_at=now, worker=_worker_id())
    return record, attempt


def _stage(record: AudioRecord, attempt: JobAttempt, stage: str, **fields: Any) -> None:
    AudioRecord.objects.filter(pk=record.pk, status=Status.PROCESSING).update(stage=stage, **fields)
    JobAttempt.objects.filter(pk=attempt.pk).update(stage=stage)
    attempt.stage = stage


def _log_stage(record: AudioRecord, attempt: JobAttempt, stage: str, started: float, outcome: str) -> None:
    from voicecrm.ops.timings import stage_timing_record

    seconds = time.monotonic() - started
    log.info("record=%s attempt=%s stage=%s duration=%.3fs outcome=%s", record.pk, attempt.number, stage,
             seconds, outcome)
    stage_timing_record(record_id=record.pk, attempt=attempt.number, stage=stage, outcome=outcome,
                        seconds=seconds)


def _notify(record_id: int) -> None:
    from voicecrm.ops.notifications import record_notify

    record_notify(record_id=record_id)


def audio_seconds(audio: Any) -> float | None:
    """The length of a recording from its container, without decoding it (None when it cannot tell).

    Browsers' webm has no duration in its header, so the packets' timestamps are read to the end.
    """
    import av

    try:
        with av.open(audio) as container:
            if container.duration:
                return container.duration / av.time_base
            stream = next((s for s in container.streams if s.type == "audio"), None)
            if stream is None or stream.time_base is None:
                return None
            end = 0
            for packet in container.demux(stream):
                if packet.pts is not None:
                    end = max(end, packet.pts + (packet.duration or 0))
            return float(end * stream.time_base)
    except (av.error.FFmpegError, ValueError, IndexError, StopIteration):
        return None  # undecodable: the transcriber says why, as a permanent error


def _check_duration(record: AudioRecord) -> None:
    if not record.file:
        raise PermanentJobError("the audio of this recording was deleted (VOICECRM_AUDIO_RETENTION_DAYS); "
                                "it cannot be processed again")
    with record.file.open("rb") as audio:
        seconds = audio_seconds(audio)
    if seconds is not None and seconds > settings.MAX_AUDIO_SECONDS:
        raise PermanentJobError(f"the recording lasts {seconds / 60:.0f} min; the limit is "
                                f"{settings.MAX_AUDIO_SECONDS / 60:g} min (VOICECRM_MAX_AUDIO_SECONDS): "
                                "split it into shorter recordings")


def record_process(*, record_id: int) -> None:
    """Run one attempt of a recording's job: transcribe, extract, then apply and complete atomically."""
    claimed = _claim(record_id)
    if claimed is None:
        log.info("record=%s not pending (already taken, done, or not due yet): skipped", record_id)
        return
    record, attempt = claimed
    stage, started = Stage.TRANSCRIBING, time.monotonic()
    completed = False
    with _Heartbeat(record.pk):
        try:
            _check_duration(record)
            with record.file.open("rb") as audio:
                transcript = engines.transcriber().transcribe(audio, language=record.language_requested or None)
            _log_stage(record, attempt, stage, started, "ok")
            stage, started = Stage.EXTRACTING, time.monotonic()
            _stage(record, attempt, stage, transcription=transcript.text, language=transcript.language or "",
                   duration=transcript.duration)
            existing = client_record(record.client) if record.client else None
            extraction = engines.extractor().extract(transcript.text, language=transcript.language,
                                                     existing=existing)
            _log_stage(record, attempt, stage, started, "ok")
            stage, started = Stage.SAVING, time.monotonic()
            _stage(record, attempt, stage)
            completed = _complete(record, attempt, extraction)
            _log_stage(record, attempt, stage, started, "completed")
        except Exception as exc:
            _log_stage(record, attempt, stage, started, f"error: {type(exc).__name__}")
            _fail_attempt_patiently(record, attempt, exc)
        except (KeyboardInterrupt, SystemExit) as exc:
            _log_stage(record, attempt, stage, started, "interrupted")
            _fail_attempt_patiently(record, attempt, exc)
            raise
    if completed:
        _notify(record.pk)


def _is_interrupt(exc: BaseException) -> bool:
    return isinstance(exc, KeyboardInterrupt | SystemExit)


def _complete(record: AudioRecord, attempt: JobAttempt, extraction: Extraction) -> bool:
    """Apply the fields and mark the record completed in one transaction, once, whoever else runs it.

    False when the attempt had been taken back meanwhile and its result was dropped.
    """
    with transaction.atomic():
        locked = AudioRecord.objects.select_for_update().get(pk=record.pk)
        current = JobAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != Status.PROCESSING or current.outcome != Outcome.RUNNING:
            log.warning("record=%s attempt=%s was taken back while running; its result is dropped",
                        record.pk, attempt.number)
            return False
        values = extraction.values()
        if locked.client_id:
            client, action = Client.objects.select_for_update().get(pk=locked.client_id), "updated"
        else:
            # One writer per owner while matching, so two recordings of one new person make one client.
            get_user_model().objects.select_for_update().filter(pk=locked.owner_id).first()
            client = client_find_match(owner=locked.owner, fields=values)
            action = "updated"
            if client is None:
                if not any(values.get(f) for f in ("first_name", "last_name", "email", "phone", "company")):
                    raise PermanentJobError("no client details found in the recording: say at least a name, "
                                            "an email or a phone number")
                client, action = Client(owner_id=locked.owner_id), "created"
        _changes, suggestions = client_merge_extraction(client=client, extraction=extraction,
                                                        audio_record=locked,
                                                        min_confidence=settings.MIN_CONFIDENCE)
        now = timezone.now()
        AudioRecord.objects.filter(pk=locked.pk).update(
            status=Status.COMPLETED, stage=Stage.DONE, client=client, client_action=action, error="",
            extracted=extraction.to_json(), suggestions=Extraction(fields=suggestions).to_json(),
            processed_at=now, next_attempt_at=None)
        JobAttempt.objects.filter(pk=attempt.pk).update(outcome=Outcome.SUCCEEDED, finished_at=now,
                                                        stage=Stage.SAVING)
    return True


def _is_permanent(exc: BaseException) -> bool:
    if isinstance(exc, TransientExtractionError):
        return False
    return isinstance(exc, PermanentAudioError | PermanentJobError | ExtractionError)


def _error_text(exc: BaseException) -> str:
    from huey.exceptions import TaskTimeout

    if isinstance(exc, TaskTimeout):
        return f"the attempt took longer than {settings.JOB_TIMEOUT:g}s and was stopped"
    if _is_interrupt(exc):
        return "the worker was stopped during the attempt"
    return str(exc) or type(exc).__name__


def retry_delay(attempts_done: int) -> float:
    """Seconds to wait before attempt attempts_done + 1 (VOICECRM_RETRY_DELAYS, last value repeats)."""
    delays = settings.RETRY_DELAYS
    return delays[min(attempts_done - 1, len(delays) - 1)]


def _fail_attempt_patiently(record: AudioRecord, attempt: JobAttempt, exc: BaseException) -> None:
    """Record the failed attempt, waiting out a database that blinks (restart, failover, network cut).

    If it stays away longer, the error propagates and the reaper takes the record back later.
    """
    for pause in (0.5, 1, 2, 4):
        try:
            return _fail_attempt(record, attempt, exc)
        except DatabaseError:
            log.warning("record=%s attempt=%s: the database is unavailable; recording the failure again in "
                        "%gs", record.pk, attempt.number, pause)
            time.sleep(pause)
    _fail_attempt(record, attempt, exc)


def _fail_attempt(record: AudioRecord, attempt: JobAttempt, exc: BaseException) -> None:
    message = _error_text(exc)
    short_tb = "".join(traceback.format_exception(exc)[-6:])[-4000:]
    interrupted = _is_interrupt(exc)
    close_old_connections()
    with transaction.atomic():
        locked = AudioRecord.objects.select_for_update().get(pk=record.pk)
        current = JobAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != Status.PROCESSING or current.outcome != Outcome.RUNNING:
            return
        now = timezone.now()
        delay = 0.0
        if interrupted:
            # A soft stop (deploy): hand the job back without spending an attempt.
            outcome, status = Outcome.ABANDONED, Status.PENDING
            locked.attempts_in_budget = max(0, locked.attempts_in_budget - 1)
        elif _is_permanent(exc) or locked.attempts_in_budget >= settings.MAX_ATTEMPTS:
            outcome, status = Outcome.FAILED, Status.FAILED
        else:
            outcome, status = Outcome.RETRYING, Status.PENDING
            delay = retry_delay(locked.attempts_in_budget)
        JobAttempt.objects.filter(pk=current.pk).update(outcome=outcome, finished_at=now, error=message,
                                                        traceback=short_tb)
        AudioRecord.objects.filter(pk=locked.pk).update(
            status=status, error=message, attempts_in_budget=locked.attempts_in_budget,
            stage=Stage.QUEUED if status == Status.PENDING else locked.stage,
            next_attempt_at=now + timedelta(seconds=delay) if status == Status.PENDING else None,
            processed_at=now if status == Status.FAILED else None)
        if status == Status.PENDING:
            transaction.on_commit(lambda: record_enqueue(record=locked, delay=delay))
    log.info("record=%s attempt=%s outcome=%s error=%s%s", record.pk, attempt.number, outcome, message,
             f" retry_in={delay:g}s" if status == Status.PENDING else "")
    if status == Status.FAILED:
        _notify(record.pk)


# --- Retry and reaping ----------------------------------------------------------------------------

def record_retry(*, record: AudioRecord) -> bool:
    """Put a failed record back in the queue with a fresh attempt budget."""
    with transaction.atomic():
        updated = AudioRecord.objects.filter(pk=record.pk, status=Status.FAILED).update(
            status=Status.PENDING, stage=Stage.QUEUED, attempts_in_budget=0, error="", next_attempt_at=None,
            processed_at=None, enqueued_at=None)
        if updated:
            transaction.on_commit(lambda: record_enqueue(record=record))
    return bool(updated)


def records_retry_failed(*, owner: AbstractBaseUser | None = None) -> int:
    records = AudioRecord.objects.filter(status=Status.FAILED)
    if owner is not None:
        records = records.filter(owner=owner)
    return sum(record_retry(record=record) for record in records)


def records_reap(*, now=None) -> dict[str, int]:
    """Take back processing records whose worker died; queue pending records that no queue holds."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.STALE_AFTER)
    overdue_before = now - timedelta(seconds=settings.JOB_TIMEOUT + settings.STALE_AFTER)
    counts = {"requeued": 0, "failed": 0, "enqueued": 0}
    stale = AudioRecord.objects.filter(status=Status.PROCESSING).filter(
        Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True) | Q(started_at__lt=overdue_before))
    for record_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            record = AudioRecord.objects.select_for_update().get(pk=record_id)
            if record.status != Status.PROCESSING:
                continue
            message = (f"the worker {record.worker or '?'} stopped responding during the attempt "
                       f"(no heartbeat since {record.heartbeat_at:%H:%M:%S} UTC)" if record.heartbeat_at
                       else "the worker stopped responding during the attempt")
            JobAttempt.objects.filter(record=record, outcome=Outcome.RUNNING).update(
                outcome=Outcome.ABANDONED, finished_at=now, error=message)
            if record.attempts_in_budget >= settings.MAX_ATTEMPTS:
                AudioRecord.objects.filter(pk=record.pk).update(status=Status.FAILED, error=message,
                                                                processed_at=now)
                transaction.on_commit(lambda record_id=record.pk: _notify(record_id))
                counts["failed"] += 1
            else:
                AudioRecord.objects.filter(pk=record.pk).update(
                    status=Status.PENDING, stage=Stage.QUEUED, error=message, next_attempt_at=now,
                    enqueued_at=None)
                counts["requeued"] += 1
        log.warning("record=%s reaped: %s", record_id, message)

    # Pending records that never reached the queue (it was down) or that it lost (a worker died after
    # popping the task): queue them again, unless the queue still holds them.
    grace = now - timedelta(seconds=settings.STALE_AFTER)
    orphans = AudioRecord.objects.filter(status=Status.PENDING, created_at__lt=now - timedelta(seconds=2)).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=grace))
    if orphans.exists():
        queued = queued_record_ids()
        if queued is not None:
            for record in orphans.exclude(pk__in=queued):
                delay = 0.0
                if record.next_attempt_at and record.next_attempt_at > now:
                    delay = (record.next_attempt_at - now).total_seconds()
                if record_enqueue(record=record, delay=delay):
                    counts["enqueued"] += 1
    return counts


def client_delete(*, client: Client) -> None:
    """Delete a client with its recordings and their audio files."""
    files = [record.file.name for record in client.audio_records.all() if record.file]
    with transaction.atomic():
        client.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in files])


# --- Suggestions ----------------------------------------------------------------------------------

class SuggestionError(Exception):
    """A suggestion that cannot be accepted: it is gone, or its value does not validate any more."""


def suggestion_resolve(*, record: AudioRecord, field: str, accept: bool, user: AbstractBaseUser) -> list:
    """Accept (store the value on the record's client, as a user's edit) or dismiss a low-confidence value.

    Either way the suggestion leaves the recording, so it is offered once. Returns the client changes made.
    """
    from pydantic import ValidationError

    from voicecrm.crm.services import client_update
    from voicecrm.extraction import validate_client_fields

    with transaction.atomic():
        locked = AudioRecord.objects.select_for_update().select_related("client").get(pk=record.pk)
        suggestion = (locked.suggestions or {}).get(field)
        if suggestion is None or locked.client is None:
            raise SuggestionError(f"no suggestion for {field!r} on recording {record.pk}")
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
