"""The job's error vocabulary: is a failure worth another attempt or not? Said once, here.

Every error that speech, extraction or the job raises on purpose derives from one of these two classes,
so the job asks one question (`isinstance(exc, PermanentError)`). Anything else (a bug, a database that
blinked) is treated as transient: the attempt is retried within its budget (VOICECRM_MAX_ATTEMPTS).
Pure Python: imported by `speech/` and `extraction/`, which know nothing of Django.
"""

from __future__ import annotations


class PermanentError(Exception):
    """The input itself is the problem (unreadable audio, silence, a rejected request): retrying cannot help."""


class TransientError(Exception):
    """A failure worth retrying later: a backend that timed out, answered 5xx or 429, a model that failed."""
