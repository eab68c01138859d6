"""Issue 14 through the API and the pages (Django test client, real database): a recording that changed nothing
says so, operators' figures stay with staff, one recording's status is singular, and phone numbers follow each
user's region (typed, shown, searched)."""

from datetime import UTC, datetime

import pytest

from voicecrm.accounts.services import phone_region_set
from voicecrm.crm.interactions import interaction_from_recording
from voicecrm.crm.models import Client
from voicecrm.crm.services import client_apply_fields
from voicecrm.pipeline.job import record_process
from voicecrm.recordings.models import AudioRecord, Status

pytestmark = pytest.mark.django_db

BOSTON = "+16175550198"  # a 555-01xx number: reserved for fiction
PARIS_MOBILE = "+33612345678"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("root", password="pw-root-123", is_staff=True)


def _completed(owner, client, *, fields=None, note="", review=None) -> AudioRecord:
    """A recording the job completed on `client`, writing `fields` through the one service that writes them."""
    record = AudioRecord.objects.create(owner=owner, client=client, size=1, status=Status.COMPLETED,
                                        transcription="Lạm về mềm hạ mạng xe", review=review,
                                        client_action="" if review else "updated")
    if review is None:
        if fields:
            client_apply_fields(client=client, fields=fields, audio_record=record)
        interaction_from_recording(audio_record=record, client=client, note=note, followups=[],
                                   recorded_at=datetime(2026, 11, 30, 9, tzinfo=UTC), zone=UTC)
    return record


def test_a_recording_that_changed_nothing_is_not_reported_as_applied(client, alice):
    client.force_login(alice)
    ana = Client.objects.create(owner=alice, first_name="Ana", last_name="Quill", city="Lyon")
    nothing = _completed(alice, ana, note="Lạm về mềm hạ mạng xe.")
    moved = _completed(alice, ana, fields={"city": "Nantes"})
    flagged = _completed(alice, ana, review={"reason": "low_confidence"})
    states = {r.pk: client.get(f"/api/audio/status/{r.pk}").json() for r in (nothing, moved, flagged)}
    assert (states[nothing.pk]["changes"], states[nothing.pk]["applied"]) == (0, False)
    assert (states[moved.pk]["changes"], states[moved.pk]["applied"]) == (1, True)
    assert (states[flagged.pk]["applied"], states[flagged.pk]["review"]) == (False, {"reason": "low_confidence"})


def test_throughput_median_and_stale_are_for_staff_only(client, alice, staff):
    AudioRecord.objects.create(owner=alice, size=1, status=Status.FAILED, error="boom")
    client.force_login(alice)
    mine = client.get("/api/audio/jobs").json()
    assert mine["counts"]["failed"] == 1 and len(mine["failed_jobs"]) == 1
    assert (mine["last_hour"], mine["last_day"], mine["stale"], mine["stale_jobs"]) == (None, None, None, [])
    page = client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Throughput" not in page and "Stale jobs" not in page and 'data-count="stale"' not in page
    client.force_login(staff)
    theirs = client.get("/api/audio/jobs").json()
    assert theirs["last_hour"]["failed"] == 0 and theirs["stale"] == 0
    page = client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Throughput" in page and "Stale jobs" in page


def test_one_recordings_badge_is_singular_in_french_and_the_saving_stage_means_the_record(client, alice):
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    AudioRecord.objects.create(owner=alice, size=1, status=Status.FAILED, error="boom")
    AudioRecord.objects.create(owner=alice, size=1, status=Status.PROCESSING, stage="saving")
    page = client.get("/jobs/").content.decode()
    assert '<span class="badge failed">échoué</span>' in page
    assert "échoués" in page  # the counter, for any number of recordings
    assert "mise à jour de la fiche" in page and ">enregistrement<" not in page


def test_the_phone_region_follows_the_language_until_the_user_chooses_one(client, alice):
    client.force_login(alice)
    assert client.get("/api/auth/settings", HTTP_ACCEPT_LANGUAGE="fr").json()["phone_region"] == "FR"
    english = client.get("/api/auth/settings", HTTP_ACCEPT_LANGUAGE="en-US").json()
    assert (english["phone_region"], english["phone_region_chosen"]) == ("US", False)
    chosen = client.patch("/api/auth/settings", {"phone_region": "gb"}, content_type="application/json")
    assert chosen.status_code == 200 and chosen.json()["phone_region"] == "GB"
    assert client.get("/api/auth/settings", HTTP_ACCEPT_LANGUAGE="fr").json()["phone_region"] == "GB"
    refused = client.patch("/api/auth/settings", {"phone_region": "XX"}, content_type="application/json")
    assert refused.status_code == 400 and "XX" in refused.json()["detail"]
    cleared = client.patch("/api/auth/settings", {"phone_region": ""}, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="fr")
    assert (cleared.json()["phone_region"], cleared.json()["phone_region_chosen"]) == ("FR", False)


