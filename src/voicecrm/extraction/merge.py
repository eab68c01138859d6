"""Merging what an utterance states into an existing record: the one place the update rules live."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .fold import fold
from .schema import ExtractedField, Extraction


@dataclass
class MergeResult:
    """The record after the merge, what changed (field, old, new), and values held back for review."""

    record: dict[str, Any]
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    suggestions: dict[str, ExtractedField] = field(default_factory=dict)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(value)  # Decimal and numeric strings from a database row
    except (TypeError, ValueError):
        return value


def _same(old: Any, new: Any) -> bool:
    # "Paris" said again as "paris" or "Helene" as "Hélène", or 35 stored as 35.0, is not a change worth recording.
    return _comparable(old) == _comparable(new)


def merge_fields(existing: dict, extraction: Extraction, *, min_confidence: float = 0.6) -> MergeResult:
    """Apply the stated fields of ``extraction`` to a copy of ``existing``.

    Only stated fields change; notes are appended on a new line, never replaced; a value below
    ``min_confidence`` (0–1) is kept as a suggestion instead, whether the field is empty or holds another
    value; a value equal to the current one records no change.
    """
    record = dict(existing or {})
    result = MergeResult(record=record)
    for name, extracted in extraction.fields.items():
        new = extracted.value
        if _empty(new):
            continue
        old = record.get(name)
        if name == "notes":
            new_text = str(new).strip()
            if _empty(old):
                merged = new_text
            elif _comparable(new_text) in _comparable(str(old)):
                continue  # the same note delivered twice must not be appended twice
            else:
                merged = f"{str(old).rstrip()}\n{new_text}"
            record[name] = merged
            result.changes.append((name, old, merged))
            continue
        if not _empty(old) and _same(old, new):
            continue
        if extracted.confidence < min_confidence:
            # Heard with too little confidence to become data, on a new client as on an existing one.
            result.suggestions[name] = extracted
            continue
        record[name] = new
        result.changes.append((name, old, new))
    return result
