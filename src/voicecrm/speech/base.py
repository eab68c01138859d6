"""What every transcriber takes and returns, and the errors it may raise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Protocol

from voicecrm.errors import PermanentError, TransientError


class SpeechError(Exception):
    """Any failure of speech to text; each subclass also says whether retrying can help (voicecrm.errors)."""


class TranscriptionError(SpeechError, TransientError):
    """A failure worth retrying: a backend that timed out, answered 5xx, or a model error."""


class PermanentAudioError(SpeechError, PermanentError):
    """The recording itself is the problem; retrying cannot help."""


class AudioDecodeError(PermanentAudioError):
    """The file is not audio any decoder here reads, or holds no sound."""


class NoSpeechError(PermanentAudioError):
    """The audio holds silence or noise only."""


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str | None
    duration: float
    language_probability: float | None = None


class Transcriber(Protocol):
    def transcribe(self, audio: BinaryIO, *, language: str | None = None) -> Transcript:
        """Turn a recording (any container PyAV reads) into text."""
        ...
