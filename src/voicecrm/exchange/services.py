"""Starting an import: the file checked against its mapping, stored, and its job queued."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from voicecrm.crm.models import CLIENT_FIELDS

from .formats import read_table
from .models import Duplicates, ImportJob
from .selectors import mapping_proposed
from .tasks import import_enqueue

# An import file larger than this is refused (413): 10,000 clients with notes fit in a few megabytes.
IMPORT_MAX_BYTES = 20 * 1024 * 1024


class InvalidImportError(ValueError):
    """The import cannot start as asked (a mapping or a policy that does not fit the file); the message says
    why (400)."""


def import_create(*, owner: AbstractBaseUser, name: str, data: bytes, duplicates: str,
                  mapping: list[str] | None = None, delimiter: str | None = None,
                  phone_region: str = "", language: str = "") -> ImportJob:
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
        language: the uploader's language code: the job's report is written in it (empty: the default).

    Raises:
        formats.UnreadableFileError: neither CSV nor vCard text.
        InvalidImportError: an unknown policy, a mapping of another length than the columns, an unknown field,
            a field mapped twice, or no column mapped at all.
    """
    if duplicates not in Duplicates.values:
        raise InvalidImportError(_("unknown duplicates policy %(policy)s: use create, update or skip")
                                 % {"policy": repr(duplicates)})
    table = read_table(name=name, data=data, delimiter=delimiter)
    mapping = mapping_proposed(table) if mapping is None else [field or "" for field in mapping]
    if len(mapping) != len(table.header):
        raise InvalidImportError(_("the mapping names %(mapped)s column(s) but the file has %(columns)s: give one "
                                   "field (or an empty string) per column")
                                 % {"mapped": len(mapping), "columns": len(table.header)})
    unknown = sorted({field for field in mapping if field and field not in CLIENT_FIELDS})
    if unknown:
        raise InvalidImportError(_("unknown field(s) in the mapping: %(unknown)s; fields: %(fields)s")
                                 % {"unknown": ", ".join(unknown), "fields": ", ".join(CLIENT_FIELDS)})
    twice = sorted({field for field in mapping if field and mapping.count(field) > 1})
    if twice:
        raise InvalidImportError(_("field(s) mapped to more than one column: %(fields)s")
                                 % {"fields": ", ".join(twice)})
    if not any(mapping):
        raise InvalidImportError(_("no column is mapped to a client field: nothing would be imported"))
    with transaction.atomic():
        job = ImportJob(owner=owner, file_name=name[:255], format=table.format, encoding=table.encoding,
                        delimiter=table.delimiter, mapping=mapping, duplicates=duplicates,
                        phone_region=phone_region[:2].upper(), language=language[:16], rows_total=len(table.rows))
        job.file.save(f"import-{owner.pk}.{'vcf' if table.format == 'vcard' else 'csv'}", ContentFile(data),
                      save=False)
        job.save()
        transaction.on_commit(partial(import_enqueue, job=job))
    return job
