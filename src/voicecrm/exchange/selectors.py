"""Reading for import and export: a file's preview, a user's imports, their clients as CSV or vCard text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from voicecrm.crm.models import Client
from voicecrm.crm.selectors import clients_for_user

from .formats import CSV_COLUMNS, Table, csv_lines, mapping_propose, read_table, vcard_text
from .models import ImportJob

PREVIEW_ROWS = 10


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
            "columns": table.header, "mapping": mapping_proposed(table),
            "rows": [{"line": row.line, "cells": row.cells, "error": row.error} for row in table.rows[:PREVIEW_ROWS]],
            "rows_total": len(table.rows)}


def mapping_proposed(table: Table) -> list[str]:
    """The mapping proposed for a file: from a CSV's header (formats.mapping_propose); for vCards, whose columns
    are the client fields, each column to its field."""
    return list(table.header) if table.format == "vcard" else mapping_propose(table.header)


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
