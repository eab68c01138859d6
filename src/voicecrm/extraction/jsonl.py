"""The `extract --jsonl` contract: one JSON object per line in, one per line out."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import IO, Any

from .base import Extractor
from .merge import merge_fields

# The languages the extractors read; a note in another is refused rather than read with the wrong cue words.
SUPPORTED = ("fr", "en")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _answer(row: Any, extractor: Extractor) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ValueError("each line must be a JSON object with at least a 'text' member")
    text = row.get("text")
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate:
        # JSON's "\ud800" escape decodes to a code point no UTF-8 text can hold.
        raise ValueError(f"'text' is not valid Unicode: a lone surrogate {surrogate.group()!r} at character "
                         f"{surrogate.start()}")
    existing = row.get("existing")
    if existing is not None and not isinstance(existing, dict):
        raise ValueError("'existing' must be an object or null")
    language = row.get("language") or None
    if language is not None and (not isinstance(language, str) or language.lower()[:2] not in SUPPORTED):
        raise ValueError(f"'language' must be one of {', '.join(SUPPORTED)} (or a tag such as \"fr-FR\") or null, "
                         f"not {language!r}")
    extraction = extractor.extract(text, language=language, existing=existing, now=_now(row.get("now")))
    if existing is not None:
        fields = merge_fields(existing, extraction).record
    else:
        fields = extraction.values()
    return {"id": row.get("id"), "fields": fields, "tasks": extraction.tasks_json(), "note": extraction.note}


def _now(value: Any) -> datetime:
    """The recording's naive local time from ``"YYYY-MM-DDTHH:MM"``; the current local time when absent."""
    if value is None:
        return datetime.now().replace(second=0, microsecond=0)
    if not isinstance(value, str):
        raise ValueError("'now' must be a local time as \"YYYY-MM-DDTHH:MM\"")
    try:
        # An offset, if one is given, is dropped: the wall-clock time is what "demain à 10 h" counts from.
        return datetime.fromisoformat(value).replace(tzinfo=None, second=0, microsecond=0)
    except ValueError:
        raise ValueError(f"'now' must be a local time as \"YYYY-MM-DDTHH:MM\", not {value!r}") from None


def run_jsonl(infile: IO[str], outfile: IO[str], extractor: Extractor) -> None:
    """Read ``{"id", "text", "language", "existing", "now"}`` lines, write ``{"id", "fields", "tasks", "note"}``.

    With ``existing``, ``fields`` is the merged record, as an update would store it. ``now`` is the
    recording's local time ``"YYYY-MM-DDTHH:MM"`` (default: the current local time); ``tasks`` are
    ``[{"title", "due"}]`` with ``due`` ``"YYYY-MM-DD"`` or ``"YYYY-MM-DDTHH:MM"``; ``note`` is a string
    or null. A line that
    cannot be handled gives ``{"id", "error"}`` and the next line is read; each answer is flushed
    at once so a caller can stream.
    """
    for line in infile:
        if not line.strip():
            continue
        row_id = None
        try:
            row = json.loads(line)
            if isinstance(row, dict):
                row_id = row.get("id")
            answer = _answer(row, extractor)
        except Exception as exc:  # one bad line must not stop the stream
            answer = {"id": row_id, "error": f"{type(exc).__name__}: {exc}"}
        out = json.dumps(answer, ensure_ascii=False, default=str)
        if _LONE_SURROGATE.search(out):  # an id that is no valid Unicode is written escaped
            out = json.dumps(answer, default=str)
        outfile.write(out + "\n")
        outfile.flush()
