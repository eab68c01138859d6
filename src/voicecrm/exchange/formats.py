"""Reading and writing the exchange formats: CSV (as Excel and spreadsheets write it) and vCard 4.0 (RFC 6350).

Plain functions over bytes, text and dicts: the importer and the exports call them, the tests too. vCards are
parsed and written by `vobject`, never by hand.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import vobject
from django.utils.translation import gettext as _

from voicecrm.extraction import FIELD_NAMES, fold


class UnreadableFileError(ValueError):
    """The file is neither a CSV table nor vCards; the message says what was expected (400 / 415)."""


# Encodings tried in turn: UTF-8 (with or without the BOM Excel writes), then Windows-1252, what Excel writes
# for "CSV" on Western-European Windows. Every byte but five decodes in Windows-1252; a file that is not
# UTF-8 and not Windows-1252 is refused rather than read wrong.
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))
DELIMITERS = (",", ";", "\t", "|")

# Header words, folded (extraction.fold: no case or accents, hyphens as spaces, punctuation dropped), that
# propose a client field for a column: the API's names, and what CRMs and spreadsheets call them in English and
# French. Anything else is proposed as ignored; the user changes the mapping before the import starts.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "firstname", "given name", "first", "forename", "prenom"),
    "last_name": ("last name", "lastname", "surname", "family name", "last", "nom", "nom de famille"),
    "age": ("age",),
    "email": ("email", "e mail", "mail", "email address", "e mail address", "courriel", "adresse email",
              "adresse e mail", "adresse mail"),
    "phone": ("phone", "telephone", "tel", "phone number", "mobile", "mobile phone", "cell", "cell phone",
              "portable", "numero de telephone", "telephone mobile", "numero"),
    "city": ("city", "town", "ville", "localite", "commune"),
    "company": ("company", "company name", "organization", "organisation", "org", "account", "account name",
                "societe", "entreprise", "compagnie", "raison sociale"),
    "job_title": ("job title", "title", "position", "role", "job", "poste", "fonction", "titre", "intitule du poste"),
    "budget": ("budget", "amount", "montant"),
    "notes": ("notes", "note", "comment", "comments", "description", "remarks", "commentaire", "commentaires",
              "remarques"),
}
_WORD_FIELD = {word: name for name, words in HEADER_WORDS.items() for word in words}

# Excel runs a cell that starts with one of these as a formula (OWASP, "CSV Injection"): the export writes such
# a text value after an apostrophe, which spreadsheets hide, and the import takes that apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# vCard properties for the two fields vCard has no property for (RFC 6350 §6.10: x-name extensions).
X_AGE = "x-voicecrm-age"
X_BUDGET = "x-voicecrm-budget"
VCARD_VERSION = "4.0"
_UID_NAMESPACE = uuid.UUID("3f1b0d2c-5c7e-4b8e-9a51-6c1c0f4e2a90")


@dataclass
class Row:
    """A data row: the line of the file where it starts (1-based), its cells, or why it cannot be read."""

    line: int
    cells: list[str]
    error: str = ""


@dataclass
class Table:
    """A file read as a table. For vCards the columns are the client fields, one row per card."""

    format: str                    # "csv" or "vcard"
    encoding: str                  # "UTF-8", "Windows-1252"
    delimiter: str                 # CSV only
    header: list[str]
    rows: list[Row] = field(default_factory=list)


def file_format(*, name: str, data: bytes) -> str:
    """"vcard" for a file that starts with BEGIN:VCARD (after a BOM or blank lines), "csv" otherwise."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if head.startswith(b"BEGIN:VCARD") or name.lower().endswith((".vcf", ".vcard")):
        return "vcard"
    return "csv"


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding (ENCODINGS, in that order).

    Raises:
        UnreadableFileError: binary data (a NUL byte), or text in neither UTF-8 nor Windows-1252.
    """
    if b"\x00" in data[:65536]:
        raise UnreadableFileError(_("this is not a text file (it holds NUL bytes): export the table as CSV "
                                    "(UTF-8) or the contacts as vCard (.vcf)"))
    for codec, label in ENCODINGS:
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError(_("the file is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8"))


def delimiter_guess(text: str) -> str:
    """The delimiter of DELIMITERS that occurs most often in the header line outside quotes (a comma when none
    does, e.g. a one-column file): Excel writes semicolons where the decimal separator is a comma."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(text: str, *, encoding: str, delimiter: str | None = None) -> Table:
    """``text`` as a header and its data rows; blank rows are left out. Each row keeps the line it starts on
    (a quoted cell may span lines).

    Raises:
        UnreadableFileError: no header, a malformed CSV (the line is named), a delimiter not in DELIMITERS.
    """
    if delimiter and delimiter not in DELIMITERS:
        raise UnreadableFileError(_("unknown delimiter %(delimiter)s: use a comma, a semicolon, a tab or |")
                                  % {"delimiter": repr(delimiter)})
    delimiter = delimiter or delimiter_guess(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    table = Table(format="csv", encoding=encoding, delimiter=delimiter, header=[])
    line = 1
    try:
        for cells in reader:
            if not table.header:
                if any(cell.strip() for cell in cells):
                    table.header = [cell.strip() for cell in cells]
            elif any(cell.strip() for cell in cells):
                table.rows.append(Row(line=line, cells=cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFileError(_("line %(line)s: not a readable CSV row (%(error)s)")
                                  % {"line": line, "error": exc}) from None
    if not table.header:
        raise UnreadableFileError(_("the file is empty: a CSV file needs a header row naming its columns"))
    return table


def _card_values(card: Any) -> list[str]:
    """A parsed vCard's cells in FIELD_NAMES order ("" where the card has nothing)."""
    values = dict.fromkeys(FIELD_NAMES, "")
    n = getattr(card, "n", None)
    if n is not None and isinstance(n.value, vobject.vcard.Name):
        values["first_name"] = _joined(n.value.given)
        values["last_name"] = _joined(n.value.family)
    if not (values["first_name"] or values["last_name"]) and hasattr(card, "fn"):
        given, _, family = str(card.fn.value).strip().partition(" ")
        values["first_name"], values["last_name"] = given, family
    if hasattr(card, "email"):
        values["email"] = str(card.email.value)
    if hasattr(card, "tel"):
        values["phone"] = str(card.tel.value).removeprefix("tel:")
    adr = getattr(card, "adr", None)
    if adr is not None and isinstance(adr.value, vobject.vcard.Address):
        values["city"] = _joined(adr.value.city)
    org = getattr(card, "org", None)
    if org is not None:
        values["company"] = _joined(org.value[:1] if isinstance(org.value, list) else org.value)
    if hasattr(card, "title"):
        values["job_title"] = str(card.title.value)
    if hasattr(card, "note"):
        values["notes"] = str(card.note.value)
    for name, prop in (("age", X_AGE), ("budget", X_BUDGET)):
        if prop in card.contents:
            values[name] = str(card.contents[prop][0].value)
    return [values[name] for name in FIELD_NAMES]


def _joined(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(part) for part in value if part).strip()
    return str(value or "").strip()


def read_vcards(text: str, *, encoding: str) -> Table:
    """Each BEGIN:VCARD … END:VCARD block as a row (its line is the BEGIN line); a card vobject cannot parse
    is a row with its error, and the others are read all the same.

    Raises:
        UnreadableFileError: no vCard in the text.
    """
    table = Table(format="vcard", encoding=encoding, delimiter="", header=list(FIELD_NAMES))
    block: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        upper = raw.strip().upper()
        if upper == "BEGIN:VCARD":
            block, start = [raw], number
        elif block:
            block.append(raw)
            if upper == "END:VCARD":
                table.rows.append(_card_row("\r\n".join(block) + "\r\n", line=start))
                block = []
    if block:
        table.rows.append(Row(line=start, cells=[], error=_("this vCard has no END:VCARD line")))
    if not table.rows:
        raise UnreadableFileError(_("no vCard in the file: it should hold BEGIN:VCARD … END:VCARD blocks"))
    return table


def _card_row(text: str, *, line: int) -> Row:
    try:
        card = vobject.readOne(text)
        return Row(line=line, cells=_card_values(card))
    except Exception as exc:  # vobject raises ParseError, but also ValueError/AttributeError on odd values
        return Row(line=line, cells=[], error=_("not a readable vCard: %(error)s") % {"error": exc})


def read_table(*, name: str, data: bytes, delimiter: str | None = None) -> Table:
    """An uploaded file as a Table: its format from its content (file_format), its encoding (decode), its
    delimiter (given, or delimiter_guess).

    Raises:
        UnreadableFileError: see decode, read_csv and read_vcards.
    """
    if not data.strip():
        raise UnreadableFileError(_("the file is empty"))
    text, encoding = decode(data)
    if file_format(name=name, data=data) == "vcard":
        return read_vcards(text, encoding=encoding)
    return read_csv(text, encoding=encoding, delimiter=delimiter)


def mapping_propose(header: Iterable[str]) -> list[str]:
    """Per column, the client field its header names (HEADER_WORDS), or "" (ignored); a field goes to the first
    column that names it."""
    proposed: list[str] = []
    for title in header:
        key = " ".join(re.sub(r"[^\w ]+", " ", fold(title).replace("_", " ")).split())
        name = key if key.replace(" ", "_") in FIELD_NAMES else _WORD_FIELD.get(key, "")
        name = name.replace(" ", "_")
        proposed.append("" if name in proposed else name)
    return proposed


def cell_value(cell: str) -> str:
    """A cell as the user meant it: trimmed, and without the apostrophe a spreadsheet export put before a
    formula-like value (FORMULA_STARTS)."""
    value = cell.strip()
    if value.startswith("'") and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


# --- Writing ----------------------------------------------------------------------------------------------

CSV_COLUMNS = ("id", *FIELD_NAMES, "created_at", "updated_at")
BOM = "\ufeff"


def _csv_text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    text = str(value)
    if name != "phone" and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV of ``records`` (dicts with the CSV_COLUMNS keys) line by line: a UTF-8 BOM and the header first,
    for Excel; CRLF line ends (RFC 4180); times in ISO 8601; formula-like text escaped (FORMULA_STARTS)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield BOM + buffer.getvalue()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_text(name, record.get(name)) for name in CSV_COLUMNS])
        yield buffer.getvalue()


def vcard_text(record: dict[str, Any], *, uid_seed: str) -> str:
    """One client (a dict with the CSV_COLUMNS keys) as a vCard 4.0, written by vobject: FN, N, EMAIL, TEL
    (a tel: URI, RFC 6350 §6.4.1), ADR (its locality), ORG, TITLE, NOTE, REV, a stable UID made from
    ``uid_seed``, and X-VOICECRM-AGE / X-VOICECRM-BUDGET for the fields vCard has no property for."""
    card = vobject.vCard()
    card.add("version").value = VCARD_VERSION
    card.add("uid").value = f"urn:uuid:{uuid.uuid5(_UID_NAMESPACE, uid_seed)}"
    card.add("kind").value = "individual"
    first, last = record.get("first_name") or "", record.get("last_name") or ""
    full = " ".join(part for part in (first, last) if part)
    # FN is the one property RFC 6350 requires: a client known only by a company or an email is named by it.
    card.add("fn").value = full or record.get("company") or record.get("email") or f"Client {record.get('id')}"
    card.add("n").value = vobject.vcard.Name(family=last, given=first)
    if record.get("email"):
        card.add("email").value = record["email"]
    if record.get("phone"):
        tel = card.add("tel")
        tel.value = f"tel:{record['phone']}"
        tel.params["VALUE"] = ["uri"]
    if record.get("city"):
        card.add("adr").value = vobject.vcard.Address(city=record["city"])
    if record.get("company"):
        card.add("org").value = [record["company"]]
    if record.get("job_title"):
        card.add("title").value = record["job_title"]
    if record.get("notes"):
        card.add("note").value = record["notes"]
    if record.get("age") is not None:
        card.add(X_AGE).value = str(record["age"])
    if record.get("budget") is not None:
        card.add(X_BUDGET).value = _csv_text("budget", record["budget"])
    if record.get("updated_at"):
        card.add("rev").value = record["updated_at"].astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return card.serialize()
