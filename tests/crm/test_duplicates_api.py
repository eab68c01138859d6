"""Duplicates through the API: a recording that finds its client by name alone is flagged and can be split off;
two clients merge into one without losing anything; the list of possible duplicates; clients typed by hand."""

from datetime import date

import pytest
from django.test import Client as HttpClient

from voicecrm.accounts.services import token_create
from voicecrm.crm.dues import Due
from voicecrm.crm.interactions import interaction_note_create
from voicecrm.crm.models import Client, ClientChange, Interaction, SearchEntry, Task
from voicecrm.crm.services import client_create
from voicecrm.crm.tasks import task_create
from voicecrm.recordings.models import AudioRecord

pytestmark = pytest.mark.django_db

SAID = "Hi, my name is Tamsin Okafor, I live in Tucson and I work at Veltrix."


@pytest.fixture
def tamsin(alice):
    """A client typed by hand, before any recording."""
    return client_create(owner=alice, fields={"first_name": "Tamsin", "last_name": "Okafor", "city": "Omaha",
                                              "phone": "+33612345678", "notes": "Met at the fair."})


def test_a_recording_that_finds_its_client_by_name_alone_is_a_possible_duplicate(alice_api, alice, tamsin, say):
    record = say(alice, SAID)
    assert record.client_id == tamsin.pk
    status = alice_api.get(f"/api/audio/status/{record.pk}").json()
    assert (status["client_action"], status["possible_duplicate"]) == ("updated", True)
    tamsin.refresh_from_db()
    assert (tamsin.city, tamsin.company) == ("Tucson", "Veltrix")


def test_a_recording_made_on_the_clients_page_or_naming_its_phone_is_not_flagged(alice_api, alice, tamsin, say):
    on_page = say(alice, "She moved to Tucson.", client=tamsin)
    by_phone = say(alice, "Tamsin Okafor called, her phone number is +33 6 12 34 56 78, she now works at Veltrix.")
    for record in (on_page, by_phone):
        assert record.client_id == tamsin.pk
        assert alice_api.get(f"/api/audio/status/{record.pk}").json()["possible_duplicate"] is False


def test_split_moves_the_recording_to_a_new_client_and_gives_the_old_one_its_values_back(alice_api, alice, tamsin,
                                                                                       say):
    record = say(alice, SAID)
    answer = alice_api.post(f"/api/clients/{tamsin.pk}/recordings/{record.pk}/split")
    assert answer.status_code == 201, answer.content
    new = Client.objects.get(pk=answer.json()["id"])
    tamsin.refresh_from_db()
    assert (tamsin.city, tamsin.company, tamsin.phone) == ("Omaha", "", "+33612345678")
    assert (new.full_name, new.city, new.company, new.phone) == ("Tamsin Okafor", "Tucson", "Veltrix", "")
    record.refresh_from_db()
    interaction = Interaction.objects.get(audio_record=record)
    assert (record.client_id, record.client_action, interaction.client_id) == (new.pk, "created", new.pk)
    status = alice_api.get(f"/api/audio/status/{record.pk}").json()
    assert (status["client_id"], status["possible_duplicate"]) == (new.pk, False)
    restored = {(c.field, c.old_value, c.new_value) for c in tamsin.changes.filter(source="split")}
    assert {("city", "Tucson", "Omaha"), ("company", "Veltrix", "")} <= restored
    assert any(field == "split_to" for field, _old, _new in restored)
    # What the recording did to the old client stays in its history.
    assert tamsin.changes.filter(audio_record=record, field="city", new_value="Tucson").exists()
    assert set(new.changes.values_list("field", "source")) >= {("city", "split"), ("company", "split")}
    again = alice_api.post(f"/api/clients/{new.pk}/recordings/{record.pk}/split")
    assert again.status_code == 409


def test_same_person_clears_the_warning_and_changes_nothing_else(alice_api, alice, bob, tamsin, say):
    record = say(alice, SAID)
    url = f"/api/clients/{tamsin.pk}/recordings/{record.pk}/same-person"
    bobs = HttpClient(HTTP_AUTHORIZATION=f"Bearer {token_create(user=bob)}")
    assert bobs.post(url).status_code == 404  # not his client
    answer = alice_api.post(url)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"id": record.pk, "client_id": tamsin.pk, "possible_duplicate": False}
    status = alice_api.get(f"/api/audio/status/{record.pk}").json()
    assert (status["client_id"], status["possible_duplicate"]) == (tamsin.pk, False)
    tamsin.refresh_from_db()
    assert (tamsin.city, tamsin.company) == ("Tucson", "Veltrix")  # what the recording wrote stays
    again = alice_api.post(url)
    assert again.status_code == 409 and "already" in again.json()["detail"]
    # Confirmed, it is no longer offered to be split.
    assert alice_api.post(f"/api/clients/{tamsin.pk}/recordings/{record.pk}/split").status_code == 409


