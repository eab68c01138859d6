"""The import and export API: clients as CSV or vCard, an import's preview, start and progress."""

from __future__ import annotations

import json
from datetime import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from voicecrm.accounts.selectors import user_phone_region
from voicecrm.crm.models import CLIENT_FIELDS
from voicecrm.crm.schemas import Error
from voicecrm.crm.selectors import client_get

from .formats import UnreadableFileError
from .models import ImportJob
from .selectors import (
    client_vcard,
    clients_export_csv,
    clients_export_vcards,
    import_get,
    import_preview,
    imports_for_user,
)
from .services import IMPORT_MAX_BYTES, InvalidImportError, import_create

# Mounted under /api/clients before the clients' own router, whose /{client_id} would take "export.csv".
export_router = Router(tags=["import and export"])
imports_router = Router(tags=["import and export"])

CSV_TYPE = "text/csv; charset=utf-8"
VCARD_TYPE = "text/vcard; charset=utf-8"


class ExportFilter(Schema):
    search: str = ""
    order: str = "-updated_at"


def _download(content, *, content_type: str, filename: str) -> HttpResponse:
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response


def _today() -> str:
    return timezone.localdate().isoformat()


def _file_doc(content_type: str, what: str) -> dict:
    return {"responses": {200: {"description": what, "content": {content_type.split(";")[0]: {}}}}}


@export_router.get("/export.csv", response={200: None}, openapi_extra=_file_doc(CSV_TYPE, "the clients as CSV"))
def export_csv(request, filters: Query[ExportFilter]):
    """The caller's clients as CSV, streamed: all of them, or those `search` finds, in `order` (the same
    parameters as GET /api/clients). UTF-8 with a BOM (Excel), a header of the API's field names (`id`, the
    client fields, `created_at`, `updated_at`), CRLF line ends; a download named `clients-YYYY-MM-DD.csv`."""
    lines = clients_export_csv(user=request.user, search=filters.search, order=filters.order)
    return _download(lines, content_type=CSV_TYPE, filename=f"clients-{_today()}.csv")


@export_router.get("/export.vcf", response={200: None},
                   openapi_extra=_file_doc(VCARD_TYPE, "the clients as vCard 4.0"))
def export_vcf(request, filters: Query[ExportFilter]):
    """The caller's clients (selected as for export.csv) as one file of vCards 4.0 (RFC 6350), streamed; a
    download named `clients-YYYY-MM-DD.vcf`."""
    cards = clients_export_vcards(user=request.user, search=filters.search, order=filters.order)
    return _download(cards, content_type=VCARD_TYPE, filename=f"clients-{_today()}.vcf")


@export_router.get("/{client_id}/vcard", response={200: None, 404: Error},
                   openapi_extra=_file_doc(VCARD_TYPE, "the client as a vCard 4.0"))
def export_client_vcard(request, client_id: int):
    """One of the caller's clients as a vCard 4.0, a download named after the client; 404 for an unknown id or
    another user's client."""
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        return Status(404, {"detail": _("no client %(id)s") % {"id": client_id}})
    response = HttpResponse(client_vcard(client=client), content_type=VCARD_TYPE)
    name = slugify(client.full_name or client.company) or f"client-{client.pk}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{name}.vcf")
    return response


class RowOut(Schema):
    line: int
    cells: list[str]
    error: str


class PreviewOut(Schema):
    format: str
    encoding: str
    delimiter: str
    columns: list[str]
    mapping: list[str]
    fields: list[str]
    rows: list[RowOut]
    rows_total: int


class ImportRowError(Schema):
    line: int
    reason: str


class ImportOut(Schema):
    id: int
    status: str
    file_name: str
    format: str
    encoding: str
    delimiter: str
    mapping: list[str]
    duplicates: str
    rows_total: int
    rows_done: int
    rows_created: int
    rows_updated: int
    rows_unchanged: int
    rows_skipped: int
    rows_failed: int
    errors: list[ImportRowError]
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class ImportCreated(Schema):
    id: int
    status: str
    status_url: str


