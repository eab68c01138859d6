"""What every transcriber takes and returns, and the errors it may raise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Protocol


class TranscriptionError(Exception):
    """A failure worth retrying: a backend that timed out, answered 5xx, or a model error."""


class PermanentAudioError(TranscriptionError):
    """The recording itself is the problem; retrying cannot help."""


class AudioDecodeError(PermanentAudioError):
    pass


class NoSpeechError(PermanentAudioError):
    pass


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
