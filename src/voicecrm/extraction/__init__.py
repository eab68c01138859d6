"""Client fields from a transcript: the schema, the backends (rules, llm), and the merge rules.

Pure Python: nothing here imports Django, so the CLI, the worker and the tests share it.
"""

from __future__ import annotations

from .base import ExtractionError, Extractor, TransientExtractionError
from .jsonl import run_jsonl
from .merge import MergeResult, merge_fields
from .rules import RulesExtractor
from .schema import FIELD_NAMES, ClientFields, ExtractedField, Extraction, FollowUp, validate_client_fields

BACKENDS = ("rules", "llm")


def get_extractor(
    name: str = "rules",
    *,
    default_region: str = "FR",
    llm_model: str = "gpt-4o-mini",
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float = 30.0,
    fallback_to_rules: bool = False,
) -> Extractor:
    """Build the extractor a setting names: ``rules`` (offline) or ``llm`` (OpenAI-compatible API)."""
    key = (name or "rules").strip().lower()
    if key == "rules":
        return RulesExtractor(default_region=default_region)
    if key == "llm":
        from .llm import LLMExtractor

        return LLMExtractor(
            model=llm_model,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            default_region=default_region,
            fallback=RulesExtractor(default_region=default_region) if fallback_to_rules else None,
        )
    raise ValueError(f"unknown extractor {name!r}: choose one of {', '.join(BACKENDS)} (VOICECRM_EXTRACTOR)")


__all__ = [
    "BACKENDS",
    "FIELD_NAMES",
    "ClientFields",
    "ExtractedField",
    "Extraction",
    "ExtractionError",
    "Extractor",
    "FollowUp",
    "MergeResult",
    "RulesExtractor",
    "TransientExtractionError",
    "get_extractor",
    "merge_fields",
    "run_jsonl",
    "validate_client_fields",
]
