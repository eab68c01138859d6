"""The LLM backend against a real OpenAI-compatible HTTP server on loopback."""

from __future__ import annotations

import json

import pytest

from voicecrm.extraction import (
    ExtractionError,
    RulesExtractor,
    TransientExtractionError,
    get_extractor,
)
from voicecrm.extraction.llm import LLMExtractor

from .chat_server import ChatServer, Step, answer, error

TEXT = "Bonjour, je m'appelle Louis Berthier, j'ai 35 ans. Mon numéro est le 06 12 34 56 78."
GOOD = {
    "first_name": {"value": "Louis", "evidence": "je m'appelle Louis Berthier", "confidence": 0.95},
    "last_name": {"value": "Berthier", "evidence": "je m'appelle Louis Berthier", "confidence": 0.95},
    "age": {"value": 35, "evidence": "j'ai 35 ans", "confidence": 0.9},
    "phone": {"value": "06 12 34 56 78", "evidence": "06 12 34 56 78", "confidence": 0.9},
}


def make(server: ChatServer, **kwargs) -> LLMExtractor:
    options = {"model": "test-model", "api_key": "sk-test", "base_url": server.base_url, "timeout": 2.0,
               "max_retries": 2, "retry_backoff": 0.05}
    options.update(kwargs)
    return LLMExtractor(**options)


def test_good_answer_is_normalised_like_the_rules_output(chat_server):
    chat_server.script = [answer(GOOD)]
    extraction = make(chat_server).extract(TEXT, language="fr")
    assert extraction.values() == {"first_name": "Louis", "last_name": "Berthier", "age": 35,
                                   "phone": "+33612345678"}
    assert extraction.fields["age"].evidence == "j'ai 35 ans"
    assert extraction.fields["age"].confidence == pytest.approx(0.9)


def test_request_carries_the_strict_json_schema_and_the_model(chat_server):
    chat_server.script = [answer(GOOD)]
    make(chat_server).extract(TEXT, language="fr")
    (request,) = chat_server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["authorization"] == "Bearer sk-test"
    body = request["body"]
    assert body["model"] == "test-model"
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(schema["properties"]) >= {"first_name", "phone", "budget", "notes"}
    assert TEXT in body["messages"][-1]["content"]


def test_update_sends_the_existing_record_in_the_prompt(chat_server):
    chat_server.script = [answer({"city": {"value": "Marseille", "evidence": "déménagé à Marseille",
                                           "confidence": 0.9}})]
    existing = {"first_name": "Aurélie", "last_name": "Morel", "city": "Lyon", "email": None}
    extraction = make(chat_server).extract("Elle a déménagé à Marseille.", language="fr", existing=existing)
    assert extraction.values() == {"city": "Marseille"}
    system = chat_server.requests[0]["body"]["messages"][0]["content"]
    assert '"city": "Lyon"' in system and '"last_name": "Morel"' in system


def test_spoken_values_from_the_model_are_normalised(chat_server):
    chat_server.script = [answer({
        "email": {"value": "jean point dupont arobase gmail point com", "evidence": "jean point dupont "
                  "arobase gmail point com", "confidence": 0.9},
        "budget": {"value": 5000, "evidence": "5k", "confidence": 0.9},
        "job_title": {"value": "Ingénieure", "evidence": "ingénieure", "confidence": 0.9},
        "phone": {"value": "four zero four five five five nine zero nine three", "evidence": "four",
                  "confidence": 0.9},
    })]
    text = "Email jean point dupont arobase gmail point com, budget 5k, ingénieure, four zero four"
    values = make(chat_server).extract(text, language="en").values()
    assert values == {"email": "jean.dupont@gmail.com", "budget": 5000, "job_title": "ingénieure",
                      "phone": "+14045559093"}


def test_invalid_value_is_dropped_not_the_whole_answer(chat_server):
    chat_server.script = [answer({**GOOD, "email": {"value": "not an email", "evidence": "x",
                                                    "confidence": 0.9}})]
    values = make(chat_server).extract(TEXT, language="fr").values()
    assert "email" not in values and values["first_name"] == "Louis"


def test_evidence_missing_from_the_transcript_lowers_confidence(chat_server):
    chat_server.script = [answer({"city": {"value": "Paris", "evidence": "habite à Paris", "confidence": 0.95}})]
    extraction = make(chat_server).extract(TEXT, language="fr")
    assert extraction.fields["city"].confidence <= 0.5