def test_a_typed_number_is_read_in_the_users_region_and_stored_in_e164(client, alice):
    client.force_login(alice)
    ana = Client.objects.create(owner=alice, first_name="Ana", last_name="Quill")
    url = f"/api/clients/{ana.pk}"
    american = client.patch(url, {"phone": "(617) 555-0198"}, content_type="application/json",
                            HTTP_ACCEPT_LANGUAGE="en-US")
    assert american.status_code == 200 and american.json()["phone"] == BOSTON
    # The same digits in the French UI (region FR) are not a French number: refused, nothing lost.
    french = client.patch(url, {"phone": "(617) 555-0198"}, content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 400
    assert Client.objects.get(pk=ana.pk).phone == BOSTON
    assert client.patch(url, {"phone": "06 12 34 56 78"}, content_type="application/json",
                        HTTP_ACCEPT_LANGUAGE="fr").json()["phone"] == PARIS_MOBILE


def test_numbers_are_shown_national_in_the_users_region_and_international_otherwise(client, alice):
    client.force_login(alice)
    Client.objects.create(owner=alice, first_name="Ana", last_name="Quill", phone=BOSTON)
    Client.objects.create(owner=alice, first_name="Blaise", last_name="Orme", phone=PARIS_MOBILE)
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "(617) 555-0198" in english and "+33 6 12 34 56 78" in english
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    french = client.get("/").content.decode()
    assert "06 12 34 56 78" in french and "+1 617-555-0198" in french


@pytest.mark.parametrize("written", ["617-555-0198", "+1 617 555 0198", "(617) 555-0198", "6175550198",
                                     "001 617 555 0198"])
def test_search_finds_a_client_by_any_written_form_of_its_number(client, alice, written):
    client.force_login(alice)
    Client.objects.create(owner=alice, first_name="Ana", last_name="Quill", phone=BOSTON)
    Client.objects.create(owner=alice, first_name="Blaise", last_name="Orme", phone=PARIS_MOBILE)
    found = client.get("/api/clients", {"search": written}, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert [c["last_name"] for c in found["results"]] == ["Quill"], written


def test_search_finds_a_french_number_written_nationally_from_an_english_ui(client, alice):
    client.force_login(alice)
    Client.objects.create(owner=alice, first_name="Blaise", last_name="Orme", phone=PARIS_MOBILE)
    Client.objects.create(owner=alice, first_name="Ana", last_name="Quill", phone=BOSTON)
    for written in ("06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78"):
        found = client.get("/api/clients", {"search": written}, HTTP_ACCEPT_LANGUAGE="en-US").json()
        assert [c["last_name"] for c in found["results"]] == ["Orme"], written
    # Words still search names, and a short number (a postcode, an age) is not read as a phone.
    assert client.get("/api/clients", {"search": "Orme"}).json()["count"] == 1
    assert client.get("/api/clients", {"search": "69002"}).json()["count"] == 0


@pytest.mark.parametrize(("region", "stored"), [("GB", "+442079460958"), ("", "")])
def test_a_spoken_number_is_read_in_the_owners_phone_region(alice, region, stored):
    """020 7946 0958 (a London number reserved for drama) is no number in France nor in the US (the server's
    region and English's home plan): only an owner whose region is GB gets it."""
    if region:
        phone_region_set(user=alice, region=region)
    ana = Client.objects.create(owner=alice, first_name="Ana", last_name="Quill")
    record = AudioRecord.objects.create(owner=alice, client=ana, size=1, language_requested="en",
                                        edited_text="You can reach her on 020 7946 0958.")
    record_process(record_id=record.pk, enqueue=lambda **kwargs: True)
    assert AudioRecord.objects.get(pk=record.pk).status == Status.COMPLETED
    assert Client.objects.get(pk=ana.pk).phone == stored
