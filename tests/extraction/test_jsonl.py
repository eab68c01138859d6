"""The JSON-lines contract of `extract --jsonl`, through run_jsonl and the module's command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from voicecrm.extraction import RulesExtractor, get_extractor, run_jsonl

SRC = Path(__file__).resolve().parents[2] / "src"


def lines(*rows: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)


def run(text: str) -> list[dict]:
    out = io.StringIO()
    run_jsonl(io.StringIO(text), out, RulesExtractor())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_create_line_gives_the_extracted_values():
    (row,) = run(lines({"id": "a", "text": "Bonjour, je m'appelle Louis Berthier, j'ai 35 ans", "language": "fr",
                        "existing": None}))
    assert row == {"id": "a", "fields": {"first_name": "Louis", "last_name": "Berthier", "age": 35}, "tasks": [],
                   "note": None}


def test_update_line_gives_the_merged_record():
    existing = {"first_name": "Steven", "last_name": "Carter", "city": "Miami", "notes": "VIP"}
    (row,) = run(lines({"id": 2, "text": "Quick update: Steven moved to Tucson.", "language": "en",
                        "existing": existing}))
    assert row == {"id": 2, "fields": {**existing, "city": "Tucson"}, "tasks": [], "note": None}


def test_bad_lines_give_an_error_and_processing_continues():
    rows = run(lines("{not json", {"id": "x", "language": "fr"}, ["a list"],
                     {"id": "y", "text": "I am 40 years old.", "existing": "nope"},
                     {"id": "z", "text": "I am 40 years old."}))
    assert [r.get("id") for r in rows] == [None, "x", None, "y", "z"]
    assert all("error" in r for r in rows[:4])
    assert "JSONDecodeError" in rows[0]["error"] and "'text'" in rows[1]["error"]
    assert rows[4] == {"id": "z", "fields": {"age": 40}, "tasks": [], "note": None}


def test_a_nul_is_read_around_and_a_lone_surrogate_is_an_error_line_the_stream_goes_on():
    rows = run('{"id": "nul", "text": "Je m\'appelle Louis Berthier\\u0000, j\'ai 35 ans", "language": "fr"}\n'
               '{"id": "half", "text": "I am 40 years old \\ud800", "language": "en"}\n'
               '{"id": "bad\\udc00", "text": "I am 41 years old."}\n'
               '{"id": "next", "text": "I am 42 years old."}\n')
    assert rows[0] == {"id": "nul", "fields": {"first_name": "Louis", "last_name": "Berthier", "age": 35},
                       "tasks": [], "note": None}
    assert rows[1]["id"] == "half" and "lone surrogate" in rows[1]["error"]
    assert rows[2] == {"id": "bad\udc00", "fields": {"age": 41}, "tasks": [], "note": None}
    out = io.StringIO()
    run_jsonl(io.StringIO('{"id": "bad\\udc00", "text": "I am 41 years old."}\n'), out, RulesExtractor())
    out.getvalue().encode("utf-8")  # written escaped: a UTF-8 stdout takes it
    assert rows[3] == {"id": "next", "fields": {"age": 42}, "tasks": [], "note": None}


def test_a_language_the_extractors_do_not_read_is_an_error_line():
    rows = run(lines({"id": "de", "text": "Ich bin 40 Jahre alt.", "language": "de"},
                     {"id": "tag", "text": "J'ai 40 ans.", "language": "fr-FR"}))
    assert rows[0]["id"] == "de" and "'language'" in rows[0]["error"] and "'de'" in rows[0]["error"]
    assert rows[1] == {"id": "tag", "fields": {"age": 40}, "tasks": [], "note": None}


def test_blank_lines_are_skipped():
    assert run("\n\n") == []


class Flushes(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1


def test_each_answer_is_flushed():
    out = Flushes()
    run_jsonl(io.StringIO(lines({"id": 1, "text": "a"}, {"id": 2, "text": "b"})), out, RulesExtractor())
    assert out.flushes == 2


def test_module_command_line_streams_answers():
    env = {**os.environ, "PYTHONPATH": str(SRC), "VOICECRM_EXTRACTOR": "rules", "VOICECRM_DEFAULT_REGION": "FR"}
    feed = lines({"id": "en", "text": "My number is 303 555 6091.", "language": "en", "existing": None},
                 {"id": "fr", "text": "Mon numéro est le 06 12 34 56 78.", "language": None, "existing": None})
    proc = subprocess.run([sys.executable, "-m", "voicecrm.extraction", "--jsonl"], input=feed, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows == [{"id": "en", "fields": {"phone": "+13035556091"}, "tasks": [], "note": None},
                    {"id": "fr", "fields": {"phone": "+33612345678"}, "tasks": [], "note": None}]


def test_module_command_line_rejects_an_unknown_extractor():
    env = {**os.environ, "PYTHONPATH": str(SRC), "VOICECRM_EXTRACTOR": "magic"}
    proc = subprocess.run([sys.executable, "-m", "voicecrm.extraction", "--jsonl"], input="", env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "unknown extractor 'magic'" in proc.stderr


def test_get_extractor_defaults_to_rules_and_rejects_unknown_names():
    assert isinstance(get_extractor(), RulesExtractor)
    with pytest.raises(ValueError, match="unknown extractor 'gpt'.*rules, llm"):
        get_extractor("gpt")
