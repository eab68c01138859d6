"""The import job: read the stored file, then validate, match and write its rows chunk by chunk.

The task (tasks.py) runs `import_run` with the id the queue carried. Rows are validated and matched CHUNK_ROWS at
a time and written in transactions of about CHUNK_SECONDS at most, each holding its writes and the job's counts:
the progress shown is what is written, and a job taken back after its worker died goes on after the last
committed row.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey.exceptions import TaskTimeout

from voicecrm.crm.matching import IDENTIFYING_FIELDS
from voicecrm.crm.models import ChangeSource, Client
from voicecrm.crm.schemas import InvalidFieldsError, client_fields_clean
from voicecrm.crm.services import client_apply_fields
from voicecrm.extraction import fold

from .formats import Row, UnreadableFileError, cell_value, read_table
from .models import Duplicates, ImportJob, ImportStatus

log = logging.getLogger("voicecrm.imports")

# Rows validated together, matched against one query's index of the owner's clients.
CHUNK_ROWS = 500
# A write transaction ends after this many seconds (and its rows so far commit): SQLite has one writer, and an
# upload or an edit in the web app must not wait behind a long chunk ("database is locked", DESIGN.md).
CHUNK_SECONDS = 1.0
MAX_REPORTED_ERRORS = 1000

Enqueue = Callable[..., bool]


@dataclass
class _Checked:
    line: int
    fields: dict[str, Any] | None
    reason: str = ""


def row_fields(row: Row, mapping: list[str], *, phone_region: str = "") -> dict[str, Any]:
    """The row's non-empty cells under the client fields their columns map to, validated as the API's PATCH
    validates (crm.schemas.client_fields_clean; a phone number without a country code read in `phone_region`,
    ISO 3166-1 alpha-2, or the server's region when empty). An empty cell is left out: an import never clears a
    field.

    Raises:
        InvalidFieldsError: why the row cannot be imported (a value that does not validate, or nothing that
            identifies a client: crm.matching.IDENTIFYING_FIELDS).
    """
    if row.error:
        raise InvalidFieldsError(row.error)
    payload = {}
    for name, cell in zip(mapping, row.cells, strict=False):
        value = cell_value(cell) if name else ""
        if value:
            payload[name] = value
    if not any(payload.get(name) for name in IDENTIFYING_FIELDS):
        raise InvalidFieldsError(_("nothing identifies the client: the row has no first or last name, email, "
                                   "phone or company"))
    return client_fields_clean(payload, phone_region=phone_region)


class _Index:
    """The owner's clients that a chunk's rows may match, by email (any case), phone and folded name: loaded in
    one query per chunk, and kept up to date as rows create and update clients. Same rules and order as
    crm.matching.client_match (email, then phone, then first + last name)."""

    def __init__(self, *, owner_id: int, rows: list[dict[str, Any]]) -> None:
        self.email: dict[str, Client] = {}
        self.phone: dict[str, Client] = {}
        self.name: dict[str, Client] = {}
        emails = {f["email"].lower() for f in rows if f.get("email")}
        phones = {f["phone"] for f in rows if f.get("phone")}
        keys = {key for key in map(self._key, rows) if key}
        if not (emails or phones or keys):
            return
        clients = (Client.objects.filter(owner_id=owner_id).annotate(email_lower=Lower("email"))
                   .filter(Q(email_lower__in=emails) | Q(phone__in=phones) | Q(name_key__in=keys))
                   .order_by(*Client._meta.ordering))
        for client in clients:
            self._add(client, first_wins=True)

    @staticmethod
    def _key(fields: dict[str, Any]) -> str:
        if fields.get("first_name") and fields.get("last_name"):
            return fold(f"{fields['first_name']} {fields['last_name']}")
        return ""

    def _add(self, client: Client, *, first_wins: bool = False) -> None:
        keys = ((self.email, client.email.lower()), (self.phone, client.phone), (self.name, client.name_key))
        for table, key in keys:
            if key and (not first_wins or key not in table):
                table[key] = client

    def match(self, fields: dict[str, Any]) -> Client | None:
        if fields.get("email") and fields["email"].lower() in self.email:
            return self.email[fields["email"].lower()]
        if fields.get("phone") and fields["phone"] in self.phone:
            return self.phone[fields["phone"]]
        key = self._key(fields)
        return self.name.get(key) if key else None

    def add(self, client: Client) -> None:
        # A client created or changed by an earlier row is what later rows of the file match first.
        self._add(client)


def _claim(job_id: int) -> ImportJob | None:
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, updated_at=now)
    if not claimed:
        return None
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    if job.started_at is None:
        job.started_at = now
        job.save(update_fields=["started_at"])
    return job


def _finish(job: ImportJob, *, status: str, error: str = "") -> None:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "updated_at"])
    if job.file:
        # The upload is the user's data: it is not kept once its rows are in the CRM (or it proved unreadable).
        job.file.delete(save=True)


def _write_chunk(job: ImportJob, checked: list[_Checked]) -> int:
    """One transaction: the rows written (or reported, when bad) in order, for up to CHUNK_SECONDS, and the job's
    counts moved on with them. Returns how many of `checked` it took (at least one)."""
    started = time.monotonic()
    taken = 0
    owner = job.owner
    with transaction.atomic():
        # The same lock as a recording that creates a client (crm.matching.client_for_recording): an import and
        # a recording of one new person make one client.
        get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
        index = _Index(owner_id=owner.pk, rows=[c.fields for c in checked if c.fields is not None])
        for row in checked:
            if taken and time.monotonic() - started > CHUNK_SECONDS:
                break
            taken += 1
            if row.fields is None:
                _report(job, row.line, row.reason)
                continue
            match = index.match(row.fields)
            if match is not None and job.duplicates == Duplicates.SKIP:
                job.rows_skipped += 1
                continue
            client = match if match is not None and job.duplicates == Duplicates.UPDATE else Client(owner=owner)
            try:
                with transaction.atomic():
                    changes = client_apply_fields(client=client, fields=row.fields, changed_by=owner,
                                                  source=ChangeSource.IMPORT)
            except DatabaseError as exc:
                if match is not None:
                    match.refresh_from_db()  # its attributes were set before the refused save
                _report(job, row.line, _("the database refused the row: %(error)s") % {"error": exc})
                continue
            index.add(client)
            if client is not match:
                job.rows_created += 1
            elif changes:
                job.rows_updated += 1
            else:
                job.rows_unchanged += 1
        job.rows_done += taken
        job.save(update_fields=["rows_done", "rows_created", "rows_updated", "rows_unchanged", "rows_skipped",
                                "rows_failed", "errors", "updated_at"])
    return taken


def _report(job: ImportJob, line: int, reason: str) -> None:
    job.rows_failed += 1
    if len(job.errors) < MAX_REPORTED_ERRORS:
        job.errors.append({"line": line, "reason": reason})


def import_run(*, job_id: int, enqueue: Enqueue) -> None:
    """Run (or go on with) an import job: validate each row, match it, create / update / skip as the job says.

    Args:
        job_id: the ImportJob the queue carried; skipped unless it is pending.
        enqueue: how the job queues itself again (tasks.import_enqueue), passed in so this module never imports
            the tasks. A job that has run for half of VOICECRM_JOB_TIMEOUT stops after its current chunk and
            queues itself again, so a long import never reaches the queue's timeout nor holds the worker from
            recordings for long.

    A file that cannot be read fails the job (``error`` says why); a bad row is reported in ``errors`` with its
    line and reason (in the uploader's language) and nothing of it is written. A worker told to stop, or the
    queue's timeout, hands the job back (pending) after the current chunk's transaction rolled back.
    """
    job = _claim(job_id)
    if job is None:
        log.info("import=%s not pending (already taken or done): skipped", job_id)
        return
    # The report's reasons (the validation's and ours) in the language of the user who uploaded the file.
    with translation.override(job.language or None):
        _import(job, enqueue=enqueue)


def _import(job: ImportJob, *, enqueue: Enqueue) -> None:
    started = time.monotonic()
    try:
        with job.file.open("rb") as stored:
            data = stored.read()
        table = read_table(name=job.file_name, data=data, delimiter=job.delimiter or None)
    except (UnreadableFileError, OSError) as exc:
        log.warning("import=%s failed: %s", job.pk, exc)
        _finish(job, status=ImportStatus.FAILED, error=str(exc))
        return
    if job.rows_total != len(table.rows):
        job.rows_total = len(table.rows)
        job.save(update_fields=["rows_total", "updated_at"])
    try:
        for start in range(job.rows_done, len(table.rows), CHUNK_ROWS):
            checked = []
            for row in table.rows[start:start + CHUNK_ROWS]:
                try:
                    checked.append(_Checked(row.line, row_fields(row, job.mapping, phone_region=job.phone_region)))
                except InvalidFieldsError as exc:
                    checked.append(_Checked(row.line, None, str(exc)))
            while checked:
                checked = checked[_write_chunk(job, checked):]
            if job.rows_done < len(table.rows) and time.monotonic() - started > settings.JOB_TIMEOUT / 2:
                ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PENDING, updated_at=timezone.now())
                enqueue(job=job)
                log.info("import=%s: %s/%s rows, queued again to go on", job.pk, job.rows_done, job.rows_total)
                return
    except (KeyboardInterrupt, SystemExit):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PENDING, enqueued_at=None)
        raise
    except TaskTimeout:
        # The queue's hard limit cut a chunk short (rolled back): go on from the last committed one.
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PENDING, updated_at=timezone.now())
        enqueue(job=job)
        log.warning("import=%s: timed out at %s/%s rows, queued again to go on", job.pk, job.rows_done,
                    job.rows_total)
        return
    except Exception as exc:
        log.exception("import=%s failed", job.pk)
        job.refresh_from_db()
        _finish(job, status=ImportStatus.FAILED, error=_("the import stopped at row %(row)s: %(error)s")
                % {"row": job.rows_done + 1, "error": exc})
        return
    _finish(job, status=ImportStatus.COMPLETED)
    log.info("import=%s completed: %s rows in %.1f s", job.pk, job.rows_total, time.monotonic() - started)
