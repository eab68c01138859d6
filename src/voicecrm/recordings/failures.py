"""Why a recording failed, for people: each failure code's message (in the reader's language) and whether a
Retry can help.

The job stores a failure as its code and parameters (AudioRecord.error_code, error_params; voicecrm.errors);
the message is written from them when it is read, in the language active then (the request's), so a failure
stored by an English worker reads in French to a French user. The English text the worker logged stays in
AudioRecord.error for the operators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Failure:
    message: Promise  # a lazy gettext template; params fill its %(name)s
    retryable: bool  # may a new attempt succeed without changing the recording?


FAILURES: dict[str, Failure] = {
    "no_speech": Failure(_("No speech found in the recording (%(seconds)s s). Try again closer to the "
                           "microphone."), False),
    "not_audio": Failure(_("The file could not be read as audio. Record again, or send a webm, ogg, mp4, wav, "
                           "mp3 or flac file."), False),
    "audio_empty": Failure(_("The recording holds no sound. Record again."), False),
    "too_long": Failure(_("The recording lasts %(minutes)s min; the limit is %(limit)s min. Split it into "
                          "shorter recordings."), False),
    "audio_deleted": Failure(_("The audio of this recording was deleted after its retention period: it cannot "
                               "be processed again. Edit the transcript and apply it instead."), False),
    "transcription_failed": Failure(_("Transcription failed on the server. Retry in a moment."), True),
    "model_unavailable": Failure(_("The speech model is not available on the server. Retry later, or tell "
                                   "your administrator."), True),
    "extraction_failed": Failure(_("Reading the details from the transcript failed. Retry in a moment."), True),
    "extraction_timeout": Failure(_("Reading the details from the transcript took too long. Retry in a "
                                    "moment."), True),
    "extraction_rejected": Failure(_("The extraction service refused the request. Tell your administrator, "
                                     "then retry."), True),
    "extraction_not_configured": Failure(_("Extraction is not configured on the server. Tell your "
                                           "administrator, then retry."), True),
    "job_timeout": Failure(_("Processing took longer than %(seconds)s s and was stopped. Retry, or split the "
                             "recording."), True),
    "worker_stopped": Failure(_("The server stopped during processing. Retry."), True),
    "worker_lost": Failure(_("The server stopped responding during processing. Retry."), True),
    "storage_error": Failure(_("The recording could not be read from the server's storage. Retry later."), True),
    "internal_error": Failure(_("Processing failed because of a server error. Retry; if it fails again, tell "
                                "your administrator."), True),
}


def failure_retryable(code: str) -> bool:
    """Whether retrying a recording that failed with `code` can help (unknown or empty codes: yes — a failure
    stored before codes existed is given the benefit of the doubt)."""
    failure = FAILURES.get(code)
    return failure is None or failure.retryable


def failure_message(code: str, params: dict[str, Any] | None = None, *, fallback: str = "") -> str:
    """The message for a failure in the active language, numbers written as that language writes them
    ("5,0" in French); `fallback` (the stored English text) for a code this version does not know."""
    failure = FAILURES.get(code)
    if failure is None:
        return fallback or str(FAILURES["internal_error"].message)
    values = {key: number_format(value) if isinstance(value, float) else value
              for key, value in (params or {}).items()}
    try:
        return str(failure.message) % values
    except (KeyError, TypeError, ValueError):  # parameters from an older version of the message
        return fallback or str(failure.message).split(" (%(")[0]


def non_retryable_codes() -> list[str]:
    """The codes a Retry cannot help (a retry-all skips them)."""
    return [code for code, failure in FAILURES.items() if not failure.retryable]
