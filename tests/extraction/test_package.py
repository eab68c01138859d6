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
        ("Bonjour, je m'appelle Louis Berthier, j'ai 35 ans.", "fr"),
        ("Petite mise à jour : Hélène a déménagé à Grenoble.", "fr"),
        ("Son nouvel email : paul point durand arobase free point fr.", "fr"),
        ("Nouveau portable pour Margaux Lemaire : 07 57 98 68 28.", "fr"),
        ("Hi, my name is Grace Holloway, I am 38 years old.", "en"),
        ("Quick update: Steven moved to Tucson.", "en"),
        ("New cell for Neil Parker: 305 555 9482.", "en"),
    ],
)
def test_language_is_detected_when_not_given(text, language):
    assert detect_language(text) == language


def test_auto_detected_language_is_used(rules):
    assert rules.extract("Quick update: Steven moved to Tucson.").language == "en"
    assert rules.extract("Il a déménagé à Marseille.").language == "fr"


def test_extraction_imports_nothing_from_django():
    code = ("import sys, voicecrm.extraction, voicecrm.extraction.llm, voicecrm.extraction.jsonl; "
            "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "False"


def test_evidence_quotes_the_transcript_words_not_the_digits_read_from_them(rules):
    text = ("Son numéro : zéro six quatre-vingt-sept quarante-six quatre-vingt-neuf soixante-quatre. "
            "Elle a trente-cinq ans.")
    fields = rules.extract(text, language="fr").fields
    assert fields["phone"].evidence == "zéro six quatre-vingt-sept quarante-six quatre-vingt-neuf soixante-quatre"
    assert fields["age"].evidence == "trente-cinq ans"
    assert fields["age"].confidence >= 0.8


def test_every_rules_value_carries_evidence_and_confidence(rules):
    extraction = rules.extract("Hi, my name is Grace Holloway, I am 38 years old. I live in Tampa.", language="en")
    for name, field in extraction.fields.items():
        assert 0 < field.confidence <= 1, name
        assert field.evidence and field.evidence in "Hi, my name is Grace Holloway, I am 38 years old. I live in Tampa."
