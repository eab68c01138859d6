from datetime import datetime
from typing import Any, Literal

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from voicecrm.accounts.selectors import user_time_zone
from voicecrm.crm.schemas import TaskBriefOut, task_brief
from voicecrm.crm.selectors import interaction_for_record, record_changes_count
from voicecrm.errors import ErrorOut
from voicecrm.pipeline.services import (
    InvalidTextError,
    ProposalError,
    proposal_accept,
    proposal_reject,
    record_reprocess,
    record_retry,
    records_retry_failed,
)

from .selectors import jobs_stats, record_get, records_for_user, records_stale
from .services import SuggestionError, UploadError, audio_upload, storage_error, suggestion_resolve
from .uploads import AudioUploadHandler, streaming_supported

router = Router(tags=["audio"])


class UploadOut(Schema):
    audio_record_id: int
    status: str
    status_url: str


class AttemptOut(Schema):
    number: int
    started_at: datetime
    finished_at: datetime | None
    stage: str
    outcome: str
    error: str = Field(description="what the worker logged about the failure, in English, for operators (the "
                                   "API server's message, a timeout…); empty when it did not fail")
    error_code: str = Field(description="the failure's stable code (README, Errors); empty when it did not fail")


class StatusOut(Schema):
    id: int
    status: str
    stage: str
    attempts: list[AttemptOut]
    error: str | None = Field(description="why it failed, in the request's language, saying what to do")
    error_code: str | None = Field(description="the failure's stable code: no_speech, not_audio, … (README, Errors)")
    retryable: bool = Field(description="failed, and a Retry may help (false: edit the transcript and reprocess)")
    client_id: int | None
    client_action: str | None
    client_name: str | None
    transcription: str | None
    language: str | None
    processed_at: datetime | None
    created_at: datetime
    duration: float | None
    size: int
    content_type: str
    sha256: str
    next_attempt_at: datetime | None
    fields: dict[str, Any]
    suggestions: dict[str, Any]
    recorded_at: datetime | None
    interaction_id: int | None
    note: str | None
    tasks: list[TaskBriefOut]
    inbox: bool
    possible_duplicate: bool = Field(False, description="the client was found by the spoken name alone: it may be "
                                     "someone else of that name (POST /api/clients/{id}/recordings/{record}/split)")
    review: dict[str, Any] | None
    edited_text: str | None
    changes: int
    applied: bool


_UPLOAD_DOC = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["audio"], "properties": {
        "audio": {"type": "string", "format": "binary"},
        "client_id": {"type": "integer", "description": "update this client"},
        "language": {"type": "string", "enum": ["fr", "en"], "description": "absent: auto-detect"},
        "recorded_at": {"type": "string", "format": "date-time",
                        "description": "when it was recorded, ISO 8601 with its offset (2026-12-01T09:30:00+01:00); "
                                       "spoken dates are read in its wall-clock time. Absent: the upload time, "
                                       "in the user's time zone"}}}}}}}


def _not_found(record_id: int) -> dict[str, str]:
    return {"detail": _("no recording %(id)s") % {"id": record_id}, "code": "not_found"}


@router.post("/upload", response={202: UploadOut, 400: ErrorOut, 404: ErrorOut, 413: ErrorOut, 415: ErrorOut,
                                   429: ErrorOut, 500: ErrorOut, 507: ErrorOut}, openapi_extra=_UPLOAD_DOC)
def upload(request, response: HttpResponse):
    """Accept a recording and answer at once; a worker transcribes it. Follow it at `status_url`."""
    handler = None
    # The recording goes to disk as it arrives (uploads.py), unless the body is parsed already: the browser
    # session's CSRF check reads the form before this view runs, and that upload takes the other path.
    if streaming_supported() and not hasattr(request, "_files"):
        handler = AudioUploadHandler(request)
        request.upload_handlers = [handler]
    try:
        try:
            audio, form = request.FILES.get("audio"), request.POST
        except BaseException:  # a malformed body after the recording: it is not kept
            if handler is not None:
                handler.discard()
            raise
        if handler is not None and handler.error is not None:
            raise storage_error(handler.error)
        record = audio_upload(owner=request.user, audio=audio, client_id=form.get("client_id"),
                              language=form.get("language"), recorded_at=form.get("recorded_at"))
    except UploadError as exc:
        if exc.retry_after is not None:
            response["Retry-After"] = str(exc.retry_after)
        return Status(exc.status, {"detail": exc.detail, "code": exc.code})
    return Status(202, {"audio_record_id": record.pk, "status": record.status,
                        "status_url": reverse("api:audio_status", args=[record.pk])})


