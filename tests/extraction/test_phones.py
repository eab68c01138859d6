"""Phone numbers to E.164: digit groups, dots, dashes, number words, French and North American."""

from __future__ import annotations

import pytest

from voicecrm.extraction.normalize import parse_phone


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        ("Mon numéro est le 07 65 80 35 17.", "fr", "+33765803517"),
        ("Téléphone : 06.12.34.56.78.", "fr", "+33612345678"),
        ("Nouveau numéro pour Paul : 07-12-34-56-78.", "fr", "+33712345678"),
        ("Son numéro : 0612345678.", "fr", "+33612345678"),
        ("Joignable au +33 6 45 67 89 01.", "fr", "+33645678901"),
        ("Appelez le 00 33 6 45 67 89 01.", "fr", "+33645678901"),
        ("Son téléphone : 02 99 12 34 56.", "fr", "+33299123456"),
        ("Son numéro : zéro six quatre-vingt-neuf trente-six quatre-vingt-neuf soixante-neuf.", "fr",
         "+33689368969"),
        ("zéro sept vingt-trois vingt-trois quatre-vingt-seize trente-sept", "fr", "+33723239637"),
        ("c'est maintenant le zéro six, cinquante, quarante, trente, vingt, dix.", "fr", "+33650403020"),
        ("My phone number is 512 555 0087.", "en", "+15125550087"),
        ("You can reach me at 305-555-6032.", "en", "+13055556032"),
        ("Phone: 312.555.0147.", "en", "+13125550147"),
        ("His number is (212) 555-0198.", "en", "+12125550198"),
        ("Call her at 1 415 555 0123.", "en", "+14155550123"),
        ("You can reach me at four zero four five five five zero three eight seven.", "en", "+14045550387"),
        ("Phone five one two, five five five, oh one nine eight.", "en", "+15125550198"),
        ("His phone is +44 20 7946 0958.", "en", "+442079460958"),
        ("Phone, 300, 355, 2348, Email, jsmith", "en", "+13003552348"),
        ("Mon numéro : +33 (0)6 12 34 56 78.", "fr", "+33612345678"),
        ("Mon numéro : zéro six un deux trois quatre cinq six sept huit.", "fr", "+33612345678"),
        ("Mon numéro c'est le zéro sept zéro zéro soixante-sept vingt soixante-sept.", "fr", "+33700672067"),
        ("Call me at four oh four, five five five, oh three eight seven.", "en", "+14045550387"),
        ("My number is +1 (404) 555-0387.", "en", "+14045550387"),
    ],
)
def test_phones_come_out_in_e164(extract, text, language, phone):
    assert extract(text, language).get("phone") == phone


def test_an_english_north_american_number_is_plus_one_even_with_region_fr(extract):
    assert extract("My number is 303 555 2348.", "en")["phone"] == "+13035552348"


def test_a_french_number_said_in_english_stays_french(extract):
    assert extract("My number is 06 12 34 56 78.", "en")["phone"] == "+33612345678"


def test_a_number_too_short_is_not_a_phone(extract):
    assert "phone" not in extract("Phone 256558129.", "en")


def test_dashed_groups_with_extra_digits_are_not_cut_into_a_wrong_number(extract):
    assert "phone" not in extract("You can reach me at 300-555-3600-19.", "en")


def test_default_region_reads_national_numbers():
    assert parse_phone("020 7946 0958", default_region="GB") == "+442079460958"
    assert parse_phone("06 12 34 56 78", default_region="FR", language="fr") == "+33612345678"
    assert parse_phone("12", default_region="FR") is None
