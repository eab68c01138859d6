"""Local speech-to-text with faster-whisper (CTranslate2), int8 on the CPU by default."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .audio import SAMPLE_RATE, decode_audio, require_speech, speech_parts
from .base import NoSpeechError, Transcript, TranscriptionError
from .models import resolve_model

log = logging.getLogger("voicecrm.speech")


def default_threads(workers: int = 1) -> int:
    """Split the cores between worker processes so that workers × threads ≈ cores."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


class FasterWhisperTranscriber:
    """Holds one loaded WhisperModel; create once per process and reuse for every job."""

    def __init__(self, model: str = "bundled-base", *, cache_dir: Path, compute_type: str = "int8",
                 cpu_threads: int = 0, beam_size: int = 5, vad_filter: bool = False,
                 temperatures: tuple[float, ...] = (0.0, 0.5), best_of: int = 1, batched_after: float = 0,
                 batch_size: int = 8) -> None:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        started = time.monotonic()
        self.model_path = resolve_model(model, cache_dir)
        self.beam_size = beam_size
        self.vad_filter = vad_filter
        # The first temperature decodes (beam search at 0); each next one decodes a window again when its
        # text loops, sampling best_of candidates.
        self.temperatures = list(temperatures)
        self.best_of = best_of
        self.cpu_threads = cpu_threads or default_threads()
        self.model = WhisperModel(self.model_path, device="cpu", compute_type=compute_type,
                                  cpu_threads=self.cpu_threads)
        # Long recordings: the speech parts Silero VAD finds are decoded as batches, which uses the cores
        # better than decoding 30-second windows one after the other (README "Performance").
        self.batched_after = batched_after
        self.batch_size = batch_size
        self.batched = BatchedInferencePipeline(self.model) if batched_after > 0 else None
        speech_parts(np.zeros(SAMPLE_RATE, dtype=np.float32))  # load the VAD model now, not in a job
        self.load_seconds = time.monotonic() - started
        log.info("whisper model %s loaded in %.2fs (%s, %d threads)", model, self.load_seconds,
                 compute_type, self.cpu_threads)

    def transcribe(self, audio: BinaryIO, *, language: str | None = None) -> Transcript:
        samples = decode_audio(audio)
        duration = samples.size / SAMPLE_RATE
        # One VAD pass gives both the silence check and, with the VAD filter on, the audio to decode: the
        # speech parts, exactly what faster-whisper's vad_filter would compute again (only text is kept).
        speech = require_speech(samples)
        try:
            if self.batched is not None and duration >= self.batched_after:
                segments, info = self.batched.transcribe(samples, language=language, beam_size=self.beam_size,
                                                         batch_size=self.batch_size)
            else:
                segments, info = self.model.transcribe(speech if self.vad_filter else samples, language=language,
                                                       beam_size=self.beam_size, vad_filter=False,
                                                       temperature=self.temperatures, best_of=self.best_of)
            text = " ".join(segment.text.strip() for segment in segments).strip()
        except (RuntimeError, ValueError) as exc:
            raise TranscriptionError(f"the speech model failed: {exc}") from exc
        if not text:
            raise NoSpeechError(f"no speech found in {duration:.1f}s of audio")
        return Transcript(text=text, language=info.language, duration=duration,
                          language_probability=info.language_probability)