@router.get("/status/{record_id}", response={200: StatusOut, 404: ErrorOut}, url_name="audio_status")
def status(request, record_id: int, wait: str | None = None):
    """A recording's job and, once processed, what it made: the client it updated or created, or the Inbox
    (`inbox`: its interaction waits for a client), its interaction's `note` and `tasks` (due "YYYY-MM-DD" or
    a date-time in the caller's zone). `review` (``{"reason"}``: "low_confidence", "repetition",
    "unsupported_language") marks a transcript the speech model barely understood: nothing was applied.
    `changes` counts the client fields the recording wrote; `applied` is false for a completed recording that
    changed nothing (no field, no new client, no task: "nothing new understood"), or one flagged for review.

    `wait` (long polling): the state last seen, as `status/stage` ("pending/queued"); the answer comes once the
    recording's state differs, or after VOICECRM_STATUS_WAIT_SECONDS (20 s) — the server holds the request
    before this view runs (server/push.py); anywhere else (a server without it) the answer is immediate."""
    record = record_get(user=request.user, record_id=record_id)
    if record is None:
        return Status(404, _not_found(record_id))
    interaction = interaction_for_record(record=record) if record.status == "completed" else None
    zone = user_time_zone(user=request.user)
    tasks = list(interaction.tasks.all()) if interaction else []
    changes = record_changes_count(record=record) if interaction else 0
    return Status(200, {
        "changes": changes,
        "applied": interaction is not None and not record.review and bool(
            changes or tasks or record.client_action == "created" or record.suggestions),
        "recorded_at": record.recorded_at.astimezone(zone) if record.recorded_at else None,
        "interaction_id": interaction.pk if interaction else None,
        "note": (interaction.note or None) if interaction else None,
        "tasks": [task_brief(task, zone=zone) for task in tasks],
        "inbox": interaction is not None and interaction.client_id is None,
        "possible_duplicate": interaction is not None and interaction.possible_duplicate,
        "review": record.review,
        "edited_text": record.edited_text or None,
        "id": record.pk, "status": record.status, "stage": record.stage,
        "attempts": list(record.job_attempts.all()), "error": record.failure or None,
        "error_code": record.error_code or None,
        "retryable": record.retryable,
        "client_id": record.client_id, "client_action": record.client_action or None,
        "client_name": str(record.client) if record.client else None,
        "transcription": record.transcription or None, "language": record.language or None,
        "processed_at": record.processed_at, "created_at": record.created_at, "duration": record.duration,
        "size": record.size, "content_type": record.content_type, "sha256": record.sha256,
        "next_attempt_at": record.next_attempt_at, "fields": record.extracted, "suggestions": record.suggestions,
    })


_AUDIO_DOC = {"responses": {200: {"description": "The recording as it was uploaded (its own type: audio/webm, "
                                                 "audio/ogg, audio/mp4, audio/wav, audio/mpeg, audio/flac)",
                                  "content": {"audio/*": {"schema": {"type": "string", "format": "binary"}},
                                              "application/octet-stream": {"schema": {"type": "string",
                                                                                      "format": "binary"}}}}}}


@router.get("/{record_id}/file", response={404: ErrorOut}, openapi_extra=_AUDIO_DOC)
def audio_file(request, record_id: int):
    """The recording itself, only to its owner (never from a public media URL)."""
    record = record_get(user=request.user, record_id=record_id)
    if record is None or not record.file:
        return Status(404, _not_found(record_id))
    return FileResponse(record.file.open("rb"), content_type=record.content_type or "application/octet-stream")


