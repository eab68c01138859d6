"""Speech to text. Pure Python, no Django: bytes in, a Transcript out."""

from __future__ import annotations

import pkgutil
from typing import Any

from .audio import SUPPORTED, decode_audio, sniff_audio_format
from .base import (
    AudioDecodeError,
    NoSpeechError,
    PermanentAudioError,
    SpeechError,
    Transcriber,
    Transcript,
    TranscriptionError,
    Word,
)
from .models import ModelError

__all__ = [
    "SUPPORTED", "AudioDecodeError", "ModelError", "NoSpeechError", "PermanentAudioError", "SpeechError", "Transcriber",
    "BACKENDS", "Transcript", "TranscriptionError", "Word", "decode_audio", "get_transcriber",
    "sniff_audio_format",
]


# Built-in backends by short name; any other backend is named by the dotted path of its class.
BACKENDS: dict[str, str] = {
    "faster-whisper": "voicecrm.speech.faster_whisper_backend.FasterWhisperTranscriber",
    "openai": "voicecrm.speech.openai_backend.OpenAITranscriber",
}


def get_transcriber(backend: str, **options: Any) -> Transcriber:
    """Build the transcriber ``backend`` names, as Huey builds a storage from ``huey_class``.

    Args:
        backend: a short name of :data:`BACKENDS` or the dotted path of a class implementing
            :class:`Transcriber`.
        **options: passed untouched to the backend's constructor (for ``faster-whisper``: ``model``,
            ``cache_dir``, ``compute_type``, ``cpu_threads``, ``beam_size``…; for ``openai``: ``model``,
            ``api_key``, ``base_url``, ``timeout`` in seconds).

    Returns:
        The transcriber; a local model is loaded here, once (create it once per process and reuse it).

    Raises:
        ValueError: the name is neither a built-in backend nor an importable class.
        ModelError: the local model is missing or corrupt.
    """
    path = BACKENDS.get(backend, backend)
    try:
        backend_class = pkgutil.resolve_name(path)
    except (ImportError, AttributeError, ValueError):
        backend_class = None
    if not isinstance(backend_class, type):
        raise ValueError(f"unknown transcriber {backend!r}: use {' or '.join(BACKENDS)}, or a dotted path to a class "
                         "(VOICECRM_TRANSCRIBER)")
    return backend_class(**options)
