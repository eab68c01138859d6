"""Tasks and notes through the LLM backend, against the real OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from voicecrm.extraction import FIELD_NAMES, RulesExtractor
from voicecrm.extraction.llm import LLMExtractor

from .chat_server import ChatServer, Step, error

WED = datetime(2027, 3, 10, 14, 40)
TEXT = "Elle hésite à cause du prix. À rappeler vendredi prochain vers 11 h."


def reply(tasks: Any = (), note: Any = None, **fields: Any) -> Step:
    """A well-formed answer: every field (null unless given), the tasks and the note."""
    content = {name: fields.get(name) for name in FIELD_NAMES}
    content.update(tasks=list(tasks), note=note)
    return Step(content=json.dumps(content, ensure_ascii=False))


def make(server: ChatServer, **kwargs: Any) -> LLMExtractor:
    options = {"model": "test-model", "api_key": "sk-test", "base_url": server.base_url, "timeout": 2.0,
               "max_retries": 1, "retry_backoff": 0.01}
    options.update(kwargs)
    return LLMExtractor(**options)


def test_the_due_words_the_model_quotes_follow_the_same_date_conventions(chat_server):
    # Said on a Wednesday, "vendredi prochain" is the coming Friday, not the Friday of next week.
    chat_server.script = [reply(
        tasks=[{"title": "Rappeler Inès Caradec", "due": "vendredi prochain vers 11 h",
                "evidence": "À rappeler vendredi prochain vers 11 h"}],
        note="Elle hésite à cause du prix.",
    )]
    extraction = make(chat_server).extract(TEXT, language="fr", now=WED)
    assert extraction.tasks_json() == [{"title": "Rappeler Inès Caradec", "due": "2027-03-12T11:00"}]
    assert extraction.note == "Elle hésite à cause du prix."
    assert extraction.tasks[0].confidence >= 0.8


def test_an_iso_due_is_kept_and_a_past_or_unreadable_one_drops_the_task(chat_server):
    chat_server.script = [reply(tasks=[
        {"title": "send the quote", "due": "2027-03-19", "evidence": "send the quote"},
        {"title": "Call back Owen Hughes", "due": "last Tuesday", "evidence": "called last Tuesday"},
        {"title": "Book the venue", "due": "whenever he likes", "evidence": "book the venue"},
        {"title": "", "due": "tomorrow", "evidence": ""},
        "not a task",
    ])]
    extraction = make(chat_server).extract("He wants a quote. Send the quote by the 19th.", language="en", now=WED)
    assert [(t.title, t.due) for t in extraction.tasks] == [("Send the quote", date(2027, 3, 19))]


def test_evidence_missing_from_the_transcript_lowers_a_tasks_confidence(chat_server):
    chat_server.script = [reply(tasks=[{"title": "Call back the client", "due": "tomorrow",
                                        "evidence": "words nobody said"}])]
    (task,) = make(chat_server).extract("Call her back tomorrow.", language="en", now=WED).tasks
    assert task.due == date(2027, 3, 11) and task.confidence <= 0.5


def test_an_empty_note_is_null_and_an_answer_without_follow_ups_gives_none(chat_server):
    chat_server.script = [reply(note="   "), Step(content=json.dumps({name: None for name in FIELD_NAMES}))]
    extractor = make(chat_server)
    first = extractor.extract("Bonjour.", language="fr", now=WED)
    second = extractor.extract("Bonjour.", language="fr", now=WED)
    assert (first.tasks, first.note) == ([], None)
    assert (second.tasks, second.note) == ([], None)


def test_the_request_asks_for_tasks_and_a_note_in_the_strict_schema(chat_server):
    chat_server.script = [reply()]
    make(chat_server).extract(TEXT, language="fr", now=WED)
    body = chat_server.requests[0]["body"]
    schema = body["response_format"]["json_schema"]["schema"]
    assert set(schema["required"]) == set(schema["properties"]) >= {"tasks", "note", "first_name"}
    task = schema["properties"]["tasks"]["items"]
    assert task["required"] == ["title", "due", "evidence"] and task["additionalProperties"] is False
    system = body["messages"][0]["content"]
    assert "tasks" in system and "note" in system and "as spoken" in system


def test_falling_back_to_rules_keeps_the_recording_time(chat_server):
    chat_server.script = [error(500)]
    extractor = make(chat_server, max_retries=0, fallback=RulesExtractor())
    extraction = extractor.extract(TEXT, language="fr", existing={"first_name": "Inès", "last_name": "Caradec"},
                                   now=WED)
    assert extraction.tasks_json() == [{"title": "Rappeler Inès Caradec", "due": "2027-03-12T11:00"}]
    assert extraction.note == "Elle hésite à cause du prix."
