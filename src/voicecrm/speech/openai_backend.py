"""Speech-to-text through any OpenAI-compatible /v1/audio/transcriptions endpoint."""

from __future__ import annotations

from typing import BinaryIO

import openai

from .audio import SAMPLE_RATE, decode_audio, require_speech
from .base import NoSpeechError, Transcript, TranscriptionError


class OpenAITranscriber:
    def __init__(self, *, model: str = "whisper-1", api_key: str | None = None, base_url: str | None = None,
                 timeout: float = 60.0) -> None:
        # Retries belong to the job (with its delays), not to the client.
        self.client = openai.OpenAI(api_key=api_key or "missing-key", base_url=base_url, timeout=timeout,
                                    max_retries=0)
        self.model = model

    def transcribe(self, audio: BinaryIO, *, language: str | None = None) -> Transcript:
        # Decode locally first: unreadable or silent audio is a permanent error, not a reason to pay an API.
        samples = decode_audio(audio)
        require_speech(samples)
        duration = samples.size / SAMPLE_RATE
        audio.seek(0)
        name = getattr(audio, "name", None) or "audio.webm"
        try:
            kwargs = {"language": language} if language else {}
            result = self.client.audio.transcriptions.create(
                model=self.model, file=(name.rsplit("/", 1)[-1], audio.read()),
                response_format="verbose_json", **kwargs)
        except openai.APIStatusError as exc:
            raise TranscriptionError(f"transcription API answered {exc.status_code}: {_message(exc)}") from exc
        except openai.APIConnectionError as exc:
            raise TranscriptionError(f"transcription API unreachable at {self.client.base_url}: {exc}") from exc
        text = (getattr(result, "text", "") or "").strip()
        if not text:
            raise NoSpeechError(f"no speech found in {duration:.1f}s of audio", seconds=round(duration, 1))
        detected = getattr(result, "language", None) or language
        return Transcript(text=text, language=_iso_language(detected), duration=duration)


def _message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
    return exc.message


_NAMES = {"english": "en", "french": "fr"}


def _iso_language(value: str | None) -> str | None:
    if not value:
        return None
    return _NAMES.get(value.lower(), value.lower())