def _read(upload: UploadedFile) -> bytes | tuple[int, dict]:
    if upload.size is not None and upload.size > IMPORT_MAX_BYTES:
        return 413, {"detail": _("the file is larger than %(mb)s MB: split it") % {"mb": IMPORT_MAX_BYTES // 2**20}}
    return upload.read()


def _delimiter(value: str) -> str | None:
    return {"tab": "\t", "\\t": "\t"}.get(value, value) or None


@imports_router.post("/preview", response={200: PreviewOut, 400: Error, 413: Error})
def preview(request, file: File[UploadedFile], delimiter: Form[str] = ""):
    """What importing `file` (multipart; CSV or vCard, at most 20 MB) would read, writing nothing: its format,
    encoding (UTF-8 with or without BOM, or Windows-1252), CSV delimiter (detected, or `delimiter`: `,` `;`
    `tab` `|`), columns, the mapping proposed from the header, the first 10 rows and the count; 400 for an
    unreadable file, 413 for a large one."""
    data = _read(file)
    if isinstance(data, tuple):
        return Status(*data)
    try:
        answer = import_preview(name=file.name or "", data=data, delimiter=_delimiter(delimiter))
    except UnreadableFileError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, {**answer, "fields": list(CLIENT_FIELDS)})


@imports_router.post("", response={202: ImportCreated, 400: Error, 413: Error})
def start(request, file: File[UploadedFile], duplicates: Form[str] = "skip", mapping: Form[str] = "",
          delimiter: Form[str] = ""):
    """Import `file` (multipart, as for the preview) as a queued job; 202 with its id and status URL.

    `mapping`: a JSON list with, per column, the client field it fills or "" to ignore it (default: the mapping
    the preview proposes). `duplicates`: what a row that matches an existing client (same email, phone, or
    first + last name once folded) does: `create` a new client all the same, `update` the matching one with the
    row's non-empty values, or `skip` it (the default). Values are validated as PATCH /api/clients/{id} validates
    them (a phone number without a country code is read in the caller's region). 400 for an unreadable file, a
    bad mapping or policy; 413 for a file over 20 MB.
    """
    data = _read(file)
    if isinstance(data, tuple):
        return Status(*data)
    try:
        fields = json.loads(mapping) if mapping.strip() else None
    except json.JSONDecodeError as exc:
        return Status(400, {"detail": _("mapping is not JSON (%(error)s): send a list such as %(example)s")
                            % {"error": exc, "example": '["first_name", "last_name", "", "email"]'}})
    if fields is not None and not (isinstance(fields, list) and all(isinstance(f, str | None) for f in fields)):
        return Status(400, {"detail": _("mapping must be a JSON list of field names (or empty strings), one per "
                                        "column")})
    try:
        job = import_create(owner=request.user, name=file.name or "import", data=data, duplicates=duplicates,
                            mapping=fields, delimiter=_delimiter(delimiter),
                            phone_region=user_phone_region(user=request.user, language=get_language()),
                            language=get_language() or "")
    except (UnreadableFileError, InvalidImportError) as exc:
        return Status(400, {"detail": str(exc)})
    return Status(202, {"id": job.pk, "status": job.status, "status_url": f"/api/imports/{job.pk}"})


@imports_router.get("", response=list[ImportOut])
def list_imports(request):
    """The caller's last 50 imports, newest first."""
    return list(imports_for_user(user=request.user)[:50])


@imports_router.get("/{import_id}", response={200: ImportOut, 404: Error})
def get_import(request, import_id: int):
    """An import's status (pending, running, completed, failed), progress (`rows_done` of `rows_total`), counts
    (created, updated, unchanged, skipped, failed) and report (`errors`: the line and reason of each bad row,
    the first 1000; `error`: why the whole file failed); 404 for another user's."""
    job: ImportJob | None = import_get(user=request.user, import_id=import_id)
    if job is None:
        return Status(404, {"detail": _("no import %(id)s") % {"id": import_id}})
    return Status(200, job)