def test_malformed_json_is_retried_then_succeeds(chat_server):
    chat_server.script = [Step(content='{"first_name": '), answer(GOOD)]
    values = make(chat_server).extract(TEXT, language="fr").values()
    assert values["last_name"] == "Berthier"
    assert len(chat_server.requests) == 2


def test_refusal_is_retried(chat_server):
    chat_server.script = [Step(content=None, refusal="I can't help with that."), answer(GOOD)]
    assert make(chat_server).extract(TEXT, language="fr").values()["age"] == 35
    assert len(chat_server.requests) == 2


def test_429_waits_for_retry_after_then_succeeds(chat_server):
    chat_server.script = [error(429, "Rate limit reached", retry_after="1"), answer(GOOD)]
    values = make(chat_server, retry_backoff=0.0).extract(TEXT, language="fr").values()
    assert values["first_name"] == "Louis"
    assert len(chat_server.requests) == 2
    assert chat_server.times[1] - chat_server.times[0] >= 0.95


def test_500_then_success(chat_server):
    chat_server.script = [error(500, "The server had an error"), answer(GOOD)]
    assert make(chat_server).extract(TEXT, language="fr").values()["phone"] == "+33612345678"
    assert len(chat_server.requests) == 2


def test_500_forever_raises_transient_error_after_the_retries(chat_server):
    chat_server.script = [error(503, "overloaded")]
    with pytest.raises(TransientExtractionError, match="after 3 attempts.*503"):
        make(chat_server, max_retries=2).extract(TEXT, language="fr")
    assert len(chat_server.requests) == 3


def test_slow_answer_beyond_the_timeout_raises_transient_error(chat_server):
    chat_server.script = [answer(GOOD, delay=2.0)]
    with pytest.raises(TransientExtractionError, match="no answer within 0.3 s"):
        make(chat_server, timeout=0.3, max_retries=1).extract(TEXT, language="fr")
    assert len(chat_server.requests) == 2


def test_rejected_key_is_a_permanent_error_without_retries(chat_server):
    chat_server.script = [error(401, "Incorrect API key provided")]
    with pytest.raises(ExtractionError, match="401.*Incorrect API key") as info:
        make(chat_server).extract(TEXT, language="fr")
    assert not isinstance(info.value, TransientExtractionError)
    assert len(chat_server.requests) == 1


def test_falls_back_to_rules_when_configured(chat_server):
    chat_server.script = [error(500)]
    extractor = make(chat_server, max_retries=1, fallback=RulesExtractor())
    values = extractor.extract(TEXT, language="fr").values()
    assert values == {"first_name": "Louis", "last_name": "Berthier", "age": 35, "phone": "+33612345678"}
    assert len(chat_server.requests) == 2


def test_get_extractor_builds_the_llm_backend_with_rules_fallback(chat_server):
    chat_server.script = [Step(content="not json")]
    extractor = get_extractor("llm", base_url=chat_server.base_url, api_key="k", timeout=2.0,
                              model="m", fallback_to_rules=True)
    assert isinstance(extractor, LLMExtractor)
    extractor.retry_backoff = 0.01
    assert extractor.extract(TEXT).values()["first_name"] == "Louis"
    assert json.dumps(chat_server.requests[0]["body"]["response_format"]).count('"strict": true') == 1


def test_a_different_name_on_an_update_is_lowered_to_a_suggestion(chat_server):
    chat_server.script = [answer({"first_name": {"value": "Marc", "evidence": "Marc", "confidence": 0.9},
                                  "city": {"value": "Nice", "evidence": "Nice", "confidence": 0.9}})]
    existing = {"first_name": "Sophie", "city": "Lyon"}
    extraction = make(chat_server).extract("Marc dit qu'elle vit à Nice.", language="fr", existing=existing)
    assert extraction.fields["first_name"].confidence < 0.6
    assert extraction.fields["city"].confidence == pytest.approx(0.9)


def test_missing_api_key_is_a_clear_permanent_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ExtractionError, match="set OPENAI_API_KEY"):
        LLMExtractor(model="m").extract(TEXT)


def test_missing_api_key_falls_back_to_rules_when_configured(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    values = LLMExtractor(model="m", fallback=RulesExtractor()).extract(TEXT, language="fr").values()
    assert values["first_name"] == "Louis"
