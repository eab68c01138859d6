"""How two spellings of a name or a value are compared: the one folding rule of VoiceCRM."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """``text`` without case, accents, compatibility forms, hyphens or repeated spaces.

    "Jean-Pierre  LEFÈVRE" and "jean pierre lefevre" fold alike: a spoken name finds the client typed by
    hand, and a value said again with another case or accent is not a change. NFKD splits accents off and
    maps compatibility forms (ligatures, full-width letters, non-breaking spaces) to plain ones (Unicode
    UAX #15); combining marks (category Mn) are then dropped and the rest case-folded (Unicode §3.13).
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()
    return " ".join(plain.replace("-", " ").split())


def fold_same_length(text: str) -> str:
    """``text`` lower-cased and without accents, character by character ("À rappeler" → "a rappeler"), so
    that a match found in it is at the same offsets in ``text``: the same rule as :func:`fold` for words
    that are read, not compared (hyphens and spaces are kept; a typographic apostrophe becomes "'")."""
    out = []
    for c in text.replace("’", "'"):
        base = "".join(d for d in unicodedata.normalize("NFD", c.lower()) if unicodedata.category(d) != "Mn")
        out.append(base[0] if len(base) >= 1 else c)
    return "".join(out)
