"""Update utterances recorded on a client's page: only the changed fields, and no invented name."""

from __future__ import annotations

import pytest

from voicecrm.extraction import merge_fields

UPDATES = [
    ("Petite mise à jour : Hélène a déménagé à Grenoble.", "fr", {"city": "Grenoble"}),
    ("Il a déménagé à Marseille.", "fr", {"city": "Marseille"}),
    ("Il a maintenant 36 ans et son nouveau numéro est le 07 33 40 18 78.", "fr",
     {"age": 36, "phone": "+33733401878"}),
    ("Elle s'est installée à Toulouse et travaille désormais chez Aérovia.", "fr",
     {"city": "Toulouse", "company": "Aérovia"}),
    ("Il a maintenant soixante ans et il est devenu directeur commercial.", "fr",
     {"age": 60, "job_title": "directeur commercial"}),
    ("Son budget a augmenté, il est maintenant de 8 000 euros.", "fr", {"budget": 8000}),
    ("Mise à jour : elle a changé de numéro, c'est maintenant le 06 50 40 30 20.", "fr",
     {"phone": "+33650403020"}),
    ("Son nouvel email : paul point durand arobase free point fr.", "fr", {"email": "paul.durand@free.fr"}),
    ("Quick update: Steven moved to Tucson.", "en", {"city": "Tucson"}),
    ("She is now 52 years old and her new number is 404-555-7975.", "en",
     {"age": 52, "phone": "+14045557975"}),
    ("New cell: 415-555-0123.", "en", {"phone": "+14155550123"}),
    ("He now works at Google as a staff engineer.", "en", {"company": "Google", "job_title": "staff engineer"}),
    ("She was promoted to vice president of sales.", "en", {"job_title": "vice president of sales"}),
    ("Budget increased to $12,000.", "en", {"budget": 12000}),
    ("Her email changed to susan dot m at icloud dot com.", "en", {"email": "susan.m@icloud.com"}),
    ("He just turned 45.", "en", {"age": 45}),
    ("Il a quitté Sorevia pour rejoindre Aérovia.", "fr", {"company": "Aérovia"}),
    ("Il vit désormais à Lyon avec sa famille.", "fr", {"city": "Lyon"}),
    ("Il est né à Lyon mais il habite à Grenoble.", "fr", {"city": "Grenoble"}),
    ("Son email a changé, c'est maintenant marie point curie arobase gmail point com.", "fr",
     {"email": "marie.curie@gmail.com"}),
    ("Il est désormais chef d'équipe chez Leclerc.", "fr", {"company": "Leclerc", "job_title": "chef d'équipe"}),
    ("She left Google and joined Meta as a product designer.", "en",
     {"company": "Meta", "job_title": "product designer"}),
    ("She was born in Chicago but lives in Denver now.", "en", {"city": "Denver"}),
    ("His new company is Spotify.", "en", {"company": "Spotify"}),
    ("Update: Kevin is now the head of IT at Norvex.", "en", {"job_title": "head of IT", "company": "Norvex"}),
    ("Antoine travaille maintenant chez Vertalis.", "fr", {"company": "Vertalis"}),
    ("Michael now works at Veltrix.", "en", {"company": "Veltrix"}),
    ("Mise à jour : Julien est passé directeur commercial.", "fr", {"job_title": "directeur commercial"}),
    ("Il a rejoint la société Dassault Systèmes en tant qu'ingénieur.", "fr",
     {"company": "Dassault Systèmes", "job_title": "ingénieur"}),
    ("Camille a quitté Aérovia, elle travaille désormais pour Safran.", "fr", {"company": "Safran"}),
    ("Thomas a maintenant 36 ans.", "fr", {"age": 36}),
    ("Hannah is now 50.", "en", {"age": 50}),
    ("Laura got promoted to sales director.", "en", {"job_title": "sales director"}),
    ("Daniel switched jobs, he's now an accountant at Norvex in Denver.", "en",
     {"job_title": "accountant", "company": "Norvex", "city": "Denver"}),
    ("Quick update: Amanda's new number is 214-555-0199.", "en", {"phone": "+12145550199"}),
]


