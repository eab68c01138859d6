"""The LLM backend: any OpenAI-compatible chat-completions API answering with a strict JSON schema.

Works with OpenAI, Ollama, vLLM and llama.cpp's server (``base_url``). The answer is validated by
the same :class:`ClientFields` schema and normalised by the same code as the rules backend.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from datetime import datetime
from decimal import Decimal
from typing import Any

import openai

from .base import ExtractionError, Extractor, PermanentExtractionError, TransientExtractionError
from .followups import followups_from_answer
from .normalize import clean_text, normalize_fields, temper_names
from .rules import RulesExtractor, detect_language
from .schema import DEFAULT_REGION, FIELD_NAMES, FIELD_TYPES, ExtractedField, Extraction

log = logging.getLogger(__name__)

# JSON Schema types of the field values (the rest are strings).
_JSON_TYPES = {int: "integer", Decimal: "number", str: "string"}


def _field_schema(name: str) -> dict[str, Any]:
    stated = {
        "type": "object",
        "properties": {
            "value": {"type": _JSON_TYPES[FIELD_TYPES[name]]},
            "evidence": {"type": "string"},
            "confidence": {"type": "number"},
        },
        "required": ["value", "evidence", "confidence"],
        "additionalProperties": False,
    }
    return {"anyOf": [stated, {"type": "null"}]}


# A follow-up as the model states it: "due" is the words that say when, resolved by our date conventions.
_TASK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "due": {"type": "string"}, "evidence": {"type": "string"}},
    "required": ["title", "due", "evidence"],
    "additionalProperties": False,
}

# Strict structured outputs need every property listed as required; "not stated" is null.
RESPONSE_FORMAT: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {
        "name": "client_fields",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {
                **{name: _field_schema(name) for name in FIELD_NAMES},
                "tasks": {"type": "array", "items": _TASK_SCHEMA},
                "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            },
            "required": [*FIELD_NAMES, "tasks", "note"],
            "additionalProperties": False,
        },
    },
}

SYSTEM_PROMPT = """\
You fill in a CRM client record from the transcript of a voice note, in French or English. The \
speaker is either the client or a salesperson talking about the client.
For each field, return null unless the transcript states it. Never guess and never invent a value; \
a field the transcript does not mention is null.
For a stated field return:
- value: first_name and last_name without titles (Monsieur, Madame, Mr., Mrs., Dr.) and with \
particles kept in the surname ("de la Fontaine", "Le Gall"); job_title as spoken, keeping its gender \
("ingénieure"); phone as said, digits only; email as an address ("jean point dupont arobase gmail \
point com" is jean.dupont@gmail.com); age as whole years; budget as a plain number without currency \
("5k" is 5000); city and company as named; notes only for needs or remarks the speaker asks to keep, \
never a repeat of the other fields.
- evidence: the exact words of the transcript the value comes from.
- confidence: between 0 and 1, how sure you are the transcript states this value.
Also return:
- tasks: what the speaker commits to do or asks to be done next (call back, follow up, send, schedule, \
meet), each only when the transcript says when. title: the action in the transcript's language, as an \
infinitive or an imperative ("Envoyer le devis", "Send the quote"); calling the client back names the \
client when the name is known ("Rappeler Léa Roy", "Call back Jane Roe"). due: the words of the \
transcript that say when, exactly as spoken ("mardi prochain vers 14h30", "in two weeks", "by the end of \
the month"); never compute a date. evidence: the exact words of the transcript the task comes from. No \
task for what already happened, for a past reference ("mardi dernier", "yesterday"), or for what the \
client will do.
- note: what was said about the relationship (needs, objections, outcome) in the transcript's language, \
tidied into sentences, without the record's fields (name, age, contact details, company, city, job, \
budget) and without the follow-up instructions; null when nothing remains."""

UPDATE_PROMPT = """\
This transcript updates an existing client. "il", "elle", "he", "she" refer to this client. Return \
only what the transcript states (usually what changed); do not copy fields from the record below, \
and do not return a name unless the transcript says one.
Current record: {record}"""


def _retry_after(response: Any) -> float | None:
    """Seconds to wait from a 429's Retry-After (seconds or an HTTP date) or retry-after-ms."""
    headers = getattr(response, "headers", None) or {}
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time()) if when else None


