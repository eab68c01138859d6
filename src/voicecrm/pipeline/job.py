"""The job: one attempt at a recording — claim → transcribe → extract → apply, then completed or failed.

The task (tasks.py) runs `record_process` with the record id the queue carried. Applying the fields, writing
the interaction and its tasks, and marking the record completed happen in one transaction, so a job delivered
twice never applies twice.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import datetime, timedelta, tzinfo
from typing import Any, BinaryIO

import av
from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from voicecrm.accounts.selectors import user_phone_region, user_reviews_before_apply, user_time_zone
from voicecrm.crm.dues import recording_zone
from voicecrm.crm.interactions import interaction_from_recording
from voicecrm.crm.matching import client_for_recording, client_match, client_matched_by_name_only
from voicecrm.crm.services import client_merge_extraction, client_record, client_take_back, extraction_card
from voicecrm.errors import PermanentError
from voicecrm.extraction import Extraction
from voicecrm.recordings.models import AudioRecord, JobAttempt, Outcome, Stage, Status
from voicecrm.speech import Transcript

from . import engines
from .confidence import split_by_confidence, with_speech_confidence
from .heartbeat import Heartbeat
from .retries import Enqueue, attempt_fail
from .signals import announce, job_finished, stage_finished

log = logging.getLogger("voicecrm.jobs")


class PermanentJobError(PermanentError):
    """The recording can never be processed as it is (its audio was deleted, it is too long)."""


def _worker_id() -> str:
    # Process workers are forked: the id must name the process that runs the job.
    return f"{socket.gethostname()}:{os.getpid()}"


def record_process(*, record_id: int, enqueue: Enqueue) -> None:
    """Run one attempt of a recording's job: transcribe, extract, then apply and complete atomically.

    Args:
        record_id: the AudioRecord the queue carried; skipped unless it is pending and due.
        enqueue: how a retry is queued (tasks.record_enqueue), passed in so the job never imports the tasks.

    Never raises for a failed attempt: the failure is recorded (retries.attempt_fail) and, when the budget
    allows, the record queued again. A worker told to stop (KeyboardInterrupt, SystemExit) hands the record
    back, then the exception propagates.
    """
    claimed = _claim(record_id)
    if claimed is None:
        log.info("record=%s not pending (already taken, done, or not due yet): skipped", record_id)
        return
    record, attempt = claimed
    stage, started = Stage.TRANSCRIBING, time.monotonic()
    completed = False
    with Heartbeat(record.pk):
        try:
            if record.edited_text:
                # The user's own text (a corrected transcript, a typed note): read as written, in the language
                # it is written in; the recording's transcript stays as the model heard it.
                transcript = Transcript(text=record.edited_text, language=None, duration=record.duration or 0.0)
                heard: dict[str, Any] = {}
            else:
                _check_duration(record)
                with record.file.open("rb") as audio:
                    transcript = engines.transcriber().transcribe(audio, language=record.language_requested or None)
                heard = {"transcription": transcript.text, "language": transcript.language or "",
                         "duration": transcript.duration}
            _stage_finished(record, attempt, stage, started, "ok")
            stage, started = Stage.EXTRACTING, time.monotonic()
            _stage(record, attempt, stage, **heard)
            existing = client_record(record.client) if record.client else None
            recorded_at, zone = recorded_moment(record)
            # A language the uploader declared is the speech model's guide, not the text's: extraction reads the
            # text in the language it came out in (English speech uploaded as French is still English text).
            language = None if record.language_requested else transcript.language
            # Numbers said without a country code are read in the owner's phone region (their setting, else the
            # server's), then in the home plan of the language spoken (extraction.normalize.phone_regions).
            extractor = engines.extractor(phone_region=user_phone_region(user=record.owner_id))
            extraction = extractor.extract(transcript.text, language=language, existing=existing,
                                           now=recorded_at.astimezone(zone).replace(tzinfo=None))
            # Each field's confidence also says how well the speech model heard its words (issue 13).
            extraction = with_speech_confidence(extraction, transcript.words)
            _stage_finished(record, attempt, stage, started, "ok")
            stage, started = Stage.SAVING, time.monotonic()
            _stage(record, attempt, stage)
            completed = _complete(record, attempt, extraction, recorded_at=recorded_at, zone=zone,
                                  review=transcript.review)
            _stage_finished(record, attempt, stage, started, "completed")
        except Exception as exc:
            _stage_finished(record, attempt, stage, started, f"error: {type(exc).__name__}")
            attempt_fail(record=record, attempt=attempt, exc=exc, enqueue=enqueue)
        except (KeyboardInterrupt, SystemExit) as exc:
            _stage_finished(record, attempt, stage, started, "interrupted")
            attempt_fail(record=record, attempt=attempt, exc=exc, enqueue=enqueue)
            raise
    if completed:
        announce(job_finished, record_id=record.pk)


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


def _stage_finished(record: AudioRecord, attempt: JobAttempt, stage: str, started: float, outcome: str) -> None:
    seconds = time.monotonic() - started
    log.info("record=%s attempt=%s stage=%s duration=%.3fs outcome=%s", record.pk, attempt.number, stage,
             seconds, outcome)
    announce(stage_finished, record_id=record.pk, attempt=attempt.number, stage=stage, outcome=outcome,
             seconds=seconds)


def audio_seconds(audio: BinaryIO) -> float | None:
    """The length of a recording in seconds from its container, without decoding it (None when it cannot tell).

    Browsers' webm has no duration in its header, so the packets' timestamps are read to the end.
    """
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
                                "it cannot be processed again", code="audio_deleted")
    with record.file.open("rb") as audio:
        seconds = audio_seconds(audio)
    if seconds is not None and seconds > settings.MAX_AUDIO_SECONDS:
        limit = settings.MAX_AUDIO_SECONDS / 60
        raise PermanentJobError(f"the recording lasts {seconds / 60:.0f} min; the limit is "
                                f"{limit:g} min (VOICECRM_MAX_AUDIO_SECONDS): "
                                "split it into shorter recordings", code="too_long",
                                minutes=round(seconds / 60),
                                limit=int(limit) if limit.is_integer() else round(limit, 1))  # "60 min", "7.5 min"


def recorded_moment(record: AudioRecord) -> tuple[datetime, tzinfo]:
    """When the recording was made (its `recorded_at`, else its upload) and the zone its spoken dates are read in:
    the offset it was uploaded with, else its owner's time zone (crm.dues.recording_zone)."""
    recorded_at = record.recorded_at or record.created_at
    zone = recording_zone(utc_offset=record.recorded_utc_offset, at=recorded_at,
                          user_zone=user_time_zone(user=record.owner_id))
    return recorded_at, zone


