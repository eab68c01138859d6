"""ClientFields: the schema shared by extraction and the client API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from voicecrm.extraction import FIELD_NAMES, ClientFields, validate_client_fields


def test_field_names_are_the_contract():
    assert FIELD_NAMES == ("first_name", "last_name", "age", "email", "phone", "city", "company",
                           "job_title", "budget", "notes")
    assert set(ClientFields.model_fields) == set(FIELD_NAMES)


def test_returns_only_the_set_fields_normalised():
    data = {"first_name": "  Jean ", "email": "Jean.Dupont@Gmail.COM", "phone": "06 12 34 56 78",
            "budget": "5000.00"}
    assert validate_client_fields(data) == {"first_name": "Jean", "email": "jean.dupont@gmail.com",
                                            "phone": "+33612345678", "budget": 5000}


def test_default_region_reads_national_phone_numbers():
    assert validate_client_fields({"phone": "(303) 555-6091"}, default_region="US") == {"phone": "+13035556091"}
    model = ClientFields.model_validate({"phone": "020 7946 0958"}, context={"default_region": "GB"})
    assert model.phone == "+442079460958"


def test_budget_serialises_as_int_when_whole_else_float():
    assert validate_client_fields({"budget": Decimal("1500.50")}) == {"budget": 1500.5}
    assert validate_client_fields({"budget": 45000.0}) == {"budget": 45000}
    assert validate_client_fields({"budget": "$5000"}) == {"budget": 5000}


def test_blank_string_clears_a_field():
    assert validate_client_fields({"city": "  "}) == {"city": None}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"age": 131}, "less than or equal to 130"),
        ({"age": -1}, "greater than or equal to 0"),
        ({"age": 35.5}, "whole number"),
        ({"budget": -10}, "greater than or equal to 0"),
        ({"email": "jean.dupont"}, "not a valid email address"),
        ({"phone": "12"}, "not a possible phone number for FR: '12' is too short"),
        ({"phone": "+1 300 555 0142"}, "not a valid phone number: .* not an assigned number in US; check the digits"),
        ({"phone": "07 23 13 73 53"}, "not an assigned number in FR"),
        ({"email": "nadia.brun@gmail.con"}, "does not end in a known top-level domain"),
        ({"email": "nadia@co.uk"}, "has no name before 'co.uk'"),
        ({"phone": "hello"}, "not a phone number"),
        ({"first_name": "x" * 151}, "at most 150 characters"),
        ({"notes": "x" * 5001}, "at most 5000 characters"),
        ({"nickname": "Jojo"}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_values_raise_clear_validation_errors(data, message):
    with pytest.raises(ValidationError, match=message):
        validate_client_fields(data)


def test_an_address_under_a_multi_label_public_suffix_is_valid():
    assert validate_client_fields({"email": "Nadia.Brun@Yahoo.co.uk"}) == {"email": "nadia.brun@yahoo.co.uk"}


def test_a_typed_number_of_another_country_needs_its_country_code():
    with pytest.raises(ValidationError, match="write it with its country code"):
        validate_client_fields({"phone": "07911 123456"})
    assert validate_client_fields({"phone": "+44 7911 123456"}) == {"phone": "+447911123456"}
