"""The normalisation both backends share: one field at a time, a bad value dropped alone."""

from __future__ import annotations

from voicecrm.extraction.normalize import normalize_fields, parse_amount


def test_values_are_brought_to_their_stored_form():
    raw = {"budget": 1500.555, "age": "trente-cinq ans", "phone": "+1 303 555 6091", "email": "JEAN@X.FR",
           "job_title": "Sales Director", "city": "  Lyon "}
    assert normalize_fields(raw, language="fr") == {
        "budget": 1500.56, "age": 35, "phone": "+13035556091", "email": "jean@x.fr",
        "job_title": "sales director", "city": "Lyon",
    }


def test_a_bad_value_is_dropped_and_the_others_kept():
    raw = {"age": 300, "email": "nope", "phone": "12", "first_name": "Jean"}
    assert normalize_fields(raw, language="fr") == {"first_name": "Jean"}


def test_amounts_in_every_usual_form():
    assert [parse_amount(a) for a in ("$5,000", "5 000 euros", "5k", "1,5 million", "2.5k", "€1.500", 7)] == [
        5000, 5000, 5000, 1500000, 2500, 1500, 7]
    assert parse_amount("no amount") is None