# review["reason"] of a recording held for its owner's decision (UserSettings.review_before_apply).
REVIEW_REQUESTED = "review_requested"


def apply_extraction(*, record: AudioRecord, extraction: Extraction, recorded_at: datetime,
                     zone: tzinfo) -> dict[str, Any]:
    """Write what a recording said: its confident fields to the client it names (found, or created from at
    least one confident identifying field), the others as suggestions, and its interaction with its tasks.

    Call it in the transaction that completes ``record`` (locked). Only fields heard with at least
    VOICECRM_MIN_CONFIDENCE find or create a client; the others become suggestions (on the client, or on the
    record when it goes to the Inbox). A corrected text applied again first takes back what an earlier pass
    wrote and the correction no longer says (crm.services.client_take_back). Returns the AudioRecord columns
    to update: ``client``, ``client_action`` ("created" | "updated" | ""), ``review`` (None), ``suggestions``
    (``{field: {value, confidence, evidence}}``).
    """
    card = extraction_card(extraction)
    confident, doubtful = split_by_confidence(card, settings.MIN_CONFIDENCE)
    client, action = client_for_recording(owner_id=record.owner_id, client_id=record.client_id,
                                          fields=confident.values())
    suggestions = doubtful
    # Found by the spoken name alone: it may be someone else of that name (the status and client page say so).
    possible_duplicate = client_matched_by_name_only(client=client, fields=confident.values(),
                                                     client_id=record.client_id)
    if client is not None:
        if record.edited_text and client.pk is not None:
            # A corrected text applied again: what an earlier pass wrote and the correction no longer says goes.
            client_take_back(client=client, audio_record=record, keep=card.fields)
        _changes, suggestions = client_merge_extraction(client=client, extraction=card, audio_record=record,
                                                        min_confidence=settings.MIN_CONFIDENCE)
    interaction_from_recording(audio_record=record, client=client, note=extraction.note,
                               followups=extraction.tasks, recorded_at=recorded_at, zone=zone,
                               possible_duplicate=possible_duplicate)
    return {"client": client, "client_action": action or "", "review": None,
            "suggestions": Extraction(fields=suggestions).to_json()}


