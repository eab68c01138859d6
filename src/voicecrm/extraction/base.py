"""The interface every extraction backend implements, and its errors."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from voicecrm.errors import PermanentError, TransientError

from .schema import Extraction


class ExtractionError(Exception):
    """Any failure of extraction; each subclass also says whether retrying can help (voicecrm.errors)."""


class PermanentExtractionError(ExtractionError, PermanentError):
    """Extraction failed and trying again will not help (bad credentials, a rejected request)."""

    code = "extraction_rejected"


class TransientExtractionError(ExtractionError, TransientError):
    """Extraction failed for a reason worth retrying later (timeout, 5xx, 429, malformed output)."""

    code = "extraction_failed"


@runtime_checkable
class Extractor(Protocol):
    """Turns a transcript into client fields, follow-up tasks and an interaction note."""

    def extract(
        self,
        text: str,
        *,
        language: str | None = None,
        existing: dict | None = None,
        now: datetime | None = None,
    ) -> Extraction:
        """Return the fields ``text`` states, its tasks and its note; ``existing`` is the current record when
        updating; ``now`` is the recording's naive local time, which due dates count from (default: the
        current local time)."""
        ...
