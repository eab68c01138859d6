"""The speech model and the extractor, built from settings once per process and then reused."""

from __future__ import annotations

import os
import threading

from django.conf import settings

from voicecrm.extraction import Extractor, get_extractor
from voicecrm.speech import Transcriber, get_transcriber
from voicecrm.speech.faster_whisper_backend import default_threads

_lock = threading.Lock()
_transcriber: Transcriber | None = None
_extractor: Extractor | None = None


def worker_processes() -> int:
    """How many worker processes share this machine's cores (set by `voicecrm worker -w N`)."""
    return int(os.environ.get("VOICECRM_WORKER_PROCESSES", "1"))


def transcriber() -> Transcriber:
    global _transcriber
    with _lock:
        if _transcriber is None:
            _transcriber = get_transcriber(
                settings.TRANSCRIBER,
                whisper_model=settings.WHISPER_MODEL,
                cache_dir=settings.DATA_DIR / "models",
                compute_type=settings.WHISPER_COMPUTE_TYPE,
                cpu_threads=settings.WHISPER_THREADS or default_threads(worker_processes()),
                beam_size=settings.WHISPER_BEAM_SIZE,
                vad_filter=settings.WHISPER_VAD,
                temperatures=settings.WHISPER_TEMPERATURES, best_of=settings.WHISPER_BEST_OF,
                batched_after=settings.WHISPER_BATCHED_AFTER,
                openai_model=settings.OPENAI_TRANSCRIBE_MODEL,
                api_key=settings.OPENAI_API_KEY,
                base_url=settings.OPENAI_BASE_URL,
                timeout=settings.OPENAI_TIMEOUT,
            )
        return _transcriber


def extractor() -> Extractor:
    global _extractor
    with _lock:
        if _extractor is None:
            _extractor = get_extractor(
                settings.EXTRACTOR,
                default_region=settings.DEFAULT_REGION,
                llm_model=settings.LLM_MODEL,
                api_key=settings.OPENAI_API_KEY,
                base_url=settings.OPENAI_BASE_URL,
                timeout=settings.OPENAI_TIMEOUT,
                fallback_to_rules=settings.LLM_FALLBACK_TO_RULES,
            )
        return _extractor