@pytest.mark.parametrize(("text", "language", "expected"), UPDATES)
def test_update_states_only_the_changed_fields(extract, text, language, expected):
    assert extract(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Nouveau portable pour Margaux Lemaire : 07 57 98 68 28.", "fr",
         {"first_name": "Margaux", "last_name": "Lemaire", "phone": "+33757986828"}),
        ("New cell for Neil Parker: 305 555 9482.", "en",
         {"first_name": "Neil", "last_name": "Parker", "phone": "+13055559482"}),
    ],
)
def test_update_naming_the_client_changes_only_the_new_field(rules, text, language, expected):
    existing = {"first_name": expected["first_name"], "last_name": expected["last_name"], "city": "Lyon"}
    merged = merge_fields(existing, rules.extract(text, language=language, existing=existing))
    assert merged.changes == [("phone", None, expected["phone"])]
    assert merged.record == {**existing, "phone": expected["phone"]}


def test_update_keeps_every_unstated_field(rules):
    existing = {"first_name": "Aurélie", "last_name": "Morel", "age": 32, "city": "Lyon",
                "company": "Fromalis", "email": "aurelie.morel58@orange.fr"}
    text = "Petite mise à jour : Aurélie a déménagé à Grenoble."
    merged = merge_fields(existing, rules.extract(text, existing=existing))
    assert merged.record == {**existing, "city": "Grenoble"}
    assert merged.changes == [("city", "Lyon", "Grenoble")]


def test_a_lone_first_name_in_an_update_does_not_replace_the_clients_name(rules):
    existing = {"first_name": "Aurélie", "last_name": "Morel", "city": "Lyon"}
    text = "C'est Marc du service commercial : Aurélie a déménagé à Grenoble."
    merged = merge_fields(existing, rules.extract(text, language="fr", existing=existing))
    assert merged.record == {**existing, "city": "Grenoble"}
    assert merged.suggestions["first_name"].value == "Marc"


def test_a_different_full_name_in_an_update_is_only_suggested(rules):
    existing = {"first_name": "Lucie", "last_name": "Renaud", "phone": "+33701547280"}
    text = "Nouveau portable pour Marc Renaud : 06 77 88 99 00."
    merged = merge_fields(existing, rules.extract(text, language="fr", existing=existing))
    assert merged.record == {**existing, "phone": "+33677889900"}
    assert merged.suggestions["first_name"].value == "Marc"
    assert "last_name" not in merged.suggestions


def test_a_spoken_correction_of_the_name_is_applied(rules):
    existing = {"first_name": "Peter", "last_name": "Jones"}
    text = "Correction: his last name is Jonas, not Jones."
    merged = merge_fields(existing, rules.extract(text, language="en", existing=existing))
    assert merged.record == {"first_name": "Peter", "last_name": "Jonas"}


@pytest.mark.parametrize(("existing", "text", "language", "changed"), [
    # A value of the record said as the one it is not, then the right one.
    ({"first_name": "Odile", "last_name": "Ferrat", "city": "Colmar"},
     "Petite mise à jour sur Odile Ferrat. Correction, c'est pas Colmar, c'est Haguenau.", "fr",
     {"city": "Haguenau"}),
    ({"first_name": "Kurt", "last_name": "Ambler", "city": "Lincoln"}, "Update on Kurt. It's not Lincoln, it's Omaha.",
     "en", {"city": "Omaha"}),
    ({"first_name": "Kurt", "last_name": "Ambler", "company": "Dunmore Steel"},
     "Kurt's firm is not Dunmore Steel but Dunmore Metals.", "en", {"company": "Dunmore Metals"}),
    # A new name after a marriage is taken, not only suggested.
    ({"first_name": "Odile", "last_name": "Ferrat"},
     "Mise à jour pour Odile Ferrat. Elle s'est mariée, elle s'appelle maintenant Odile Brunel.", "fr",
     {"last_name": "Brunel"}),
    ({"first_name": "Nina", "last_name": "Carver"}, "Following up on nina carver. She got married, she goes by "
     "nina holt now.", "en", {"last_name": "Holt"}),
])
def test_a_record_value_corrected_or_a_new_married_name_is_applied(rules, existing, text, language, changed):
    """Found in a fifth agent's updates: "c'est pas Mulhouse, c'est …" left the old town (and made the new one a
    first name), and a married name stayed a suggestion."""
    merged = merge_fields(existing, rules.extract(text, language=language, existing=existing))
    assert merged.record == {**existing, **changed}


def test_not_this_but_that_changes_only_a_value_the_record_holds(rules):
    existing = {"first_name": "Kurt", "last_name": "Ambler", "city": "Lincoln"}
    text = "Update on Kurt. Not interested for now, call back in May."
    merged = merge_fields(existing, rules.extract(text, language="en", existing=existing))
    assert merged.record == existing
