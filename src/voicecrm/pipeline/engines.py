"""The speech model and the extractor, built from settings once per process and then reused.

settings.TRANSCRIBER / settings.EXTRACTOR name an entry of settings.TRANSCRIBERS / settings.EXTRACTORS
(or a dotted path); the entry's BACKEND class is built with its OPTIONS, untouched, by the pure factories
`speech.get_transcriber` and `extraction.get_extractor`.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings

from voicecrm.extraction import Extractor, get_extractor
from voicecrm.speech import Transcriber, get_transcriber
from voicecrm.speech.faster_whisper_backend import default_threads

_lock = threading.Lock()
_transcriber: Transcriber | None = None
# One extractor per phone region it reads numbers in (the users' regions: a handful), each built once.
_extractors: dict[str, Extractor] = {}
# Processes sharing the cores: 1 (a CLI command has them all) until `voicecrm worker` says how many it runs.
_worker_processes = 1


def share_cores(processes: int) -> None:
    """Say how many worker processes share this machine's cores (`voicecrm worker -w N`, before it forks).

    A backend whose OPTIONS say ``cpu_threads: 0`` then gets cores ÷ processes threads.
    """
    global _worker_processes
    _worker_processes = max(1, processes)


def _backend(blocks: dict[str, dict[str, Any]], name: str) -> tuple[str, dict[str, Any]]:
    block = blocks.get(name, {"BACKEND": name, "OPTIONS": {}})
    return block["BACKEND"], dict(block.get("OPTIONS", {}))


def transcriber() -> Transcriber:
    """This process's transcriber, built at the first call. Raises ValueError for an unknown backend and
    speech.ModelError for a missing model."""
    global _transcriber
    with _lock:
        if _transcriber is None:
            backend, options = _backend(settings.TRANSCRIBERS, settings.TRANSCRIBER)
            if options.get("cpu_threads") == 0:
                options["cpu_threads"] = default_threads(_worker_processes)
            _transcriber = get_transcriber(backend, **options)
        return _transcriber


def extractor(*, phone_region: str | None = None) -> Extractor:
    """This process's extractor for phone numbers said without a country code in `phone_region` (ISO 3166-1
    alpha-2; None: the entry's own ``default_region``, VOICECRM_DEFAULT_REGION), built at the first call.
    Raises ValueError for an unknown backend."""
    backend, options = _backend(settings.EXTRACTORS, settings.EXTRACTOR)
    if phone_region and "default_region" in options:
        options["default_region"] = phone_region.upper()
    key = options.get("default_region", "")
    with _lock:
        if key not in _extractors:
            _extractors[key] = get_extractor(backend, **options)
        return _extractors[key]