class LLMExtractor:
    """Extracts client fields with an OpenAI-compatible chat model and a strict JSON schema answer.

    Timeouts, connection errors, 429 (after its Retry-After), 5xx, malformed JSON and refusals are
    retried ``max_retries`` times within the call, then raise :class:`TransientExtractionError`;
    rejected credentials or requests raise :class:`PermanentExtractionError`. With ``fallback``, either
    error hands the text to that extractor instead (``fallback_to_rules``: to the rules extractor).
    """

    def __init__(
        self,
        model: str = "gpt-4o-mini",
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        default_region: str = DEFAULT_REGION,
        fallback: Extractor | None = None,
        *,
        fallback_to_rules: bool = False,
        retry_backoff: float = 1.0,
        max_retry_after: float = 60.0,
    ) -> None:
        self.model = model
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.default_region = default_region
        self.fallback = fallback or (RulesExtractor(default_region=default_region) if fallback_to_rules else None)
        self.retry_backoff = retry_backoff
        self.max_retry_after = max_retry_after
        key = api_key or None
        base_url = base_url or None
        self._missing_key = not key and base_url is None
        # Local servers (Ollama, llama.cpp) ignore the key but the client insists on one.
        self._client = openai.OpenAI(
            api_key=key or "unused", base_url=base_url, timeout=timeout, max_retries=0
        )

    def extract(
        self, text: str, *, language: str | None = None, existing: dict | None = None, now: datetime | None = None
    ) -> Extraction:
        """Return the fields ``text`` states, asking the model; see the class for errors."""
        try:
            return self._extract(text, language=language, existing=existing, now=now)
        except ExtractionError as exc:
            if self.fallback is None:
                raise
            log.warning("LLM extraction failed (%s); falling back to %s", exc, type(self.fallback).__name__)
            return self.fallback.extract(text, language=language, existing=existing, now=now)

    def _extract(
        self, text: str, *, language: str | None, existing: dict | None, now: datetime | None
    ) -> Extraction:
        if self._missing_key:
            raise PermanentExtractionError("no API key for the LLM extractor: set OPENAI_API_KEY (or OPENAI_BASE_URL)",
                                           code="extraction_not_configured")
        text = clean_text(text or "")
        lang = (language or "").lower()[:2] or detect_language(text)
        messages = self._messages(text, lang, existing)
        attempts = self.max_retries + 1
        problem, code = "no attempt made", "extraction_failed"
        for attempt in range(1, attempts + 1):
            wait = self.retry_backoff * 2 ** (attempt - 1)
            code = "extraction_failed"
            try:
                response = self._client.chat.completions.create(
                    model=self.model, messages=messages, response_format=RESPONSE_FORMAT, temperature=0
                )
            except openai.RateLimitError as exc:
                problem = f"rate limited (429): {exc.message}"
                after = _retry_after(exc.response)
                wait = min(after, self.max_retry_after) if after is not None else wait
            except openai.APITimeoutError:
                problem, code = f"no answer within {self.timeout:g} s", "extraction_timeout"
            except openai.APIConnectionError as exc:
                problem = f"cannot reach the LLM server: {exc}"
            except openai.APIStatusError as exc:
                if exc.status_code < 500 and exc.status_code not in (408, 409):
                    raise PermanentExtractionError(
                        f"the LLM server rejected the request ({exc.status_code}): {exc.message}"
                    ) from exc
                problem = f"LLM server error ({exc.status_code}): {exc.message}"
            else:
                raw, problem = self._read_answer(response)
                if raw is not None:
                    extraction = self._build(raw, text, lang, now or datetime.now().replace(second=0, microsecond=0))
                    if existing:
                        temper_names(extraction.fields, existing, text)
                    return extraction
            log.info("LLM extraction attempt %d/%d failed: %s", attempt, attempts, problem)
            if attempt < attempts:
                time.sleep(wait)
        raise TransientExtractionError(f"LLM extraction failed after {attempts} attempts: {problem}", code=code)

    def _messages(self, text: str, lang: str, existing: dict | None) -> list[dict[str, str]]:
        system = SYSTEM_PROMPT
        if existing:
            record = {k: v for k, v in existing.items() if k in FIELD_NAMES and v not in (None, "")}
            system += "\n\n" + UPDATE_PROMPT.format(record=json.dumps(record, ensure_ascii=False, default=str))
        language = {"fr": "French", "en": "English"}.get(lang, lang)
        return [
            {"role": "system", "content": system},
            {"role": "user", "content": f"Transcript ({language}):\n{text}"},
        ]

    @staticmethod
    def _read_answer(response: Any) -> tuple[dict[str, Any] | None, str]:
        try:
            message = response.choices[0].message
        except (AttributeError, IndexError, TypeError):
            return None, "answer without a message"
        refusal = getattr(message, "refusal", None)
        if refusal:
            return None, f"the model refused: {refusal}"
        try:
            data = json.loads(message.content or "")
        except (TypeError, ValueError) as exc:
            return None, f"malformed JSON in the answer: {exc}"
        if not isinstance(data, dict):
            return None, "the answer is not a JSON object"
        return data, ""

    def _build(self, data: dict[str, Any], text: str, lang: str, now: datetime) -> Extraction:
        raw: dict[str, Any] = {}
        meta: dict[str, tuple[float, str]] = {}
        folded_text = text.casefold()
        for name in FIELD_NAMES:
            item = data.get(name)
            if item is None:
                continue
            if isinstance(item, dict):
                value = item.get("value")
                evidence = str(item.get("evidence") or "")
                try:
                    confidence = float(item.get("confidence", 0.8))
                except (TypeError, ValueError):
                    confidence = 0.5
            else:  # servers without strict schemas sometimes answer with bare values
                value, evidence, confidence = item, "", 0.8
            if value is None or value == "":
                continue
            confidence = min(max(confidence, 0.0), 1.0)
            if evidence and evidence.casefold() not in folded_text:
                # Evidence that is not in the transcript suggests the value was made up.
                confidence = min(confidence, 0.5)
            raw[name] = value
            meta[name] = (confidence, evidence)
        values = normalize_fields(raw, default_region=self.default_region, language=lang)
        fields = {
            name: ExtractedField(value=value, confidence=meta[name][0], evidence=meta[name][1])
            for name, value in values.items()
        }
        followups = followups_from_answer(data.get("tasks"), data.get("note"), text=text, language=lang, now=now)
        return Extraction(fields=fields, language=lang, tasks=followups.tasks, note=followups.note)
