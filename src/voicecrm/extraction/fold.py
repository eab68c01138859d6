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
