"""Client fields from a transcript: the schema, the backends (rules, llm), and the merge rules.

Pure Python: nothing here imports Django, so the CLI, the worker and the tests share it.
"""

from __future__ import annotations

import pkgutil
from typing import Any

from .base import ExtractionError, Extractor, PermanentExtractionError, TransientExtractionError
from .fold import fold
from .jsonl import run_jsonl
from .merge import MergeResult, merge_fields
from .rules import RulesExtractor
from .schema import (
    FIELD_NAMES,
    FIELD_TYPES,
    NUMBER_FIELDS,
    ClientFields,
    ExtractedField,
    Extraction,
    FollowUp,
    validate_client_fields,
)

# Built-in backends by short name; any other backend is named by the dotted path of its class.
BACKENDS: dict[str, str] = {
    "rules": "voicecrm.extraction.rules.RulesExtractor",
    "llm": "voicecrm.extraction.llm.LLMExtractor",
}


def get_extractor(backend: str = "rules", **options: Any) -> Extractor:
    """Build the extractor ``backend`` names, as Huey builds a storage from ``huey_class``.

    Args:
        backend: a short name of :data:`BACKENDS` (``rules``: offline; ``llm``: an OpenAI-compatible chat
            API) or the dotted path of a class implementing :class:`Extractor`.
        **options: passed untouched to the backend's constructor (e.g. ``default_region="FR"``; for
            ``llm``: ``model``, ``api_key``, ``base_url``, ``timeout``, ``fallback_to_rules``).

    Returns:
        The extractor, ready to be reused for every transcript of the process.

    Raises:
        ValueError: the name is neither a built-in backend nor an importable class.
    """
    path = BACKENDS.get((backend or "rules").strip().lower(), backend)
    try:
        backend_class = pkgutil.resolve_name(path)
    except (ImportError, AttributeError, ValueError):
        backend_class = None
    if not isinstance(backend_class, type):
        raise ValueError(f"unknown extractor {backend!r}: choose one of {', '.join(BACKENDS)} or a dotted "
                         "path to a class (VOICECRM_EXTRACTOR)")
    return backend_class(**options)


__all__ = [
    "BACKENDS",
    "FIELD_NAMES",
    "FIELD_TYPES",
    "NUMBER_FIELDS",
    "ClientFields",
    "ExtractedField",
    "Extraction",
    "ExtractionError",
    "Extractor",
    "FollowUp",
    "MergeResult",
    "PermanentExtractionError",
    "RulesExtractor",
    "TransientExtractionError",
    "fold",
    "get_extractor",
    "merge_fields",
    "run_jsonl",
    "validate_client_fields",
]
