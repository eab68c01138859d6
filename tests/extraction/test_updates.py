"""Update utterances recorded on a client's page: only the changed fields, and no invented name."""

from __future__ import annotations

import pytest

from voicecrm.extraction import merge_fields

UPDATES = [
    ("Petite mise à jour : Sophie a déménagé à Bordeaux.", "fr", {"city": "Bordeaux"}),
    ("Il a déménagé à Marseille.", "fr", {"city": "Marseille"}),
    ("Il a maintenant 35 ans et son nouveau numéro est le 07 65 91 01 20.", "fr",
     {"age": 35, "phone": "+33765910120"}),
    ("Elle s'est installée à Toulouse et travaille désormais chez Airbus.", "fr",
     {"city": "Toulouse", "company": "Airbus"}),
    ("Il a maintenant soixante ans et il est devenu directeur commercial.", "fr",
     {"age": 60, "job_title": "directeur commercial"}),
    ("Son budget a augmenté, il est maintenant de 8 000 euros.", "fr", {"budget": 8000}),
    ("Mise à jour : elle a changé de numéro, c'est maintenant le 06 50 40 30 20.", "fr",
     {"phone": "+33650403020"}),
    ("Son nouvel email : paul point durand arobase free point fr.", "fr", {"email": "paul.durand@free.fr"}),
    ("Quick update: Michael moved to Seattle.", "en", {"city": "Seattle"}),
    ("She is now 49 years old and her new number is 404-555-3589.", "en",
     {"age": 49, "phone": "+14045553589"}),
    ("New cell: 415-555-0123.", "en", {"phone": "+14155550123"}),
    ("He now works at Google as a staff engineer.", "en", {"company": "Google", "job_title": "staff engineer"}),
    ("She was promoted to vice president of sales.", "en", {"job_title": "vice president of sales"}),
    ("Budget increased to $12,000.", "en", {"budget": 12000}),
    ("Her email changed to susan dot m at icloud dot com.", "en", {"email": "susan.m@icloud.com"}),
    ("He just turned 45.", "en", {"age": 45}),
    ("Il a quitté Renault pour rejoindre Airbus.", "fr", {"company": "Airbus"}),
    ("Il vit désormais à Lyon avec sa famille.", "fr", {"city": "Lyon"}),
    ("Il est né à Lyon mais il habite à Grenoble.", "fr", {"city": "Grenoble"}),
    ("Son email a changé, c'est maintenant marie point curie arobase gmail point com.", "fr",
     {"email": "marie.curie@gmail.com"}),
    ("Il est désormais chef d'équipe chez Leclerc.", "fr", {"company": "Leclerc", "job_title": "chef d'équipe"}),
    ("She left Google and joined Meta as a product designer.", "en",
     {"company": "Meta", "job_title": "product designer"}),
    ("She was born in Chicago but lives in Denver now.", "en", {"city": "Denver"}),
    ("His new company is Spotify.", "en", {"company": "Spotify"}),
    ("Update: Kevin is now the head of IT at Globex.", "en", {"job_title": "head of IT", "company": "Globex"}),
    ("Antoine travaille maintenant chez Orange.", "fr", {"company": "Orange"}),
    ("Michael now works at Initech.", "en", {"company": "Initech"}),
    ("Mise à jour : Julien est passé directeur commercial.", "fr", {"job_title": "directeur commercial"}),
    ("Il a rejoint la société Dassault Systèmes en tant qu'ingénieur.", "fr",
     {"company": "Dassault Systèmes", "job_title": "ingénieur"}),
    ("Camille a quitté Airbus, elle travaille désormais pour Safran.", "fr", {"company": "Safran"}),
    ("Thomas a maintenant 36 ans.", "fr", {"age": 36}),
    ("Hannah is now 50.", "en", {"age": 50}),
    ("Laura got promoted to sales director.", "en", {"job_title": "sales director"}),
    ("Daniel switched jobs, he's now an accountant at Globex in Denver.", "en",
     {"job_title": "accountant", "company": "Globex", "city": "Denver"}),
    ("Quick update: Amanda's new number is 214-555-0199.", "en", {"phone": "+12145550199"}),
]


@pytest.mark.parametrize(("text", "language", "expected"), UPDATES)
def test_update_states_only_the_changed_fields(extract, text, language, expected):
    assert extract(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Nouveau portable pour Manon Perrin : 07 52 45 11 06.", "fr",
         {"first_name": "Manon", "last_name": "Perrin", "phone": "+33752451106"}),
        ("New cell for Eric Hall: 305 555 8555.", "en",
         {"first_name": "Eric", "last_name": "Hall", "phone": "+13055558555"}),
    ],
)
def test_update_naming_the_client_changes_only_the_new_field(rules, text, language, expected):
    existing = {"first_name": expected["first_name"], "last_name": expected["last_name"], "city": "Lyon"}
    merged = merge_fields(existing, rules.extract(text, language=language, existing=existing))
    assert merged.changes == [("phone", None, expected["phone"])]
    assert merged.record == {**existing, "phone": expected["phone"]}


def test_update_keeps_every_unstated_field(rules):
    existing = {"first_name": "Sophie", "last_name": "Bernard", "age": 32, "city": "Lyon",
                "company": "Danone", "email": "sophie.bernard67@orange.fr"}
    text = "Petite mise à jour : Sophie a déménagé à Bordeaux."
    merged = merge_fields(existing, rules.extract(text, existing=existing))
    assert merged.record == {**existing, "city": "Bordeaux"}
    assert merged.changes == [("city", "Lyon", "Bordeaux")]


def test_a_lone_first_name_in_an_update_does_not_replace_the_clients_name(rules):
    existing = {"first_name": "Sophie", "last_name": "Bernard", "city": "Lyon"}
    text = "C'est Marc du service commercial : Sophie a déménagé à Bordeaux."
    merged = merge_fields(existing, rules.extract(text, language="fr", existing=existing))
    assert merged.record == {**existing, "city": "Bordeaux"}
    assert merged.suggestions["first_name"].value == "Marc"


def test_a_different_full_name_in_an_update_is_only_suggested(rules):
    existing = {"first_name": "Camille", "last_name": "Girard", "phone": "+33700672067"}
    text = "Nouveau portable pour Marc Girard : 06 77 88 99 00."
    merged = merge_fields(existing, rules.extract(text, language="fr", existing=existing))
    assert merged.record == {**existing, "phone": "+33677889900"}
    assert merged.suggestions["first_name"].value == "Marc"
    assert "last_name" not in merged.suggestions


def test_a_spoken_correction_of_the_name_is_applied(rules):
    existing = {"first_name": "John", "last_name": "Smith"}
    text = "Correction: his last name is Smyth, not Smith."
    merged = merge_fields(existing, rules.extract(text, language="en", existing=existing))
    assert merged.record == {"first_name": "John", "last_name": "Smyth"}