def test_same_person_on_a_recording_not_found_by_name_alone_is_409_in_the_callers_language(alice_api, alice, tamsin,
                                                                                          say):
    on_page = say(alice, "She moved to Tucson.", client=tamsin)
    url = f"/api/clients/{tamsin.pk}/recordings/{on_page.pk}/same-person"
    assert alice_api.post(url).status_code == 409
    french = alice_api.post(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 409 and "nom seul" in french.json()["detail"]
    missing = alice_api.post(f"/api/clients/{tamsin.pk}/recordings/999999/same-person", HTTP_ACCEPT_LANGUAGE="fr")
    assert missing.status_code == 404 and "aucun enregistrement" in missing.json()["detail"]


def test_split_leaves_a_value_changed_since_by_someone_else(alice_api, alice, tamsin, say):
    record = say(alice, SAID)
    alice_api.patch(f"/api/clients/{tamsin.pk}", {"city": "Reno"}, content_type="application/json")
    assert alice_api.post(f"/api/clients/{tamsin.pk}/recordings/{record.pk}/split").status_code == 201
    tamsin.refresh_from_db()
    assert (tamsin.city, tamsin.company) == ("Reno", "")


def test_merge_moves_everything_and_loses_nothing(alice_api, alice, say):
    keep = client_create(owner=alice, fields={"first_name": "Ravi", "last_name": "Castellane",
                                              "email": "ravi@castellane.example", "city": "Vannes",
                                              "notes": "Prefers email."})
    gone = client_create(owner=alice, fields={"first_name": "Ravi", "last_name": "Castellane-Ruiz",
                                              "phone": "+33698765432", "city": "Quimper", "company": "Voltaria",
                                              "notes": "Met in Quimper."})
    record = say(alice, "He asked for the brochure about solar panels.", client=gone)
    note = interaction_note_create(client=gone, note="Wants a discount on the second order.")
    task = task_create(owner=alice, title="Send the brochure", due=Due(date=date(2030, 1, 7), at=None), client=gone)
    gone_history = set(gone.changes.values_list("pk", flat=True))
    answer = alice_api.post(f"/api/clients/{keep.pk}/merge",
                            {"other_id": gone.pk, "fields": {"last_name": "other", "city": "this", "age": 51}},
                            content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"id": keep.pk, "merged": gone.pk}
    assert not Client.objects.filter(pk=gone.pk).exists()
    keep.refresh_from_db()
    assert (keep.last_name, keep.city, keep.phone, keep.company, keep.age, keep.email) == (
        "Castellane-Ruiz", "Vannes", "+33698765432", "Voltaria", 51, "ravi@castellane.example")
    assert keep.notes == "Prefers email.\n\nMet in Quimper."
    assert AudioRecord.objects.get(pk=record.pk).client_id == keep.pk
    assert Interaction.objects.get(pk=note.pk).client_id == keep.pk
    assert Interaction.objects.get(audio_record=record).client_id == keep.pk
    assert Task.objects.get(pk=task.pk).client_id == keep.pk
    assert gone_history <= set(keep.changes.values_list("pk", flat=True))
    merge_rows = {(c.field, c.old_value, c.new_value) for c in keep.changes.filter(source="merge")}
    assert ("merged_from", f"Ravi Castellane-Ruiz (#{gone.pk})", f"Ravi Castellane (#{keep.pk})") in merge_rows
    assert ("city", "Quimper", "Vannes") in merge_rows  # the other's value not kept stays visible
    assert ("last_name", "Castellane", "Castellane-Ruiz") in merge_rows
    # Search finds what was said about the merged client under the survivor.
    found = alice_api.get("/api/search", {"q": "discount"}).json()["results"]
    assert [(r["kind"], r["client_id"]) for r in found] == [("note", keep.pk)]
    assert SearchEntry.objects.filter(client=keep, kind="client").count() == 1


@pytest.mark.parametrize("fields, status", [({"city": "Paris", "shoe_size": 42}, 400), ({"email": "not-an-email"}, 400),
                                            ({"phone": "12"}, 400)])
def test_merge_refuses_bad_fields_and_changes_nothing(alice_api, alice, fields, status):
    keep = client_create(owner=alice, fields={"first_name": "Maelle", "last_name": "Morvan"})
    gone = client_create(owner=alice, fields={"first_name": "Maëlle", "last_name": "Morvan", "city": "Brest"})
    answer = alice_api.post(f"/api/clients/{keep.pk}/merge", {"other_id": gone.pk, "fields": fields},
                            content_type="application/json")
    assert answer.status_code == status and "detail" in answer.json()
    assert Client.objects.filter(pk=gone.pk).exists()
    assert not ClientChange.objects.filter(source="merge").exists()


def test_merge_with_itself_or_another_users_client_is_refused(alice_api, alice, bob):
    mine = client_create(owner=alice, fields={"first_name": "Maelle", "last_name": "Morvan"})
    theirs = client_create(owner=bob, fields={"first_name": "Maelle", "last_name": "Morvan"})
    same = alice_api.post(f"/api/clients/{mine.pk}/merge", {"other_id": mine.pk}, content_type="application/json")
    assert same.status_code == 400
    foreign = alice_api.post(f"/api/clients/{mine.pk}/merge", {"other_id": theirs.pk},
                             content_type="application/json")
    assert foreign.status_code == 404
    assert Client.objects.filter(pk=theirs.pk).exists()


def test_possible_duplicates_by_email_phone_folded_name_and_contained_name(alice_api, alice, bob):
    a = client_create(owner=alice, fields={"first_name": "Jean-Luc", "last_name": "Ferrand"})
    b = client_create(owner=alice, fields={"first_name": "Jean Luc", "last_name": "FERRAND"})
    c = client_create(owner=alice, fields={"first_name": "Nour", "last_name": "Haddad", "email": "NH@haddad.example"})
    d = client_create(owner=alice, fields={"first_name": "N.", "last_name": "H", "email": "nh@haddad.example",
                                           "phone": "+33611223344"})
    e = client_create(owner=alice, fields={"company": "Orbis", "phone": "+33611223344"})
    f = client_create(owner=alice, fields={"first_name": "Nour", "last_name": "Haddad Benali"})
    client_create(owner=alice, fields={"first_name": "Unrelated", "last_name": "Person"})
    client_create(owner=bob, fields={"first_name": "Jean-Luc", "last_name": "Ferrand"})
    answer = alice_api.get("/api/clients/duplicates")
    assert answer.status_code == 200
    pairs = {(r["client"]["id"], r["other"]["id"]): r["reasons"] for r in answer.json()["results"]}
    assert pairs == {(a.pk, b.pk): ["name"], (c.pk, d.pk): ["email"], (d.pk, e.pk): ["phone"],
                     (c.pk, f.pk): ["name_contained"]}
    of_d = alice_api.get("/api/clients/duplicates", {"client_id": d.pk}).json()
    assert {(r["client"]["id"], r["other"]["id"]) for r in of_d["results"]} == {(c.pk, d.pk), (d.pk, e.pk)}
    bobs = client_create(owner=bob, fields={"first_name": "Nour", "last_name": "Haddad"})
    assert alice_api.get("/api/clients/duplicates", {"client_id": bobs.pk}).status_code == 404


def test_a_client_typed_in_the_api_is_validated_and_in_its_history(alice_api, alice):
    answer = alice_api.post("/api/clients", {"first_name": "Anouk", "last_name": "Verhoeven",
                                             "phone": "+33 6 01 02 03 04", "budget": 1200},
                            content_type="application/json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["phone"], float(body["budget"])) == ("+33601020304", 1200)
    client = Client.objects.get(pk=body["id"], owner=alice)
    assert set(client.changes.values_list("field", "source")) == {("first_name", "typed"), ("last_name", "typed"),
                                                                  ("phone", "typed"), ("budget", "typed")}
    for bad in ({"email": "nope"}, {"city": "Reno"}, {"shoe_size": 3}):
        refused = alice_api.post("/api/clients", bad, content_type="application/json")
        assert refused.status_code == 400 and refused.json()["detail"]
    assert Client.objects.filter(owner=alice).count() == 1
