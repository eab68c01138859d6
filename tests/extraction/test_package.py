"""The package's shape: language detection, and no Django anywhere in it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from voicecrm.extraction.rules import detect_language

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour, je m'appelle Jean Dupont, j'ai 35 ans.", "fr"),
        ("Petite mise à jour : Sophie a déménagé à Bordeaux.", "fr"),
        ("Son nouvel email : paul point durand arobase free point fr.", "fr"),
        ("Nouveau portable pour Manon Perrin : 07 52 45 11 06.", "fr"),
        ("Hi, my name is Sarah Connor, I am 49 years old.", "en"),
        ("Quick update: Michael moved to Seattle.", "en"),
        ("New cell for Eric Hall: 305 555 8555.", "en"),
    ],
)
def test_language_is_detected_when_not_given(text, language):
    assert detect_language(text) == language


def test_auto_detected_language_is_used(rules):
    assert rules.extract("Quick update: Michael moved to Seattle.").language == "en"
    assert rules.extract("Il a déménagé à Marseille.").language == "fr"


def test_extraction_imports_nothing_from_django():
    code = ("import sys, voicecrm.extraction, voicecrm.extraction.llm, voicecrm.extraction.jsonl; "
            "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "False"


def test_evidence_quotes_the_transcript_words_not_the_digits_read_from_them(rules):
    text = "Son numéro : zéro six quatre-vingt-neuf trente-six quatre-vingt-neuf soixante-neuf. Elle a trente-cinq ans."
    fields = rules.extract(text, language="fr").fields
    assert fields["phone"].evidence == "zéro six quatre-vingt-neuf trente-six quatre-vingt-neuf soixante-neuf"
    assert fields["age"].evidence == "trente-cinq ans"
    assert fields["age"].confidence >= 0.8


def test_every_rules_value_carries_evidence_and_confidence(rules):
    extraction = rules.extract("Hi, my name is Sarah Connor, I am 49 years old. I live in Boston.", language="en")
    for name, field in extraction.fields.items():
        assert 0 < field.confidence <= 1, name
        assert field.evidence and field.evidence in "Hi, my name is Sarah Connor, I am 49 years old. I live in Boston."
