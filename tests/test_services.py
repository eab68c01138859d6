"""Client merging, duplicate matching, retry delays and the reaper, against the real database."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from voicecrm.crm.matching import client_match
from voicecrm.crm.models import Client, ClientChange
from voicecrm.crm.services import client_merge_extraction
from voicecrm.extraction import ExtractedField, Extraction
from voicecrm.pipeline.queue import queued_record_ids
from voicecrm.pipeline.reaper import records_reap
from voicecrm.pipeline.retries import retry_delay
from voicecrm.pipeline.services import record_retry
from voicecrm.pipeline.tasks import process_audio_record
from voicecrm.recordings.models import AudioRecord, JobAttempt, Outcome, Status
from voicecrm.recordings.services import audio_upload

pytestmark = pytest.mark.django_db


def said(**values) -> Extraction:
    return Extraction(fields={k: ExtractedField(value=v, confidence=0.95, evidence=str(v)) for k, v in values.items()})


def test_only_the_stated_fields_change_and_each_change_is_recorded(alice):
    client = Client.objects.create(owner=alice, first_name="Ana", last_name="Lima", city="Lyon", age=30)
    record = AudioRecord.objects.create(owner=alice, size=1)
    changes, _ = client_merge_extraction(client=client, extraction=said(city="Nantes"), audio_record=record)
    client.refresh_from_db()
    assert (client.first_name, client.last_name, client.age, client.city) == ("Ana", "Lima", 30, "Nantes")
    assert [(c.field, c.old_value, c.new_value, c.audio_record_id) for c in ClientChange.objects.all()] == [
        ("city", "Lyon", "Nantes", record.pk)]
    assert len(changes) == 1


def test_notes_heard_in_a_recording_leave_the_typed_notes_field_as_it_is(alice):
    # What a recording says about the relationship goes to its interaction's note (the timeline), no longer
    # appended to the client's notes field, which keeps what users type.
    client = Client.objects.create(owner=alice, first_name="Ana", notes="Wants a demo.")
    changes, suggestions = client_merge_extraction(client=client,
                                                   extraction=said(notes="Call back on Monday.", city="Lyon"))
    client.refresh_from_db()
    assert client.notes == "Wants a demo." and client.city == "Lyon"
    assert [c.field for c in changes] == ["city"] and suggestions == {}
    assert list(ClientChange.objects.values_list("field", flat=True)) == ["city"]


def test_a_value_repeated_unchanged_records_no_change(alice):
    client = Client.objects.create(owner=alice, first_name="Ana", city="Lyon")
    changes, _ = client_merge_extraction(client=client, extraction=said(city="Lyon"))
    assert changes == [] and ClientChange.objects.count() == 0


def test_a_low_confidence_value_does_not_overwrite_but_becomes_a_suggestion(alice):
    client = Client.objects.create(owner=alice, first_name="Ana", city="Lyon")
    weak = Extraction(fields={"city": ExtractedField(value="Lille", confidence=0.3, evidence="lille")})
    changes, suggestions = client_merge_extraction(client=client, extraction=weak)
    client.refresh_from_db()
    assert client.city == "Lyon" and changes == []
    assert suggestions["city"].value == "Lille"


@pytest.mark.parametrize("fields", [
    {"email": "Ana.Lima@Example.com"},
    {"phone": "+33612345678"},
    {"first_name": "ANA", "last_name": "lima"},
    {"first_name": "Ána", "last_name": "Límá"},
])
def test_an_existing_client_is_found_by_email_phone_or_name_without_case_or_accents(alice, fields):
    client = Client.objects.create(owner=alice, first_name="Ana", last_name="Lima", email="ana.lima@example.com",
                                   phone="+33612345678", name_key="ana lima")
    assert client_match(owner=alice, fields=fields) == client


def test_another_users_client_is_never_matched(alice, bob):
    Client.objects.create(owner=bob, first_name="Ana", last_name="Lima", name_key="ana lima")
    assert client_match(owner=alice, fields={"first_name": "Ana", "last_name": "Lima"}) is None


def test_retry_delays_follow_the_setting_and_repeat_the_last_one(settings):
    settings.RETRY_DELAYS = [30, 60, 120]
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 120]


def _processing(owner, *, heartbeat_age: float, attempts: int) -> AudioRecord:
    now = timezone.now()
    record = AudioRecord.objects.create(owner=owner, size=1, status=Status.PROCESSING,
                                        attempts_in_budget=attempts, started_at=now,
                                        heartbeat_at=now - timedelta(seconds=heartbeat_age), worker="gone:1")
    JobAttempt.objects.create(record=record, number=attempts, started_at=now)
    return record


def test_reaper_takes_back_a_processing_record_whose_worker_stopped_beating(alice, settings):
    settings.STALE_AFTER = 10
    dead = _processing(alice, heartbeat_age=60, attempts=1)
    alive = _processing(alice, heartbeat_age=1, attempts=1)
    records_reap()
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == Status.PENDING and "stopped responding" in dead.error
    assert dead.job_attempts.get().outcome == Outcome.ABANDONED
    assert alive.status == Status.PROCESSING


def test_reaper_fails_a_dead_job_that_has_no_attempts_left(alice, settings):
    settings.STALE_AFTER, settings.MAX_ATTEMPTS = 10, 3
    dead = _processing(alice, heartbeat_age=60, attempts=3)
    records_reap()
    dead.refresh_from_db()
    assert dead.status == Status.FAILED and "stopped responding" in dead.error


def test_retry_resets_the_attempt_budget_of_a_failed_record_only(alice):
    failed = AudioRecord.objects.create(owner=alice, size=1, status=Status.FAILED, attempts_in_budget=3,
                                        error="boom")
    done = AudioRecord.objects.create(owner=alice, size=1, status=Status.COMPLETED)
    assert record_retry(record=failed) is True
    assert record_retry(record=done) is False
    failed.refresh_from_db()
    assert (failed.status, failed.attempts_in_budget, failed.error) == (Status.PENDING, 0, "")


@pytest.fixture
def empty_queue():
    """The queue outlives each test's rolled-back database (record ids are reused): empty it around the test."""
    process_audio_record.huey.flush()
    yield
    process_audio_record.huey.flush()


def _upload(owner):
    return audio_upload(owner=owner, audio=SimpleUploadedFile("note.ogg", b"OggS" + bytes(200), "audio/ogg"))


def test_an_upload_is_marked_queued_in_its_insert_and_the_queue_holds_its_job(alice, empty_queue,
                                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = _upload(alice)
    record.refresh_from_db()
    assert record.enqueued_at is not None
    assert record.pk in queued_record_ids()


def test_an_upload_the_queue_refuses_is_left_unmarked_for_the_reaper(alice, empty_queue, monkeypatch, settings,
                                                                     django_capture_on_commit_callbacks):
    def down(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(process_audio_record.huey, "enqueue", down)
    with django_capture_on_commit_callbacks(execute=True):
        record = _upload(alice)
    record.refresh_from_db()
    assert record.status == Status.PENDING and record.enqueued_at is None
    # The reaper queues it once the queue is back.
    monkeypatch.undo()
    settings.UPLOAD_RATE = "0/m"
    AudioRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(seconds=5))
    assert records_reap()["enqueued"] == 1
    record.refresh_from_db()
    assert record.enqueued_at is not None
