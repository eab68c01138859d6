"""No evaluation data in code or tests: scripts/eval_overlap finds none of ../shared/eval's sentences, names,
companies, emails or phone numbers in src/, tests/, bench/, docs/ or the README.

The eval set lives outside the repository; where it is absent (a fresh clone, CI without it) the check skips
with that reason, even under CI=true: there is nothing to compare with, and nothing copied can be found.
"""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "scripts" / "eval_overlap"
EVAL = ROOT.parent / "shared" / "eval"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def fake_eval(tmp_path: Path, case: dict) -> Path:
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "cases.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    return tmp_path


def test_code_and_tests_copy_nothing_from_the_eval_set():
    if not EVAL.is_dir():
        pytest.skip(f"no evaluation set at {EVAL}: nothing to compare the code and tests with")
    result = run()
    assert result.returncode == 0, "eval data copied into the project:\n" + result.stdout + result.stderr


def test_the_tool_finds_a_copied_name_sentence_and_company(tmp_path):
    # An eval set holding what tests/conftest.py says: every kind the tool looks for is found there.
    case = {"id": "x", "language": "en", "text": "Hi, my name is Robert Miller, I am 42 years old.",
            "expected": {"first_name": "Robert", "last_name": "Miller", "company": "Redwood"}}
    result = run("--eval", str(fake_eval(tmp_path, case)))
    assert result.returncode == 1, result.stderr
    found = set(result.stdout.splitlines())
    assert {"tests/conftest.py:6: name: Robert Miller", "tests/conftest.py:6: sentence: my name is robert miller",
            "tests/conftest.py:6: company: Redwood"} <= found


def test_the_tool_finds_a_phone_in_another_format_and_a_spoken_email(tmp_path):
    # The CRM's own tests hold "+33 6 12 34 56 78" and "john dot doe at gmail dot com".
    case = {"id": "y", "language": "fr", "text": "Rien.",
            "expected": {"phone": "+33612345678", "email": "john.doe@gmail.com"}}
    result = run("--eval", str(fake_eval(tmp_path, case)))
    assert result.returncode == 1, result.stderr
    kinds = {line.split(": ")[1] for line in result.stdout.splitlines()}
    assert {"phone", "email"} <= kinds
    assert any("john dot doe at gmail dot com" in line for line in result.stdout.splitlines())


def test_the_tool_passes_when_nothing_overlaps_and_says_when_the_eval_set_is_absent(tmp_path):
    # Made-up words built here, so that this file does not hold them either.
    rng = random.Random(20261130)
    first, last, company, town = ("".join(rng.choice(string.ascii_lowercase) for _ in range(11)).capitalize()
                                  for _ in range(4))
    case = {"id": "z", "language": "en", "text": f"{first} {last} left {company} for {town} last spring.",
            "expected": {"first_name": first, "last_name": last, "company": company}}
    (tmp_path / "eval").mkdir()
    clean = run("--eval", str(fake_eval(tmp_path / "eval", case)))
    assert (clean.returncode, clean.stdout) == (0, ""), clean.stderr
    absent = run("--eval", str(tmp_path / "missing"))
    assert absent.returncode == 2 and "eval directory not found" in absent.stderr
