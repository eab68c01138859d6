"""The interface every extraction backend implements, and its errors."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from .schema import Extraction


class ExtractionError(Exception):
    """Extraction failed and trying again will not help (bad credentials, a rejected request)."""


class TransientExtractionError(ExtractionError):
    """Extraction failed for a reason worth retrying later (timeout, 5xx, 429, malformed output)."""


@runtime_checkable
class Extractor(Protocol):
    """Turns a transcript into client fields."""

    def extract(
        self, text: str, *, language: str | None = None, existing: dict | None = None
    ) -> Extraction:
        """Return the fields ``text`` states; ``existing`` is the current record when updating."""
        ...
