"""Whether a transcript reads as speech the model understood: the reasons to have a person check it.

Whisper writes something for any sound. Three signs tell a transcript not to be trusted, whatever it
says: over a third of its words were heard with a low probability; its text repeats one phrase over and
over (a decoding loop); or the speech is in none of the supported languages.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

from .base import Word

# A word the model gives less than this probability is barely heard. Measured on the development recordings
# (base model, language detected): the median word probability of the 12 English transcripts is 0.74–0.98;
# of the 6 French ones, all misheard (espeak-ng speech), 0.32–0.52. At 0.5 the one at 0.52, half nonsense,
# passed and wrote a misheard employer; 0.6 sits in the gap.
LOW_WORD_PROBABILITY = 0.6
# A transcript with more than this share of its words barely heard is for review. Measured on the development
# recordings and on 16 English espeak-ng recordings of our own (other names, companies and phrasings): the
# share is 0.05–0.29 in English transcripts that read right, 0.36–0.46 in English ones whose second half
# came out as nonsense ("Mantage Health and Nurse Practitioner"), 0.42–0.79 in the misheard French ones. At
# 0.5 a looping French clip decoded again (0.42: a name, "j'ai 15 ans… neos, neos, soit, soit") wrote a
# misheard last name.
LOW_WORDS_SHARE = 0.35
# Whisper's own test of a looping window: its text compresses better than this (openai/whisper,
# transcribe.py, compression_ratio_threshold=2.4).
LOOP_COMPRESSION_RATIO = 2.4
# Speech whose most probable language is an unsupported one, at this probability or more, is in another
# language (German espeak-ng speech: de 0.87; a 2-second French clip once came out as Japanese at a
# lower probability — then the best supported language is used, not a review).
UNSUPPORTED_LANGUAGE_PROBABILITY = 0.6

# The words compared for a loop: a hyphen splits them, because Whisper also writes a loop as one
# hyphenated word ("néo-néo-soi-soi-soi-soi-soi…"); an apostrophe does not ("t'euf").
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def compression_ratio(text: str) -> float:
    """Bytes of ``text`` over bytes of its zlib compression (Whisper's loop measure)."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


# Digits said one by one repeat naturally ("five five five, five five five", "zéro zéro"): never a loop.
_NUMBER_WORDS = frozenset(
    "zero oh one two three four five six seven eight nine ten double triple "
    "zéro un une deux trois quatre cinq six sept huit neuf dix".split())


def loops(text: str) -> bool:
    """Whether ``text`` repeats itself as a decoding loop does.

    A phrase of two to eight words said four times in a row, or one word said five times, is a loop
    ("J'en veux J'en veux J'en veux J'en veux…", also hyphenated: "soi-soi-soi-soi-soi"); so is a text that
    compresses like a loop. Natural repetitions ("non, non, non"; digits said one by one) are not.
    """
    if compression_ratio(text) > LOOP_COMPRESSION_RATIO:
        return True
    words = [w.casefold() for w in _WORD.findall(text)]
    for size in range(1, 9):
        needed = 5 if size == 1 else 4
        for start in range(0, len(words) - size * needed + 1):
            phrase = words[start:start + size]
            if all(word in _NUMBER_WORDS or word.isdigit() for word in phrase):
                continue
            if all(words[start + k * size:start + (k + 1) * size] == phrase for k in range(1, needed)):
                return True
    return False


def barely_heard(words: Sequence[Word]) -> bool:
    """Whether more than LOW_WORDS_SHARE (0.35) of the words were heard below LOW_WORD_PROBABILITY (0.6);
    False when there are no word probabilities."""
    if not words:
        return False
    low = sum(1 for word in words if word.probability < LOW_WORD_PROBABILITY)
    return low / len(words) > LOW_WORDS_SHARE


def review_reason(*, text: str, words: Sequence[Word], unsupported_probability: float = 0.0) -> str | None:
    """Why a transcript must be checked before use: "unsupported_language", "repetition",
    "low_confidence", or None when it reads as understood speech.

    Args:
        text: the transcript.
        words: its words with their probabilities (may be empty).
        unsupported_probability: the probability of the most probable language when it is not a supported
            one (0–1); 0 when it is supported, or when the language was given.
    """
    if unsupported_probability >= UNSUPPORTED_LANGUAGE_PROBABILITY:
        return "unsupported_language"
    if loops(text):
        return "repetition"
    if barely_heard(words):
        return "low_confidence"
    return None
