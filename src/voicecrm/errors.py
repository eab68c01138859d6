"""The job's error vocabulary: is a failure worth another attempt or not, and which one is it? Said once, here.

Every error that speech, extraction or the job raises on purpose derives from one of these two classes,
so the job asks one question (`isinstance(exc, PermanentError)`). Anything else (a bug, a database that
blinked) is treated as transient: the attempt is retried within its budget (VOICECRM_MAX_ATTEMPTS).

Each error also carries a stable machine-readable `code` ("no_speech", "not_audio", …) and the `params` its
message is made of (``{"seconds": 5.0}``): the job stores both, and the message a user reads is written from
them in the user's language when it is read (voicecrm.recordings.failures), not in the English of the log.

The API's error body (`ErrorOut`: ``{"detail", "code"}``) is here too: the one shape every layer answers with.
Pure Python and pydantic: imported by `speech/` and `extraction/`, which know nothing of Django.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class CodedError(Exception):
    """An error with a stable `code` (the class's unless given) and the `params` a translated message needs."""

    code = "internal_error"

    def __init__(self, message: str = "", *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.params = params


class PermanentError(CodedError):
    """The input itself is the problem (unreadable audio, silence, a rejected request): retrying cannot help."""

    code = "invalid_input"


class TransientError(CodedError):
    """A failure worth retrying later: a backend that timed out, answered 5xx or 429, a model that failed."""

    code = "temporary_failure"


class ErrorOut(BaseModel):
    """Every API error: a message for people (in the request's language) and a stable code for programs.

    An endpoint that gives no `code` gets one from its HTTP status when the answer is written (voicecrm.api).
    """

    model_config = ConfigDict(json_schema_extra={"required": ["detail", "code"]})

    detail: str = Field(description="what went wrong and what to do, in the request's language")
    code: str = Field(default="", description="stable and machine-readable: not_found, invalid, not_audio, …")

    @model_validator(mode="before")
    @classmethod
    def _code_may_come_later(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("code") is None:
            return {**data, "code": ""}
        return data


class ServerErrorOut(ErrorOut):
    """An unexpected failure (500): `trace_id` finds its traceback in the server's log."""

    model_config = ConfigDict(json_schema_extra={"required": ["detail", "code", "trace_id"]})

    trace_id: str
