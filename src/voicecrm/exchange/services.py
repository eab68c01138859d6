"""Import and export of a user's clients: the preview of a file, starting an import job, the export streams."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet

from voicecrm.crm.models import CLIENT_FIELDS, Client
from voicecrm.crm.selectors import clients_for_user

from .formats import CSV_COLUMNS, Table, csv_lines, mapping_propose, read_table, vcard_text
from .models import Duplicates, ImportJob
from .tasks import import_enqueue

# An import file larger than this is refused (413): 10,000 clients with notes fit in a few megabytes.
IMPORT_MAX_BYTES = 20 * 1024 * 1024
PREVIEW_ROWS = 10


class InvalidImportError(ValueError):
    """The import cannot start as asked (a mapping or a policy that does not fit the file); the message says
    why (400)."""


def import_preview(*, name: str, data: bytes, delimiter: str | None = None) -> dict[str, Any]:
    """What an import of the file would read, before anything is written.

    Returns:
        ``{"format": "csv"|"vcard", "encoding", "delimiter", "columns": [header, …], "mapping": [field or "", …]
        (proposed from the header: formats.mapping_propose), "rows": [{"line", "cells", "error"}, …] (the first
        PREVIEW_ROWS), "rows_total"}``.

    Raises:
        formats.UnreadableFileError: neither CSV nor vCard text.
    """
    table = read_table(name=name, data=data, delimiter=delimiter)
    return {"format": table.format, "encoding": table.encoding, "delimiter": table.delimiter,
            "columns": table.header, "mapping": _proposed(table),
            "rows": [{"line": row.line, "cells": row.cells, "error": row.error} for row in table.rows[:PREVIEW_ROWS]],
            "rows_total": len(table.rows)}


def _proposed(table: Table) -> list[str]:
    return list(table.header) if table.format == "vcard" else mapping_propose(table.header)


def import_create(*, owner: AbstractBaseUser, name: str, data: bytes, duplicates: str,
                  mapping: list[str] | None = None, delimiter: str | None = None,
                  phone_region: str = "") -> ImportJob:
    """Store the file and queue its import as a job (tasks.import_enqueue, once the row is committed).

    Args:
        name: the uploaded file's name (kept for the report; ``.vcf`` marks a vCard file).
        data: the file's bytes (at most IMPORT_MAX_BYTES; the caller checks the size).
        duplicates: a Duplicates value: what a row that matches an existing client does.
        mapping: per column of the CSV, the client field it fills or "" to ignore it; None: the mapping the
            preview proposes. For vCards the columns are the client fields themselves.
        delimiter: the CSV delimiter, or None to detect it as the preview does.
        phone_region: where the job reads phone numbers written without a country code (ISO 3166-1 alpha-2;
            the API passes the uploader's, accounts.selectors.user_phone_region, as its PATCH does).

    Raises:
        formats.UnreadableFileError: neither CSV nor vCard text.
        InvalidImportError: an unknown policy, a mapping of another length than the columns, an unknown field,
            a field mapped twice, or no column mapped at all.
    """
    if duplicates not in Duplicates.values:
        raise InvalidImportError(f"unknown duplicates policy {duplicates!r}: use create, update or skip")
    table = read_table(name=name, data=data, delimiter=delimiter)
    mapping = _proposed(table) if mapping is None else [field or "" for field in mapping]
    if len(mapping) != len(table.header):
        raise InvalidImportError(f"the mapping names {len(mapping)} column(s) but the file has {len(table.header)}: "
                                 "give one field (or an empty string) per column")
    unknown = sorted({field for field in mapping if field and field not in CLIENT_FIELDS})
    if unknown:
        raise InvalidImportError(f"unknown field(s) in the mapping: {', '.join(unknown)}; fields: "
                                 f"{', '.join(CLIENT_FIELDS)}")
    twice = sorted({field for field in mapping if field and mapping.count(field) > 1})
    if twice:
        raise InvalidImportError(f"field(s) mapped to more than one column: {', '.join(twice)}")
    if not any(mapping):
        raise InvalidImportError("no column is mapped to a client field: nothing would be imported")
    with transaction.atomic():
        job = ImportJob(owner=owner, file_name=name[:255], format=table.format, encoding=table.encoding,
                        delimiter=table.delimiter, mapping=mapping, duplicates=duplicates,
                        phone_region=phone_region[:2].upper(), rows_total=len(table.rows))
        job.file.save(f"import-{owner.pk}.{'vcf' if table.format == 'vcard' else 'csv'}", ContentFile(data),
                      save=False)
        job.save()
        transaction.on_commit(partial(import_enqueue, job=job))
    return job


def import_get(*, user: AbstractBaseUser, import_id: int) -> ImportJob | None:
    """The user's import `import_id`, or None for an unknown id or another user's (the API's 404)."""
    return ImportJob.objects.filter(owner=user, pk=import_id).first()


def imports_for_user(*, user: AbstractBaseUser) -> QuerySet[ImportJob]:
    """The user's imports, newest first."""
    return ImportJob.objects.filter(owner=user).order_by("-created_at", "-id")


def _records(clients: QuerySet[Client]) -> Iterator[dict[str, Any]]:
    # One query read in chunks: an export of any size streams without the whole table in memory.
    return clients.values(*CSV_COLUMNS).iterator(chunk_size=1000)


def clients_export_csv(*, user: AbstractBaseUser, search: str = "", order: str = "-updated_at") -> Iterator[str]:
    """The user's clients (those `search` finds, as GET /api/clients finds them) as CSV text, line by line
    (formats.csv_lines: a BOM, the header CSV_COLUMNS, one line per client)."""
    return csv_lines(_records(clients_for_user(user=user, search=search, order=order)))


def clients_export_vcards(*, user: AbstractBaseUser, search: str = "", order: str = "-updated_at") -> Iterator[str]:
    """The user's clients (as clients_export_csv selects them) as vCard 4.0 text, one card at a time."""
    for record in _records(clients_for_user(user=user, search=search, order=order)):
        yield vcard_text(record, uid_seed=f"{user.pk}:{record['id']}")


def client_vcard(*, client: Client) -> str:
    """One client as a vCard 4.0 (the same card as in clients_export_vcards)."""
    record = {name: getattr(client, name) for name in CSV_COLUMNS}
    return vcard_text(record, uid_seed=f"{client.owner_id}:{client.pk}")
