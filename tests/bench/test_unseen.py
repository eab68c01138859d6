"""The made-up recordings of the benchmark's unseen section: the same for the same seed, and answers that are
values the CRM would accept (a generator bug must not look like an extraction miss)."""

import phonenumbers
import pytest

from bench import unseen
from bench.run import unseen_table
from voicecrm.extraction.schema import ClientFields


def test_the_same_seed_makes_the_same_cases_and_another_seed_others():
    assert unseen.cases(6, seed=3) == unseen.cases(6, seed=3)
    assert unseen.cases(6, seed=3) != unseen.cases(6, seed=4)
    made = unseen.cases(12)
    assert [c.language for c in made] == ["en"] * 12 + ["fr"] * 12
    assert len({c.id for c in made}) == 24


@pytest.mark.parametrize("case", unseen.cases(12), ids=lambda c: c.id)
def test_every_expected_value_is_one_the_crm_accepts_and_is_said(case):
    expected = case.expected
    ClientFields.model_validate(expected)  # raises on an invalid email, phone, age…
    if "phone" in expected:
        assert phonenumbers.is_valid_number(phonenumbers.parse(expected["phone"]))
    for name in ("first_name", "last_name", "company", "city", "job_title"):
        if name in expected:
            assert expected[name] in case.text
    if "age" in expected:
        assert str(expected["age"]) in case.text


def test_the_table_has_a_row_per_set_and_language():
    scores = {"cases": 2, "precision": 1.0, "recall": 0.5, "f1": 0.667, "held": {"right": 1, "wrong": 0},
              "flagged": 0, "failed": 0, "seconds": {"median": 2.0, "min": 1.5, "max": 2.5, "n": 2}}
    text = unseen_table({"dev": {"en": scores}, "unseen": {"en": scores, "fr": {**scores, "flagged": 2}}})
    rows = [line for line in text.splitlines() if line.startswith("| dev") or line.startswith("| unseen")]
    assert len(rows) == 3
    assert "| unseen | fr | 2 | 1.000 | 0.500 | 0.667 | 1 / 0 | 2 |" in text
