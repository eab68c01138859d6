"""Raw faster-whisper in this process: the baseline the system is compared with, and the decoding settings."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from bench.server import MODELS


@dataclass(frozen=True)
class Decoding:
    """One decoding setting; the worker's are read from voicecrm.settings (see defaults())."""

    name: str
    compute_type: str = "int8"
    beam_size: int = 5
    vad_filter: bool = False
    # Whisper's temperature fallback: a looping window is decoded again at the next temperature, best of N
    temperatures: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    best_of: int = 5
    batched: bool = False  # BatchedInferencePipeline (VAD chunks decoded as a batch)
    # Word probabilities (faster-whisper's word timestamps); the worker turns them on (issue 13), the raw
    # baseline of the pipeline section leaves them off, so that their cost counts against the 1.10 × target.
    word_timestamps: bool = False


@dataclass
class Result:
    text: str
    language: str | None
    duration: float
    seconds: float


def defaults() -> Decoding:
    """The worker's decoding defaults, as settings.py reads them (environment included)."""
    os.environ.setdefault("VOICECRM_DATA_DIR", str(MODELS.parent / "bench-run"))
    from voicecrm import settings

    whisper = settings.TRANSCRIBERS["faster-whisper"]["OPTIONS"]
    return Decoding("default", compute_type=whisper["compute_type"], beam_size=whisper["beam_size"],
                    vad_filter=whisper["vad_filter"], temperatures=whisper["temperatures"],
                    best_of=whisper["best_of"])


def default_layout() -> tuple[int, int]:
    """The default worker processes and threads per worker, as `voicecrm worker` would choose them."""
    defaults()  # configures the environment settings.py reads
    from voicecrm import settings
    from voicecrm.speech.faster_whisper_backend import default_threads

    threads = settings.TRANSCRIBERS["faster-whisper"]["OPTIONS"]["cpu_threads"]
    return settings.WORKERS, threads or default_threads(settings.WORKERS)


class RawWhisper:
    """A warm faster_whisper.WhisperModel with the given compute type and threads."""

    def __init__(self, *, compute_type: str, threads: int) -> None:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        from voicecrm.speech.faster_whisper_backend import timer_signal_blocked
        from voicecrm.speech.models import resolve_model

        started = time.monotonic()
        with timer_signal_blocked():  # as the worker's model: Duckling's timer signal never reaches its threads
            self.model = WhisperModel(resolve_model("bundled-base", MODELS), device="cpu",
                                      compute_type=compute_type, cpu_threads=threads)
        self.batched = BatchedInferencePipeline(self.model)
        self.load_seconds = time.monotonic() - started

    def transcribe(self, path: Path, decoding: Decoding, *, language: str | None = None) -> Result:
        """Decode and transcribe one file, consuming every segment (the segments are lazy)."""
        started = time.monotonic()
        if decoding.batched:
            segments, info = self.batched.transcribe(str(path), language=language, beam_size=decoding.beam_size,
                                                     batch_size=8, word_timestamps=decoding.word_timestamps)
        else:
            segments, info = self.model.transcribe(str(path), language=language, beam_size=decoding.beam_size,
                                                   vad_filter=decoding.vad_filter,
                                                   temperature=list(decoding.temperatures), best_of=decoding.best_of,
                                                   word_timestamps=decoding.word_timestamps)
        text = " ".join(segment.text.strip() for segment in segments).strip()
        return Result(text=text, language=info.language, duration=info.duration,
                      seconds=time.monotonic() - started)


class WorkerTranscription:
    """The worker's own transcription step, in this process: voicecrm's FasterWhisperTranscriber with the
    worker's settings (word probabilities, language detection among the supported languages, a looping text
    decoded again) and the threads of one default worker. What the system adds around it (upload, queue,
    database, extraction, saving) is the pipeline's overhead."""

    def __init__(self, *, threads: int) -> None:
        defaults()  # configures the environment settings.py reads
        from voicecrm import settings
        from voicecrm.speech.faster_whisper_backend import FasterWhisperTranscriber

        options = {**settings.TRANSCRIBERS["faster-whisper"]["OPTIONS"], "cache_dir": MODELS,
                   "cpu_threads": threads}
        self.transcriber = FasterWhisperTranscriber(**options)

    def transcribe(self, path: Path) -> float:
        """Seconds to transcribe one file, as the worker does (decoding of the file included)."""
        started = time.monotonic()
        with open(path, "rb") as audio:
            self.transcriber.transcribe(audio)
        return time.monotonic() - started
