"""Local speech-to-text with faster-whisper (CTranslate2), int8 on the CPU by default."""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np

from . import quality
from .audio import SAMPLE_RATE, decode_audio, require_speech, speech_parts
from .base import NoSpeechError, Transcript, TranscriptionError, Word
from .models import resolve_model

log = logging.getLogger("voicecrm.speech")


def default_threads(workers: int = 1) -> int:
    """Split the cores between worker processes so that workers × threads ≈ cores."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


class FasterWhisperTranscriber:
    """Holds one loaded WhisperModel; create once per process and reuse for every job.

    Options (settings.TRANSCRIBERS["faster-whisper"]["OPTIONS"]): the model name or folder and its
    cache folder; compute_type ("int8"…) and cpu_threads (0: every core); beam_size; vad_filter (decode
    Silero VAD's speech parts only); temperatures and best_of (Whisper's fallback: a window whose text
    loops is sampled again at the next temperature); batched_after (seconds from which the batched
    pipeline decodes); languages (detection is restricted to these); word_timestamps (word
    probabilities, for the fields' confidence and the review of barely-heard transcripts).
    """

    def __init__(self, model: str = "bundled-base", *, cache_dir: Path, compute_type: str = "int8",
                 cpu_threads: int = 0, beam_size: int = 5, vad_filter: bool = False,
                 temperatures: tuple[float, ...] = (0.0,), best_of: int = 1, batched_after: float = 0,
                 batch_size: int = 8, languages: tuple[str, ...] = ("fr", "en"),
                 word_timestamps: bool = True) -> None:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        started = time.monotonic()
        self.model_path = resolve_model(model, cache_dir)
        self.beam_size = beam_size
        self.vad_filter = vad_filter
        # The first temperature decodes (beam search at 0); each next one decodes a window again when its
        # text loops, sampling best_of candidates.
        self.temperatures = list(temperatures)
        self.best_of = best_of
        self.languages = tuple(languages)
        self.word_timestamps = word_timestamps
        self.cpu_threads = cpu_threads or default_threads()
        with timer_signal_blocked():
            # CTranslate2 starts its compute threads here; they (and the OpenMP threads they start) inherit
            # this thread's signal mask.
            self.model = WhisperModel(self.model_path, device="cpu", compute_type=compute_type,
                                      cpu_threads=self.cpu_threads)
            speech_parts(np.zeros(SAMPLE_RATE, dtype=np.float32))  # load the VAD model now, not in a job
        # Long recordings: the speech parts Silero VAD finds are decoded as batches, which uses the cores
        # better than decoding 30-second windows one after the other (README "Performance").
        self.batched_after = batched_after
        self.batch_size = batch_size
        self.batched = BatchedInferencePipeline(self.model) if batched_after > 0 else None
        self.load_seconds = time.monotonic() - started
        log.info("whisper model %s loaded in %.2fs (%s, %d threads)", model, self.load_seconds,
                 compute_type, self.cpu_threads)

    def transcribe(self, audio: BinaryIO, *, language: str | None = None) -> Transcript:
        """Transcribe a recording (see speech.base.Transcriber); the review of the result is in the
        Transcript (speech.quality)."""
        samples = decode_audio(audio)
        duration = samples.size / SAMPLE_RATE
        # One VAD pass gives both the silence check and, with the VAD filter on, the audio to decode: the
        # speech parts, exactly what faster-whisper's vad_filter would compute again (only text is kept).
        speech = require_speech(samples)
        source = speech if self.vad_filter else samples
        try:
            unsupported_probability, probability = 0.0, None
            if language is None and self.languages:
                language, probability, unsupported_probability = self._detect_language(source)
            segments = self._decode(samples if self._batched(duration) else source, language, duration)
            if not self._batched(duration) and quality.loops(_text(segments)):
                # A looping decode is done again deterministically (beam search at temperature 0) with
                # repetitions penalised, rather than sampled: a sample loops again one time in nine.
                log.info("the decoded text loops; decoding again with repetitions penalised")
                again = self._decode(source, language, duration, penalise_repetitions=True)
                if _text(again):
                    segments = again
                else:
                    # Speech the model cannot make out may decode to nothing at temperature 0 (every segment
                    # below its no-speech and log-probability thresholds): the looping text is kept, for
                    # review, rather than reporting speech the VAD found as no speech.
                    log.info("decoding again gave no text; the looping text is kept for review")
        except (RuntimeError, ValueError) as exc:
            raise TranscriptionError(f"the speech model failed: {exc}") from exc
        text = _text(segments)
        if not text:
            raise NoSpeechError(f"no speech found in {duration:.1f}s of audio", seconds=round(duration, 1))
        words = tuple(Word(text=w.word.strip(), start=w.start, end=w.end, probability=w.probability)
                      for segment in segments for w in (segment.words or ()) if w.word.strip())
        return Transcript(
            text=text, language=language, duration=duration, language_probability=probability,
            words=words,
            avg_logprob=sum(s.avg_logprob for s in segments) / len(segments),
            no_speech_prob=max(s.no_speech_prob for s in segments),
            compression_ratio=max(s.compression_ratio for s in segments),
            review=quality.review_reason(text=text, words=words, unsupported_probability=unsupported_probability))

    def _batched(self, duration: float) -> bool:
        return self.batched is not None and duration >= self.batched_after

    def _detect_language(self, source: np.ndarray) -> tuple[str, float, float]:
        """Whisper's language detection on the first 30 s, restricted to self.languages: the most probable
        supported language, its probability, and the probability of the most probable language overall
        when that one is not supported (else 0)."""
        best, best_probability, ranked = self.model.detect_language(source)
        allowed = [(code, p) for code, p in ranked if code in self.languages]
        code, probability = max(allowed, key=lambda item: item[1]) if allowed else (self.languages[0], 0.0)
        return code, probability, 0.0 if best in self.languages else best_probability

    def _decode(self, source: np.ndarray, language: str | None, duration: float, *,
                penalise_repetitions: bool = False) -> list:
        if self._batched(duration):
            segments, _info = self.batched.transcribe(source, language=language, beam_size=self.beam_size,
                                                      batch_size=self.batch_size,
                                                      word_timestamps=self.word_timestamps)
            return list(segments)
        options: dict = {"temperature": self.temperatures, "best_of": self.best_of}
        if penalise_repetitions:
            options = {"temperature": 0.0, "repetition_penalty": 1.3, "no_repeat_ngram_size": 3,
                       "condition_on_previous_text": False}
        segments, _info = self.model.transcribe(source, language=language, beam_size=self.beam_size,
                                                vad_filter=False, word_timestamps=self.word_timestamps,
                                                **options)
        return list(segments)


@contextmanager
def timer_signal_blocked() -> Iterator[None]:
    """Block SIGVTALRM in the calling thread for the block's duration, so that the threads it starts never
    receive it.

    Duckling (extraction.dates) runs GHC's Haskell runtime in the process, whose scheduler ticks with a
    SIGVTALRM timer (GHC's RTS option -V, every 0.01 s by default), delivered to any thread that does not
    block it. Delivered into CTranslate2's compute threads it corrupts the heap: on an AMD EPYC with AVX-512,
    `voicecrm process` on 18 recordings aborted ("corrupted size vs. prev_size", in oneDNN's AVX-512 sgemm,
    or a segfault) in 12 runs of 13, and in 0 of 6 with the signal blocked. This runtime is built without
    RTS options (GHCRTS is refused), so its timer cannot be turned off: the mask keeps it out.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGVTALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _text(segments: list) -> str:
    return " ".join(segment.text.strip() for segment in segments).strip()