class RetryOut(Schema):
    id: int
    status: str


class RetriedOut(Schema):
    retried: int


class WindowOut(Schema):
    completed: int
    failed: int
    per_hour: float
    median_seconds: float | None
    median_processing_seconds: float | None


class JobOut(Schema):
    id: int
    owner: str
    status: str
    stage: str
    error: str = Field(description="why it failed, in the request's language")
    error_code: str = Field(description="the failure's stable code (README, Errors)")
    retryable: bool = Field(description="a Retry may help")
    attempts: int
    client_id: int | None
    client_name: str | None
    created_at: datetime
    processed_at: datetime | None
    heartbeat_at: datetime | None

    @staticmethod
    def resolve_error(obj) -> str:
        return obj.failure

    @staticmethod
    def resolve_retryable(obj) -> bool:
        return obj.retryable

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.get_username()

    @staticmethod
    def resolve_attempts(obj) -> int:
        return obj.job_attempts.count()

    @staticmethod
    def resolve_client_name(obj) -> str | None:
        return str(obj.client) if obj.client else None


class JobsOut(Schema):
    counts: dict[str, int]
    last_hour: WindowOut | None
    last_day: WindowOut | None
    stale: int | None
    queue_depth: int | None
    failed_jobs: list[JobOut]
    stale_jobs: list[JobOut]


@router.get("/jobs", response=JobsOut)
def jobs(request, all_users: bool = True):
    """Counts by status, throughput and median times (last hour, last day), failed and stale jobs.

    Staff see every user's jobs unless `all_users=false`; other users always see only theirs, and only the
    counts and their failed jobs: throughput, median times, stale jobs and the queue depth are operators'
    figures (null, or an empty list, for them).
    """
    stats = jobs_stats(user=request.user, all_users=all_users)
    records = records_for_user(user=request.user, all_users=all_users).select_related("owner")
    failed = list(records.filter(status="failed").order_by("-processed_at", "-id")[:100])
    if not request.user.is_staff:
        return {"counts": stats.counts, "last_hour": None, "last_day": None, "stale": None, "queue_depth": None,
                "failed_jobs": failed, "stale_jobs": []}
    return {**vars(stats), "last_hour": vars(stats.last_hour), "last_day": vars(stats.last_day),
            "failed_jobs": failed, "stale_jobs": list(records_stale(records=records)[:100])}


@router.post("/retry-failed", response=RetriedOut)
def retry_failed(request, all_users: bool = False):
    """Queue every failed recording again with a fresh attempt budget: yours, or everyone's for staff. Failures a
    new attempt cannot change (`retryable` false: no speech, not audio…) are left as they are."""
    owner = None if all_users and request.user.is_staff else request.user
    return {"retried": records_retry_failed(owner=owner)}


@router.post("/{record_id}/retry", response={200: RetryOut, 404: ErrorOut, 409: ErrorOut})
def retry(request, record_id: int):
    """Queue a failed recording again with a fresh attempt budget (staff may retry anyone's).

    404 `not_found`; 409 `not_failed` (it did not fail), or `not_retryable` (it failed for a reason a new
    attempt cannot change — no speech, not audio…: edit the transcript and reprocess it instead).
    """
    record = records_for_user(user=request.user, all_users=True).filter(pk=record_id).first()
    if record is None:
        return Status(404, _not_found(record_id))
    if not record_retry(record=record):
        if record.status == "failed" and not record.retryable:
            return Status(409, {"code": "not_retryable", "detail": _(
                "Retrying cannot help: %(reason)s Type what was said (or correct the transcript) and apply it, "
                "or record again.")
                % {"reason": record.failure}})
        return Status(409, {"code": "not_failed", "detail": _("recording %(id)s is %(status)s, not failed: "
                                                              "nothing to retry") % {"id": record_id,
                                                                                     "status": record.status}})
    return Status(200, {"id": record.pk, "status": "pending"})


class ReprocessIn(Schema):
    text: str = Field(description="what was said, as corrected or typed: not blank, at most 20 000 characters, "
                                  "no control characters but tab and new lines")


