"""What every transcriber takes and returns, and the errors it may raise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Protocol

from voicecrm.errors import PermanentError, TransientError


class SpeechError(Exception):
    """Any failure of speech to text; each subclass also says whether retrying can help (voicecrm.errors)."""


class TranscriptionError(SpeechError, TransientError):
    """A failure worth retrying: a backend that timed out, answered 5xx, or a model error."""

    code = "transcription_failed"


class PermanentAudioError(SpeechError, PermanentError):
    """The recording itself is the problem; retrying cannot help."""


class AudioDecodeError(PermanentAudioError):
    """The file is not audio any decoder here reads ("not_audio"), or holds no sound ("audio_empty")."""

    code = "not_audio"


class NoSpeechError(PermanentAudioError):
    """The audio holds silence or noise only; `params["seconds"]`: how long it lasts."""

    code = "no_speech"


@dataclass(frozen=True)
class Word:
    """One word as the speech model heard it."""

    text: str  # as written in the transcript, without surrounding spaces
    start: float  # seconds from the start of the decoded speech
    end: float  # seconds
    probability: float  # 0–1: the model's probability of the word's tokens


@dataclass(frozen=True)
class Transcript:
    """What a recording said, and how sure the speech model was of it.

    ``words`` are empty when the backend gives no word probabilities (an API without them).
    ``review`` says why the text should be checked by a person before anything is taken from it:
    "low_confidence" (over a third of the words barely heard), "repetition" (the decoding looped) or
    "unsupported_language" (the speech is in none of the supported languages); None when it reads well.
    """

    text: str
    language: str | None
    duration: float  # seconds of audio, silences included
    language_probability: float | None = None
    words: tuple[Word, ...] = ()
    avg_logprob: float | None = None  # mean token log-probability over the segments
    no_speech_prob: float | None = None  # highest over the segments
    compression_ratio: float | None = None  # highest over the segments (Whisper loops above ~2.4)
    review: str | None = None


class Transcriber(Protocol):
    def transcribe(self, audio: BinaryIO, *, language: str | None = None) -> Transcript:
        """Turn a recording (any container PyAV reads) into text.

        Args:
            audio: a seekable binary file.
            language: "fr", "en"…, or None to detect it among the backend's supported languages.

        Raises:
            AudioDecodeError, NoSpeechError: the recording is the problem (permanent).
            TranscriptionError: worth retrying (a backend that timed out, a model that failed).
        """
        ...
