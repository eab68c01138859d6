"""Interactions, the timeline and the Inbox: the job in this process (a stand-in transcriber, the real rules
extractor and database), then the API; and due dates across offsets."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient

from voicecrm.accounts.services import token_create, user_settings_set
from voicecrm.crm.dues import Due, InvalidDueError, due_local, due_parse, due_text, recording_zone
from voicecrm.crm.models import Client, ClientChange, Interaction, Task
from voicecrm.crm.tasks import tasks_from_followups
from voicecrm.extraction import FollowUp
from voicecrm.pipeline import engines
from voicecrm.pipeline.job import record_process
from voicecrm.recordings.models import AudioRecord
from voicecrm.recordings.services import audio_upload
from voicecrm.speech.base import Transcript

pytestmark = pytest.mark.django_db

PARIS, NEW_YORK, UTC = ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York"), UTC
CALL_BACK = "Please call her back tomorrow at ten, she is waiting for the contract."


class SaidTranscriber:
    """Stands in for the speech model: every recording says `text`."""

    def __init__(self, text: str) -> None:
        self.text = text

    def transcribe(self, audio, *, language=None):
        return Transcript(text=self.text, language="en", duration=3.0)


@pytest.fixture
def say(monkeypatch):
    """``say(owner, text, client=None, recorded_at=None)``: upload a recording that says `text` and run its
    job here; returns the record, processed."""

    def run(owner, text, *, client=None, recorded_at=None):
        monkeypatch.setattr(engines, "_transcriber", SaidTranscriber(text))
        record = audio_upload(owner=owner, audio=SimpleUploadedFile("note.ogg", b"OggS" + bytes(200), "audio/ogg"),
                              client_id=client.pk if client else None, recorded_at=recorded_at)
        record_process(record_id=record.pk, enqueue=lambda **kwargs: True)
        record.refresh_from_db()
        return record

    return run


@pytest.fixture
def jane(alice):
    return Client.objects.create(owner=alice, first_name="Jane", last_name="Roe", city="Lyon",
                                 notes="Typed by hand.")


@pytest.fixture
def bob_api(bob):
    client = HttpClient()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_create(user=bob)}"
    return client


def _post(api, url, body=None):
    return api.post(url, body or {}, content_type="application/json")


# --- Due dates across offsets ---------------------------------------------------------------------

def test_a_due_is_read_as_a_date_or_a_moment_in_its_offset_or_the_users_zone():
    assert due_parse("2026-12-02", zone=PARIS) == Due(date=date(2026, 12, 2))
    naive = due_parse("2026-12-02T10:00", zone=NEW_YORK)
    assert naive.at == datetime(2026, 12, 2, 15, 0, tzinfo=UTC) and naive.date == date(2026, 12, 2)
    # An offset wins over the zone; the date is the one where the time was given.
    late = due_parse("2026-12-02T23:30:00-05:00", zone=PARIS)
    assert late.at == datetime(2026, 12, 3, 4, 30, tzinfo=UTC) and late.date == date(2026, 12, 2)
    assert due_parse("2026-12-02T09:00:00Z", zone=PARIS).at == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    for bad in ("", "soon", "2026-13-01", "2026-12-02T10:00+25:00", "02/12/2026"):
        with pytest.raises(InvalidDueError):
            due_parse(bad, zone=PARIS)


def test_a_due_is_shown_in_the_users_zone_with_its_offset_summer_and_winter():
    at = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert due_text(due_date=date(2026, 12, 2), due_at=at, zone=PARIS) == "2026-12-02T10:00:00+01:00"
    assert due_text(due_date=date(2026, 12, 2), due_at=at, zone=NEW_YORK) == "2026-12-02T04:00:00-05:00"
    summer = datetime(2026, 7, 2, 8, 0, tzinfo=UTC)
    assert due_text(due_date=date(2026, 7, 2), due_at=summer, zone=PARIS) == "2026-07-02T10:00:00+02:00"
    assert due_text(due_date=date(2026, 7, 2), due_at=None, zone=PARIS) == "2026-07-02"


def test_a_recordings_dates_are_read_in_the_users_zone_when_its_offset_agrees_else_in_that_offset():
    recorded = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    # Paris is UTC+1 on 20 March: the recording's +01:00 is Paris, and "in two weeks at 10" (after the
    # change to summer time on 29 March) is 10:00 Paris time, UTC+2.
    zone = recording_zone(utc_offset=60, at=recorded, user_zone=PARIS)
    assert zone is PARIS
    due = due_local(datetime(2026, 4, 3, 10, 0), zone=zone)
    assert due.at.astimezone(UTC) == datetime(2026, 4, 3, 8, 0, tzinfo=UTC)
    # Recorded in New York by a Paris user: New York's offset at that moment.
    away = recording_zone(utc_offset=-240, at=recorded, user_zone=PARIS)
    assert away.utcoffset(None) == timedelta(hours=-4)
    assert due_local(datetime(2026, 3, 21, 10, 0), zone=away).at.astimezone(UTC) == datetime(2026, 3, 21, 14, 0,
                                                                                           tzinfo=UTC)
    assert recording_zone(utc_offset=None, at=recorded, user_zone=NEW_YORK) is NEW_YORK


def test_follow_ups_become_tasks_in_the_recordings_zone(alice, jane):
    interaction = Interaction.objects.create(owner=alice, client=jane, source="voice",
                                             recorded_at=datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    tasks = tasks_from_followups(interaction=interaction, zone=timezone(timedelta(hours=9)), followups=[
        FollowUp(title="Call back Jane Roe", due=datetime(2026, 12, 2, 10, 0)),
        FollowUp(title="Send the contract", due=date(2026, 12, 31))])
    call, send = (Task.objects.get(pk=t.pk) for t in tasks)
    assert call.due_at == datetime(2026, 12, 2, 1, 0, tzinfo=UTC) and call.due_date == date(2026, 12, 2)
    assert send.due_at is None and send.due_date == date(2026, 12, 31)
    assert {t.client_id for t in (call, send)} == {jane.pk} and {t.owner_id for t in (call, send)} == {alice.pk}


# --- The job: interaction, tasks, Inbox -----------------------------------------------------------

def test_a_follow_up_on_a_clients_page_makes_an_interaction_and_a_task_in_the_recordings_offset(
        say, alice, alice_api, jane):
    record = say(alice, CALL_BACK, client=jane, recorded_at="2026-12-01T17:45:00-05:00")
    assert (record.status, record.client_id, record.client_action) == ("completed", jane.pk, "updated")
    assert record.recorded_utc_offset == -300
    interaction = Interaction.objects.get(audio_record=record)
    assert (interaction.client_id, interaction.source) == (jane.pk, "voice")
    assert "waiting for the contract" in interaction.note
    assert interaction.recorded_at == datetime(2026, 12, 1, 22, 45, tzinfo=UTC)
    [task] = Task.objects.filter(interaction=interaction)
    # "tomorrow at ten", said at 17:45 in New York: 2 December, 10:00 New York time.
    assert task.due_at == datetime(2026, 12, 2, 15, 0, tzinfo=UTC) and task.due_date == date(2026, 12, 2)
    assert (task.client_id, task.owner_id, task.done) == (jane.pk, alice.pk, False)
    status = alice_api.get(f"/api/audio/status/{record.pk}").json()
    assert status["interaction_id"] == interaction.pk and status["inbox"] is False
    assert "waiting for the contract" in status["note"]
    # Shown in the user's zone (Paris by default).
    assert status["tasks"] == [{"id": task.pk, "title": task.title, "due": "2026-12-02T16:00:00+01:00"}]
    assert status["client_action"] == "updated"


def test_without_recorded_at_the_upload_time_in_the_users_zone_reads_the_dates(say, alice, jane, monkeypatch):
    user_settings_set(user=alice, time_zone="Asia/Tokyo")
    record = say(alice, CALL_BACK, client=jane)
    assert record.recorded_utc_offset is None
    tokyo_today = record.recorded_at.astimezone(ZoneInfo("Asia/Tokyo")).date()
    [task] = Task.objects.filter(interaction__audio_record=record)
    assert task.due_at.astimezone(ZoneInfo("Asia/Tokyo")).replace(tzinfo=None) == datetime.combine(
        tokyo_today + timedelta(days=1), datetime.min.time()).replace(hour=10)


def test_a_note_that_names_no_one_completes_into_the_inbox_instead_of_failing(say, alice, alice_api):
    record = say(alice, CALL_BACK, recorded_at="2026-12-01T09:30:00+01:00")
    assert (record.status, record.error, record.client_id, record.client_action) == ("completed", "", None, "")
    assert Client.objects.count() == 0
    status = alice_api.get(f"/api/audio/status/{record.pk}").json()
    assert status["inbox"] is True and status["client_id"] is None and status["client_action"] is None
    assert status["tasks"][0]["due"] == "2026-12-02T10:00:00+01:00"
    inbox = alice_api.get("/api/inbox").json()
    assert inbox["count"] == 1
    [item] = inbox["results"]
    assert (item["kind"], item["id"], item["source"], item["audio_record_id"]) == (
        "interaction", status["interaction_id"], "voice", record.pk)
    assert item["transcription"] == CALL_BACK and "waiting for the contract" in item["note"]
    assert [t["due"] for t in item["tasks"]] == ["2026-12-02T10:00:00+01:00"]
    assert item["tasks"][0]["client_id"] is None and item["fields"] == {}
    assert alice_api.get("/api/tasks").json()["results"][0]["interaction_id"] == item["id"]


def test_an_inbox_item_assigned_to_a_client_takes_its_tasks_and_recording_along(say, alice, alice_api, jane):
    record = say(alice, CALL_BACK)
    interaction = Interaction.objects.get(audio_record=record)
    answer = _post(alice_api, f"/api/interactions/{interaction.pk}/assign", {"client_id": jane.pk})
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"interaction_id": interaction.pk, "client_id": jane.pk, "client_name": "Jane Roe"}
    record.refresh_from_db()
    assert record.client_id == jane.pk
    assert set(Task.objects.filter(interaction=interaction).values_list("client_id", flat=True)) == {jane.pk}
    assert alice_api.get("/api/inbox").json() == {"count": 0, "results": []}
    status = alice_api.get(f"/api/audio/status/{record.pk}").json()
    assert status["inbox"] is False and status["client_id"] == jane.pk
    timeline = alice_api.get(f"/api/clients/{jane.pk}/timeline").json()
    assert [(i["kind"], i.get("id")) for i in timeline["results"]] == [("interaction", interaction.pk)]
    again = _post(alice_api, f"/api/interactions/{interaction.pk}/assign", {"client_id": jane.pk})
    assert again.status_code == 409 and "Inbox" in again.json()["detail"]


def test_an_inbox_item_becomes_a_new_client_with_checked_fields(say, alice, alice_api):
    record = say(alice, "He is 42 and lives in Denver. Call him back next week.")
    interaction = Interaction.objects.get(audio_record=record)
    inbox = alice_api.get("/api/inbox").json()["results"][0]
    assert inbox["fields"] == {"age": 42, "city": "Denver"}
    refused = _post(alice_api, f"/api/interactions/{interaction.pk}/assign",
                    {"new_client": True, "fields": {"first_name": "Sam", "phone": "not a phone"}})
    assert refused.status_code == 400 and "phone" in refused.json()["detail"]
    unknown = _post(alice_api, f"/api/interactions/{interaction.pk}/assign",
                    {"new_client": True, "fields": {"shoe_size": 44}})
    assert unknown.status_code == 400 and "unknown field" in unknown.json()["detail"]
    assert Client.objects.count() == 0
    answer = _post(alice_api, f"/api/interactions/{interaction.pk}/assign",
                   {"new_client": True, "fields": {"first_name": "Sam", "last_name": "Hill", "phone": "+33612345678",
                                                   "age": 42}})
    assert answer.status_code == 200, answer.content
    sam = Client.objects.get(pk=answer.json()["client_id"])
    assert (sam.owner_id, sam.full_name, sam.phone, sam.age) == (alice.pk, "Sam Hill", "+33612345678", 42)
    assert answer.json()["client_name"] == "Sam Hill"
    assert Task.objects.get(interaction=interaction).client_id == sam.pk


def test_a_new_client_from_the_inbox_without_fields_takes_what_was_heard(say, alice, alice_api):
    record = say(alice, "He is 42 and lives in Denver. Call him back next week.")
    interaction = Interaction.objects.get(audio_record=record)
    answer = _post(alice_api, f"/api/interactions/{interaction.pk}/assign", {"new_client": True})
    assert answer.status_code == 200
    client = Client.objects.get(pk=answer.json()["client_id"])
    assert (client.age, client.city) == (42, "Denver")


@pytest.mark.parametrize("body", [{}, {"new_client": False}, {"client_id": 1, "new_client": True},
                                  {"client_id": "x"}])
def test_assign_needs_exactly_one_target(say, alice, alice_api, body):
    interaction = Interaction.objects.get(audio_record=say(alice, CALL_BACK))
    answer = _post(alice_api, f"/api/interactions/{interaction.pk}/assign", body)
    assert answer.status_code == 400 and answer.json()["detail"]
    assert Interaction.objects.get(pk=interaction.pk).client_id is None


def test_another_users_interaction_or_client_is_404(say, alice, bob, alice_api, bob_api, jane):
    interaction = Interaction.objects.get(audio_record=say(alice, CALL_BACK))
    bobs_client = Client.objects.create(owner=bob, first_name="Bob's", last_name="Client")
    assert bob_api.get("/api/inbox").json()["count"] == 0
    stolen = _post(bob_api, f"/api/interactions/{interaction.pk}/assign", {"client_id": bobs_client.pk})
    assert stolen.status_code == 404 and "detail" in stolen.json()
    onto_foreign = _post(alice_api, f"/api/interactions/{interaction.pk}/assign", {"client_id": bobs_client.pk})
    assert onto_foreign.status_code == 404
    assert bob_api.get(f"/api/clients/{jane.pk}/timeline").status_code == 404
    assert _post(bob_api, f"/api/clients/{jane.pk}/interactions", {"note": "mine"}).status_code == 404
    assert Interaction.objects.get(pk=interaction.pk).client_id is None


def test_voice_leaves_the_clients_notes_field_and_fills_the_interaction_note(say, alice, jane):
    record = say(alice, "Notes: prefers to be called in the morning.", client=jane)
    jane.refresh_from_db()
    assert jane.notes == "Typed by hand."
    assert not ClientChange.objects.filter(field="notes").exists()
    assert "notes" not in record.extracted
    assert "morning" in Interaction.objects.get(audio_record=record).note


# --- The timeline ---------------------------------------------------------------------------------

def test_the_timeline_holds_interactions_changes_and_tasks_newest_first(say, alice, alice_api, jane):
    # A recording that changes a field and asks for a follow-up: one interaction holding both.
    spoken = say(alice, "She moved to Nantes. Please call her back tomorrow at ten.", client=jane,
                 recorded_at="2026-11-02T09:00:00+01:00")
    # A typed edit, a typed task done, and a typed note, in that order.
    assert alice_api.patch(f"/api/clients/{jane.pk}", {"company": "Northwind"},
                           content_type="application/json").status_code == 200
    typed = _post(alice_api, "/api/tasks", {"title": "Send the contract", "due": "2026-12-03",
                                            "client_id": jane.pk}).json()
    alice_api.patch(f"/api/tasks/{typed['id']}", {"done": True}, content_type="application/json")
    note = _post(alice_api, f"/api/clients/{jane.pk}/interactions", {"note": "  Met her at the fair.  "})
    assert note.status_code == 201
    assert note.json() == {"kind": "interaction", "at": note.json()["at"], "id": note.json()["id"],
                           "source": "typed", "note": "Met her at the fair.", "transcription": None,
                           "edited_text": None, "audio_record_id": None, "tasks": [], "changes": []}
    timeline = alice_api.get(f"/api/clients/{jane.pk}/timeline").json()
    kinds = [(i["kind"], i.get("event") or i.get("field") or i.get("source")) for i in timeline["results"]]
    assert kinds == [("interaction", "typed"), ("task", "done"), ("task", "created"), ("change", "company"),
                     ("interaction", "voice")]
    assert timeline["count"] == 5
    voice = timeline["results"][-1]
    assert voice["at"] == "2026-11-02T09:00:00+01:00" and voice["audio_record_id"] == spoken.pk
    assert voice["changes"] == [{"field": "city", "old_value": "Lyon", "new_value": "Nantes"}]
    assert [t["due"] for t in voice["tasks"]] == ["2026-11-03T10:00:00+01:00"]
    assert voice["transcription"].startswith("She moved to Nantes")
    change = timeline["results"][3]
    assert (change["old_value"], change["new_value"], change["changed_by"], change["audio_record_id"]) == (
        "", "Northwind", "alice", None)
    assert timeline["results"][1]["task"]["id"] == typed["id"] and timeline["results"][1]["task"]["done"] is True
    # Pages: the same order, cut.
    page = alice_api.get(f"/api/clients/{jane.pk}/timeline?limit=2&offset=2").json()
    assert page["count"] == 5 and page["results"] == timeline["results"][2:4]


def test_a_typed_note_must_say_something(alice_api, jane):
    for body in ({"note": ""}, {"note": "   "}, {"note": "a\x00b"}, {"note": "x" * 20_001}, {}):
        answer = _post(alice_api, f"/api/clients/{jane.pk}/interactions", body)
        assert answer.status_code == 400 and answer.json()["detail"]
    answer = alice_api.post(f"/api/clients/{jane.pk}/interactions", data={"note": "a\x00b"},
                            content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.json()["detail"] == "les caractères de contrôle (par ex. NUL) sont interdits dans une note"
    assert Interaction.objects.count() == 0
    assert _post(alice_api, "/api/clients/999999/interactions", {"note": "hello"}).status_code == 404


def test_a_recording_before_interactions_existed_still_shows_its_changes(alice, alice_api, jane):
    old = AudioRecord.objects.create(owner=alice, client=jane, size=1, status="completed")
    ClientChange.objects.create(client=jane, field="city", old_value="Paris", new_value="Lyon", audio_record=old)
    [item] = alice_api.get(f"/api/clients/{jane.pk}/timeline").json()["results"]
    assert (item["kind"], item["field"], item["audio_record_id"], item["changed_by"]) == ("change", "city", old.pk,
                                                                                          None)


# --- A corrected transcript replaces what was heard ------------------------------------------------

HEARD = "New client: Walter Brandt, 42 years old, lives in Denver, works at Redwood as an account manager."


def _correct(record, text):
    from voicecrm.pipeline.services import record_reprocess

    assert record_reprocess(record=record, text=text)
    record_process(record_id=record.pk, enqueue=lambda **kwargs: True)
    record.refresh_from_db()
    return Client.objects.get(pk=record.client_id)


def _edited(client):
    return sorted((c.field, c.old_value, c.new_value) for c in client.changes.filter(source="edited"))


def test_a_correction_takes_back_what_the_first_pass_wrote_and_it_no_longer_says(say, alice):
    record = say(alice, HEARD)
    client = Client.objects.get(pk=record.client_id)
    assert (client.age, client.city, client.company, client.job_title) == (42, "Denver", "Redwood",
                                                                          "account manager")
    client = _correct(record, "New client: Walter Brandt, lives in Boulder, works at Redwood.")
    assert (record.status, record.client_action) == ("completed", "updated")
    assert (client.first_name, client.last_name, client.age, client.city, client.company, client.job_title) == (
        "Walter", "Brandt", None, "Boulder", "Redwood", "")
    assert _edited(client) == [("age", "42", ""), ("city", "Denver", "Boulder"), ("job_title", "account manager", "")]
    assert Client.objects.count() == 1


def test_a_value_someone_changed_since_is_not_taken_back(say, alice, jane):
    from voicecrm.crm.services import client_update

    record = say(alice, "She is 51 now and works at Redwood as a buyer.", client=jane)
    jane.refresh_from_db()
    assert (jane.age, jane.company, jane.job_title) == (51, "Redwood", "buyer")
    client_update(client=jane, fields={"company": "Redwood Labs"}, user=alice)  # typed after the recording
    jane = _correct(record, "She is 52 now.")
    # The typed company stays; the job title the correction dropped goes back to what Jane held (nothing); the
    # city she had before the recording was never the recording's to change.
    assert (jane.age, jane.company, jane.job_title, jane.city) == (52, "Redwood Labs", "", "Lyon")


def test_a_field_corrected_twice_then_dropped_goes_back_to_before_the_recording(say, alice, jane):
    record = say(alice, "She moved to Denver.", client=jane)
    assert _correct(record, "She moved to Boulder.").city == "Boulder"
    jane = _correct(record, "She called about the contract.")
    assert jane.city == "Lyon"
    assert [(c.old_value, c.new_value, c.source) for c in jane.changes.filter(field="city").order_by("id")] == [
        ("Lyon", "Denver", "voice"), ("Denver", "Boulder", "edited"), ("Boulder", "Lyon", "edited")]


def test_a_correction_naming_nobody_leaves_the_created_client_its_name(say, alice):
    record = say(alice, HEARD)
    client = _correct(record, "Call him back tomorrow about the contract.")
    # Name and company are what tell who the client is: they stay; the rest goes.
    assert (client.first_name, client.last_name, client.company) == ("Walter", "Brandt", "Redwood")
    assert (client.age, client.city, client.job_title) == (None, "", "")
    assert record.interaction.tasks.count() == 1
