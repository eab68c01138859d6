"""merge_fields: the one set of rules for applying an utterance to an existing record."""

from __future__ import annotations

from voicecrm.extraction import ExtractedField, Extraction, merge_fields


def extraction(**fields: tuple) -> Extraction:
    return Extraction(fields={name: ExtractedField(value, conf, "words") for name, (value, conf) in fields.items()})


EXISTING = {"first_name": "Aurélie", "last_name": "Morel", "city": "Lyon", "age": 32, "notes": "Aime le golf."}


def test_only_stated_fields_change():
    result = merge_fields(EXISTING, extraction(city=("Bordeaux", 0.9)))
    assert result.record == {**EXISTING, "city": "Bordeaux"}
    assert result.changes == [("city", "Lyon", "Bordeaux")]
    assert result.suggestions == {}


def test_existing_record_is_not_modified_in_place():
    existing = dict(EXISTING)
    merge_fields(existing, extraction(city=("Bordeaux", 0.9)))
    assert existing == EXISTING


def test_notes_are_appended_never_overwritten():
    result = merge_fields(EXISTING, extraction(notes=("Veut un devis avant lundi.", 0.9)))
    assert result.record["notes"] == "Aime le golf.\nVeut un devis avant lundi."
    assert result.changes == [("notes", "Aime le golf.", "Aime le golf.\nVeut un devis avant lundi.")]


def test_notes_on_an_empty_record_are_set():
    result = merge_fields({}, extraction(notes=("Rappeler jeudi.", 0.3)))
    assert result.record == {"notes": "Rappeler jeudi."}


def test_the_same_note_twice_is_not_appended_twice():
    result = merge_fields(EXISTING, extraction(notes=("aime le golf.", 0.9)))
    assert result.record["notes"] == "Aime le golf." and result.changes == []


def test_low_confidence_value_does_not_overwrite_a_different_value_but_is_suggested():
    low = extraction(first_name=("Aurelia", 0.4), city=("Nice", 0.9))
    result = merge_fields(EXISTING, low, min_confidence=0.6)
    assert result.record["first_name"] == "Aurélie"
    assert result.record["city"] == "Nice"
    assert set(result.suggestions) == {"first_name"}
    assert result.suggestions["first_name"].value == "Aurelia"
    assert result.changes == [("city", "Lyon", "Nice")]


def test_low_confidence_value_for_an_empty_field_is_only_suggested():
    # Issue 13: a value heard at 0.4 never becomes data silently, on a new or an existing client.
    result = merge_fields(EXISTING, extraction(company=("Fromalis", 0.4)), min_confidence=0.6)
    assert "company" not in result.record
    assert result.changes == []
    assert result.suggestions["company"].value == "Fromalis"


def test_unchanged_values_produce_no_change_entry():
    same = extraction(first_name=("aurélie", 0.5), age=(32.0, 0.9), city=("Lyon", 0.9))
    result = merge_fields(EXISTING, same)
    assert result.changes == [] and result.suggestions == {}
    assert result.record == EXISTING


def test_fields_outside_the_extraction_and_unknown_keys_are_kept():
    result = merge_fields({"id": 7, "city": "Lyon"}, extraction(age=(40, 0.9)))
    assert result.record == {"id": 7, "city": "Lyon", "age": 40}


def test_empty_values_are_ignored():
    result = merge_fields(EXISTING, extraction(city=("", 0.9), company=(None, 0.9)))
    assert result.record == EXISTING and result.changes == []


def test_values_lists_only_stated_fields():
    e = Extraction(fields={"city": ExtractedField("Lyon", 0.9, "à Lyon"), "age": ExtractedField(None, 0.1, "")})
    assert e.values() == {"city": "Lyon"}
    assert e.to_json() == {"city": {"value": "Lyon", "confidence": 0.9, "evidence": "à Lyon"}}


def test_json_form_turns_decimal_budgets_into_numbers():
    from decimal import Decimal

    e = Extraction(fields={"budget": ExtractedField(Decimal("10000"), 0.91234, "dix mille"),
                           "other": ExtractedField(Decimal("2.5"), 0.5, "")})
    assert e.to_json() == {"budget": {"value": 10000, "confidence": 0.912, "evidence": "dix mille"},
                           "other": {"value": 2.5, "confidence": 0.5, "evidence": ""}}
    assert type(e.to_json()["budget"]["value"]) is int