@router.post("/{record_id}/reprocess", response={202: RetryOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def reprocess(request, record_id: int, payload: ReprocessIn):
    """Apply a corrected transcript (or a typed note) to a recording: the same job path — fields, client,
    interaction, tasks, history — on `text` instead of what the model heard; `edited_text` in the status says so.
    Allowed on any recording that is not waiting or running, applied or not (see record_reprocess). 400
    `empty_text`, `too_long` (over 20 000 characters) or `control_characters`; 409 while it is pending or
    processing."""
    record = record_get(user=request.user, record_id=record_id)
    if record is None:
        return Status(404, _not_found(record_id))
    try:
        queued = record_reprocess(record=record, text=payload.text)
    except InvalidTextError as exc:
        return Status(400, {"code": exc.code, "detail": str(exc)})
    if not queued:
        return Status(409, {"code": "in_progress", "detail": _(
            "Recording %(id)s is being processed: wait until it is done, then correct it.") % {"id": record_id}})
    return Status(202, {"id": record.pk, "status": "pending"})


@router.post("/{record_id}/suggestions/{field}/{decision}", response={200: RetryOut, 400: ErrorOut, 404: ErrorOut})
def resolve_suggestion(request, record_id: int, field: str, decision: str):
    """`accept` stores a low-confidence value on the recording's client; `dismiss` drops it."""
    if decision not in ("accept", "dismiss"):
        return Status(404, {"code": "not_found", "detail": _("unknown decision %(decision)r: use accept or dismiss")
                            % {"decision": decision}})
    record = record_get(user=request.user, record_id=record_id)
    if record is None:
        return Status(404, _not_found(record_id))
    try:
        suggestion_resolve(record=record, field=field, accept=decision == "accept", user=request.user)
    except SuggestionError as exc:
        return Status(400, {"detail": str(exc), "code": "invalid_suggestion"})
    return Status(200, {"id": record.pk, "status": record.status})


class ProposalTaskIn(Schema):
    title: str
    due: str = Field(description="YYYY-MM-DD, or YYYY-MM-DDTHH:MM when a time of day is set (the owner's local time)")


class ProposalIn(Schema):
    decision: Literal["accept", "reject"]
    fields: dict[str, Any] | None = Field(None, description="accept: the fields to write, as edited; a field left "
                                                            "out or empty is not written; absent: as heard")
    tasks: list[ProposalTaskIn] | None = Field(None, description="accept: the tasks to create; absent: as heard")
    note: str | None = Field(None, description="accept: the timeline note; absent: as heard")


@router.post("/{record_id}/proposal", response={200: RetryOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def decide_proposal(request, record_id: int, payload: ProposalIn):
    """Accept (as proposed, or with the owner's edits) or reject a recording held for its owner's review
    (`review.reason` "review_requested", set when the owner's settings say `review_before_apply`).

    Accepting writes it as the job would have — client found or created, history, timeline, tasks — with every
    field given counted as confirmed. Rejecting writes nothing (`review.decision` becomes "rejected"; the
    transcript can still be corrected and re-applied). A recording flagged as barely understood (another
    `review.reason`) can only be rejected — dismissed: it stops waiting on the user's pages. 400: a field or task
    does not validate (nothing is written); 404: no such recording of the caller's; 409: it is not waiting for a
    decision (or accepting a flagged one).
    """
    record = record_get(user=request.user, record_id=record_id)
    if record is None:
        return Status(404, _not_found(record_id))
    try:
        if payload.decision == "reject":
            record = proposal_reject(record=record)
        else:
            record = proposal_accept(record=record, fields=payload.fields, note=payload.note,
                                     tasks=None if payload.tasks is None else [t.dict() for t in payload.tasks])
    except ProposalError as exc:
        if not exc.pending:
            return Status(409, {"code": "not_waiting", "detail": str(exc)})
        return Status(400, {"code": "invalid_proposal", "detail": str(exc)})
    return Status(200, {"id": record.pk, "status": record.status})

