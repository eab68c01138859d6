"""Accuracy beside speed: word error rate with numbers and emails normalised, and extraction field F1."""

from __future__ import annotations

import importlib.util
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import jiwer
from text_to_num import alpha2digit

# The project's evaluation data lives beside the checkout (../shared/eval), not in it.
_BESIDE_CHECKOUT = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
EVAL_DIR = Path(os.environ.get("VOICECRM_EVAL_DIR") or _BESIDE_CHECKOUT)


@cache
def _score_module():
    """The shared scorer (`../shared/eval/score.py`): its field list and comparison rules, not a copy."""
    spec = importlib.util.spec_from_file_location("voicecrm_eval_score", EVAL_DIR / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalise(text: str, language: str) -> str:
    """Lower case, no accents or punctuation; number words as digits, one digit per word; emails spoken.

    "four zero four 555", "404-555" and "4 0 4 5 5 5" all become "4 0 4 5 5 5"; "a.b@c.com" and
    "a dot b at c dot com" both become "a dot b at c dot com": a transcript is not wrong for writing
    a number or an email the other way.
    """
    text = text.lower()
    at, dot = ("arobase", "point") if language == "fr" else ("at", "dot")
    text = re.sub(r"(\w)@(\w)", rf"\1 {at} \2", text)
    text = re.sub(r"(\w)\.(?=\w)", rf"\1 {dot} ", text)
    try:
        text = alpha2digit(text, language if language in ("en", "fr") else "en")
    except Exception:  # the normaliser must never fail a benchmark
        pass
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = re.sub(r"(?<=\d)[\s,.\-/]+(?=\d)", "", text)  # "404-555 9093" → "4045559093"
    text = re.sub(r"\d", r" \g<0> ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def wer(references: list[str], hypotheses: list[str], languages: list[str]) -> float:
    """Corpus word error rate over all recordings, after normalise()."""
    refs = [normalise(r, lang) or "-" for r, lang in zip(references, languages, strict=True)]
    hyps = [normalise(h, lang) or "-" for h, lang in zip(hypotheses, languages, strict=True)]
    return float(jiwer.wer(refs, hyps))


def field_f1(pairs: Iterable[tuple[dict, dict]]) -> float:
    """Micro-averaged field F1 of (expected, extracted) pairs, with score.py's comparison rules."""
    return field_scores(pairs)["f1"]


def held_counts(pairs: Iterable[tuple[dict, dict]]) -> dict[str, int]:
    """Of the values held back as suggestions, ``{"right", "wrong"}`` by score.py's rules: what the confidence
    threshold kept out of the CRM, and whether it was right to."""
    score = _score_module()
    right = wrong = 0
    for expected, held in pairs:
        for name, value in held.items():
            if name in score.FIELDS and value not in (None, ""):
                if expected.get(name) is not None and score.same(name, value, expected[name]):
                    right += 1
                else:
                    wrong += 1
    return {"right": right, "wrong": wrong}


def field_scores(pairs: Iterable[tuple[dict, dict]]) -> dict[str, float]:
    """Micro-averaged field ``{"precision", "recall", "f1"}`` of (expected, extracted) pairs, with score.py's
    comparison rules."""
    score = _score_module()
    tp = fp = fn = 0
    for expected, got in pairs:
        for name in score.FIELDS:
            want, have = expected.get(name), got.get(name)
            if want is not None and score.same(name, have, want):
                tp += 1
                continue
            if want is not None:
                fn += 1
            if have not in (None, ""):
                fp += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
