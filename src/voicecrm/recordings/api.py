from datetime import datetime
from typing import Any

from django.http import FileResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from .selectors import record_get
from .services import UploadError, audio_upload

router = Router(tags=["audio"])


class Error(Schema):
    detail: str


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
    error: str


class StatusOut(Schema):
    id: int
    status: str
    stage: str
    attempts: list[AttemptOut]
    error: str | None
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


_UPLOAD_DOC = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["audio"], "properties": {
        "audio": {"type": "string", "format": "binary"},
        "client_id": {"type": "integer", "description": "update this client"},
        "language": {"type": "string", "enum": ["fr", "en"], "description": "absent: auto-detect"}}}}}}}


@router.post("/upload", response={202: UploadOut, 400: Error, 404: Error, 413: Error, 415: Error, 500: Error,
                                   507: Error}, openapi_extra=_UPLOAD_DOC)
def upload(request):
    """Accept a recording and answer at once; a worker transcribes it. Follow it at `status_url`."""
    try:
        record = audio_upload(owner=request.user, audio=request.FILES.get("audio"),
                              client_id=request.POST.get("client_id"), language=request.POST.get("language"))
    except UploadError as exc:
        return Status(exc.status, {"detail": exc.detail})
    return Status(202, {"audio_record_id": record.pk, "status": record.status,
                        "status_url": reverse("api:audio_status", args=[record.pk])})


@router.get("/status/{record_id}", response={200: StatusOut, 404: Error}, url_name="audio_status")
def status(request, record_id: int):
    record = record_get(user=request.user, record_id=record_id)
    if record is None:
        return Status(404, {"detail": f"no recording {record_id}"})
    return Status(200, {
        "id": record.pk, "status": record.status, "stage": record.stage,
        "attempts": list(record.job_attempts.all()), "error": record.error or None,
        "client_id": record.client_id, "client_action": record.client_action or None,
        "client_name": str(record.client) if record.client else None,
        "transcription": record.transcription or None, "language": record.language or None,
        "processed_at": record.processed_at, "created_at": record.created_at, "duration": record.duration,
        "size": record.size, "content_type": record.content_type, "sha256": record.sha256,
        "next_attempt_at": record.next_attempt_at, "fields": record.extracted, "suggestions": record.suggestions,
    })


@router.get("/{record_id}/file", response={404: Error})
def audio_file(request, record_id: int):
    """The recording itself, only to its owner (never from a public media URL)."""
    record = record_get(user=request.user, record_id=record_id)
    if record is None or not record.file:
        return Status(404, {"detail": f"no recording {record_id}"})
    return FileResponse(record.file.open("rb"), content_type=record.content_type or "application/octet-stream")