def _proposal(record: AudioRecord, card: Extraction, extraction: Extraction) -> dict[str, Any]:
    """What a held recording would write, for its owner to accept, edit or reject: the client it would go to
    (``{"id", "name"}`` of the one it was recorded on or names, else None: a new client or the Inbox), its
    tasks (``[{"title", "due", "evidence"}]``, due as ``YYYY-MM-DD[THH:MM]`` local) and its note. The fields,
    with confidence and evidence, are the record's ``extracted``."""
    client = record.client or client_match(owner=record.owner_id, fields=card.values())
    return {"client": {"id": client.pk, "name": str(client)} if client is not None else None,
            "tasks": [{**task.to_json(), "evidence": task.evidence} for task in extraction.tasks],
            "note": extraction.note or ""}


def _complete(record: AudioRecord, attempt: JobAttempt, extraction: Extraction, *, recorded_at: datetime,
              zone: tzinfo, review: str | None) -> bool:
    """Apply the fields to the client, write the interaction and its tasks, and mark the record completed, in one
    transaction, once, whoever else runs it. A recording that names no client completes too: its interaction
    waits in the Inbox. A transcript the speech model barely understood (`review`) completes with nothing
    applied: what was heard stays on the record for a person to check. So does every recording of an owner
    who reviews recordings before they are applied (UserSettings.review_before_apply): its ``review`` holds
    the proposal (pipeline.services.proposal_accept applies it). Otherwise apply_extraction writes it.

    False when the attempt had been taken back meanwhile and its result was dropped.
    """
    with transaction.atomic():
        locked = AudioRecord.objects.select_for_update().get(pk=record.pk)
        current = JobAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != Status.PROCESSING or current.outcome != Outcome.RUNNING:
            log.warning("record=%s attempt=%s was taken back while running; its result is dropped",
                        record.pk, attempt.number)
            return False
        card = extraction_card(extraction)
        if review is not None:
            log.info("record=%s needs a review (%s): nothing applied", record.pk, review)
            applied: dict[str, Any] = {"client_action": "", "review": {"reason": review}, "suggestions": {}}
        elif user_reviews_before_apply(user=locked.owner_id):
            log.info("record=%s waits for its owner's review (review_before_apply): nothing applied", record.pk)
            applied = {"client_action": "", "suggestions": {},
                       "review": {"reason": REVIEW_REQUESTED, "proposal": _proposal(locked, card, extraction)}}
        else:
            applied = apply_extraction(record=locked, extraction=extraction, recorded_at=recorded_at, zone=zone)
        now = timezone.now()
        AudioRecord.objects.filter(pk=locked.pk).update(
            status=Status.COMPLETED, stage=Stage.DONE, error="", error_code="", error_params={},
            extracted=card.to_json(), processed_at=now, next_attempt_at=None, **applied)
        JobAttempt.objects.filter(pk=attempt.pk).update(outcome=Outcome.SUCCEEDED, finished_at=now,
                                                        stage=Stage.SAVING)
    return True
