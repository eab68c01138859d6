"""Speech to text. Pure Python, no Django: bytes in, a Transcript out."""

from __future__ import annotations

from pathlib import Path

from .audio import SUPPORTED, decode_audio, sniff_audio_format
from .base import (
    AudioDecodeError,
    NoSpeechError,
    PermanentAudioError,
    Transcriber,
    Transcript,
    TranscriptionError,
)
from .models import ModelError

__all__ = [
    "SUPPORTED", "AudioDecodeError", "ModelError", "NoSpeechError", "PermanentAudioError", "Transcriber",
    "Transcript", "TranscriptionError", "decode_audio", "get_transcriber", "sniff_audio_format",
]


def get_transcriber(name: str, *, whisper_model: str = "bundled-base", cache_dir: Path | None = None,
                    compute_type: str = "int8", cpu_threads: int = 0, beam_size: int = 5,
                    vad_filter: bool = False, temperatures: tuple[float, ...] = (0.0, 0.5), best_of: int = 1,
                    batched_after: float = 0, openai_model: str = "whisper-1",
                    api_key: str | None = None, base_url: str | None = None, timeout: float = 60.0) -> Transcriber:
    """Build the transcriber the VOICECRM_TRANSCRIBER setting names."""
    if name == "faster-whisper":
        from .faster_whisper_backend import FasterWhisperTranscriber

        return FasterWhisperTranscriber(whisper_model, cache_dir=cache_dir or Path("var/models"),
                                        compute_type=compute_type, cpu_threads=cpu_threads,
                                        beam_size=beam_size, vad_filter=vad_filter,
                                        temperatures=temperatures, best_of=best_of, batched_after=batched_after)
    if name == "openai":
        from .openai_backend import OpenAITranscriber

        return OpenAITranscriber(model=openai_model, api_key=api_key, base_url=base_url, timeout=timeout)
    raise ValueError(f"unknown transcriber {name!r}: use faster-whisper or openai")
