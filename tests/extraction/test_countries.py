"""Country names (ISO 3166-1 through pycountry, English and French) and nationality words."""

from __future__ import annotations

import pytest

from voicecrm.extraction.countries import is_country, is_nationality


@pytest.mark.parametrize("name", ["Ireland", "Allemagne", "États-Unis", "etats-unis", "Suisse", "United Kingdom",
                                  "Royaume-Uni", "Canada", "Belgique.", "UK"])
def test_countries_in_english_and_french(name):
    assert is_country(name)


@pytest.mark.parametrize("name", ["Luxembourg", "Singapore", "Lyon", "Boston", "Norvex", "Irlandais"])
def test_towns_firms_and_countries_named_like_their_town_are_not_countries(name):
    assert not is_country(name)


@pytest.mark.parametrize("word", ["français", "Française", "suisses", "canadiennes", "grecque", "turque",
                                  "européenne", "Swiss", "German", "Irish"])
def test_nationalities_with_their_french_forms(word):
    assert is_nationality(word)


@pytest.mark.parametrize("word", ["ingénieur", "comptable", "engineer", "France", "directrice"])
def test_posts_and_countries_are_no_nationality(word):
    assert not is_nationality(word)
