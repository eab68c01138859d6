"""POST /api/audio/upload and GET /api/audio/status: what is accepted, what is refused, and why."""

import hashlib
import os
import time
from datetime import UTC
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from voicecrm.crm.models import Client
from voicecrm.recordings.models import AudioRecord

pytestmark = pytest.mark.django_db

UPLOAD = "/api/audio/upload"


def upload(client, content: bytes, name="note.webm", content_type="audio/webm", **data):
    return client.post(UPLOAD, {"audio": SimpleUploadedFile(name, content, content_type=content_type), **data})


def test_upload_answers_202_with_record_id_and_status_url(alice_api, new_client_webm):
    content = new_client_webm.read_bytes()
    answer = upload(alice_api, content)
    assert answer.status_code == 202, answer.content
    body = answer.json()
    assert body["status"] == "pending"
    assert body["status_url"] == f"/api/audio/status/{body['audio_record_id']}"
    record = AudioRecord.objects.get(pk=body["audio_record_id"])
    assert record.size == len(content)
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.container == "webm" and record.content_type == "audio/webm"
    assert record.file.read() == content


def test_status_of_a_new_upload_is_pending_and_queued(alice_api, new_client_webm):
    record_id = upload(alice_api, new_client_webm.read_bytes()).json()["audio_record_id"]
    status = alice_api.get(f"/api/audio/status/{record_id}").json()
    assert (status["status"], status["stage"], status["attempts"]) == ("pending", "queued", [])
    assert status["client_id"] is None and status["client_action"] is None


@pytest.mark.parametrize("fmt", ["wav", "ogg", "m4a", "mp3", "flac"])
def test_every_browser_format_is_accepted(alice_api, speech_dir, fmt):
    from tests.helpers import make_speech

    path = make_speech("Hello", speech_dir / f"hello-{fmt}", fmt=fmt)
    assert upload(alice_api, path.read_bytes(), name=path.name).status_code == 202


def test_upload_without_file_is_rejected_with_400(alice_api):
    answer = alice_api.post(UPLOAD, {"language": "en"})
    assert answer.status_code == 400
    assert "audio" in answer.json()["detail"]


def test_empty_file_is_rejected_with_400(alice_api):
    answer = upload(alice_api, b"")
    assert answer.status_code == 400
    assert "empty" in answer.json()["detail"]
    assert AudioRecord.objects.count() == 0


@pytest.mark.parametrize("content", [b"just some text, not audio at all\n", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
                                     b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"PK\x03\x04\x14\0\0\0"])
def test_file_that_is_not_audio_is_rejected_with_415(alice_api, content):
    answer = upload(alice_api, content, name="renamed.webm")
    assert answer.status_code == 415
    assert "not an audio file" in answer.json()["detail"]
    assert AudioRecord.objects.count() == 0


def test_file_over_the_size_limit_is_rejected_with_413(alice_api, settings, new_client_webm):
    settings.UPLOAD_MAX_MB = 0.001
    answer = upload(alice_api, new_client_webm.read_bytes())
    assert answer.status_code == 413
    assert "limit" in answer.json()["detail"]
    assert AudioRecord.objects.count() == 0


def test_unauthenticated_upload_is_rejected_with_401(client, new_client_webm):
    assert upload(client, new_client_webm.read_bytes()).status_code == 401


def test_wrong_token_is_rejected_with_401(client, new_client_webm):
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer vcrm_not-a-real-token"
    assert upload(client, new_client_webm.read_bytes()).status_code == 401


def test_client_of_another_user_is_404(alice_api, bob, new_client_webm):
    foreign = Client.objects.create(owner=bob, first_name="Bob's", last_name="Client")
    answer = upload(alice_api, new_client_webm.read_bytes(), client_id=foreign.pk)
    assert answer.status_code == 404
    assert AudioRecord.objects.count() == 0


def test_client_id_that_is_not_a_number_is_400(alice_api, new_client_webm):
    assert upload(alice_api, new_client_webm.read_bytes(), client_id="abc").status_code == 400


def test_status_of_another_users_record_is_404(alice_api, bob, new_client_webm):
    record = AudioRecord.objects.create(owner=bob, size=1)
    assert alice_api.get(f"/api/audio/status/{record.pk}").status_code == 404
    assert alice_api.get("/api/audio/status/999999").status_code == 404


@pytest.mark.parametrize("language", ["de", "french", "xx"])
def test_unknown_language_is_rejected_with_400(alice_api, new_client_webm, language):
    answer = upload(alice_api, new_client_webm.read_bytes(), language=language)
    assert answer.status_code == 400
    assert "language" in answer.json()["detail"]


@pytest.mark.parametrize("language,stored", [("fr", "fr"), ("en", "en"), ("", "")])
def test_known_language_or_none_is_kept_on_the_record(alice_api, new_client_webm, language, stored):
    answer = upload(alice_api, new_client_webm.read_bytes(), language=language)
    assert AudioRecord.objects.get(pk=answer.json()["audio_record_id"]).language_requested == stored


def test_recorded_at_is_kept_with_its_offset_and_defaults_to_the_upload_time(alice_api, new_client_webm):
    from datetime import datetime

    answer = upload(alice_api, new_client_webm.read_bytes(), recorded_at="2026-11-03T18:45:00-05:00")
    record = AudioRecord.objects.get(pk=answer.json()["audio_record_id"])
    assert record.recorded_at == datetime(2026, 11, 3, 23, 45, tzinfo=UTC)
    assert record.recorded_utc_offset == -300
    status = alice_api.get(f"/api/audio/status/{record.pk}").json()
    assert status["recorded_at"] == "2026-11-04T00:45:00+01:00"  # shown in the user's zone (Europe/Paris)
    assert (status["interaction_id"], status["note"], status["tasks"], status["inbox"]) == (None, None, [], False)
    before = datetime.now(UTC)
    default = AudioRecord.objects.get(pk=upload(alice_api, new_client_webm.read_bytes()).json()["audio_record_id"])
    assert default.recorded_utc_offset is None and before <= default.recorded_at <= datetime.now(UTC)
    zulu = upload(alice_api, new_client_webm.read_bytes(), recorded_at="2026-11-03T23:45:00Z")
    assert AudioRecord.objects.get(pk=zulu.json()["audio_record_id"]).recorded_utc_offset == 0


@pytest.mark.parametrize("value, reason", [("2026-11-03T18:45:00", "no UTC offset"),
                                           ("2026-11-03", "no UTC offset"),
                                           ("yesterday at noon", "not an ISO 8601 date-time"),
                                           ("2026-13-03T18:45:00+01:00", "not an ISO 8601 date-time"),
                                           ("0001-01-01T00:00:00+05:00", "out of range")])
def test_recorded_at_without_offset_or_unreadable_is_rejected_with_400(alice_api, new_client_webm, value, reason):
    answer = upload(alice_api, new_client_webm.read_bytes(), recorded_at=value)
    assert answer.status_code == 400
    assert reason in answer.json()["detail"] and "recorded_at" in answer.json()["detail"]
    assert AudioRecord.objects.count() == 0


def test_token_endpoint_gives_a_working_token_and_refuses_a_wrong_password(client, alice):
    assert client.post("/api/auth/token", {"username": "alice", "password": "nope"},
                       content_type="application/json").status_code == 401
    token = client.post("/api/auth/token", {"username": "alice", "password": "pw-alice-123"},
                        content_type="application/json").json()["token"]
    assert client.get("/api/clients", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


# --- Where the recording goes: written once while it arrives, never left behind --------------------

@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}}}
    return root


def stored_files(media) -> list[str]:
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())


def test_the_recording_is_written_once_under_a_name_that_says_its_container(alice_api, media, new_client_webm):
    content = new_client_webm.read_bytes()
    assert upload(alice_api, content, name="whatever.bin").status_code == 202
    record = AudioRecord.objects.get()
    assert stored_files(media) == [record.file.name]  # no temporary ".upload" file beside it
    assert record.file.name.startswith("audio/") and record.file.name.endswith(".webm")
    assert (media / record.file.name).read_bytes() == content
    assert record.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("case", ["not audio", "too large", "unknown client", "unknown language", "rate limit"])
def test_a_refused_upload_leaves_no_file(alice_api, alice, media, settings, new_client_webm, case):
    content, data = new_client_webm.read_bytes(), {}
    if case == "not audio":
        content = b"%PDF-1.7\n" + content
    elif case == "too large":
        settings.UPLOAD_MAX_MB = 0.001
    elif case == "unknown client":
        data = {"client_id": 999999}
    elif case == "unknown language":
        data = {"language": "xx"}
    else:
        settings.UPLOAD_RATE = "1/m"
        assert upload(alice_api, content).status_code == 202
        kept = stored_files(media)
    answer = upload(alice_api, content, **data)
    assert answer.status_code in (400, 404, 413, 415, 429), answer.content
    assert stored_files(media) == (kept if case == "rate limit" else [])


def test_a_body_that_fails_after_the_recording_leaves_no_file(alice_api, media, settings, new_client_webm):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # the form field after the file is over the limit
    answer = upload(alice_api, new_client_webm.read_bytes(), language="x" * 5000)
    assert answer.status_code == 400
    assert AudioRecord.objects.count() == 0 and stored_files(media) == []


def test_a_second_audio_part_is_ignored(alice_api, media, new_client_webm, moved_webm):
    first, second = new_client_webm.read_bytes(), moved_webm.read_bytes()
    answer = alice_api.post(UPLOAD, {"audio": [SimpleUploadedFile("a.webm", first, "audio/webm"),
                                               SimpleUploadedFile("b.webm", second, "audio/webm")]})
    assert answer.status_code == 202
    assert AudioRecord.objects.get().file.read() == first
    assert len(stored_files(media)) == 1


def test_another_storage_than_local_files_still_takes_uploads(alice_api, settings, new_client_webm):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    content = new_client_webm.read_bytes()
    assert upload(alice_api, content).status_code == 202
    record = AudioRecord.objects.get()
    assert record.file.read() == content and record.sha256 == hashlib.sha256(content).hexdigest()


def test_an_upload_abandoned_mid_request_is_removed_after_an_hour(media):
    from voicecrm.recordings.uploads import abandoned_uploads_purge

    folder = media / "audio" / "2026" / "11"
    folder.mkdir(parents=True)
    old, fresh, kept = folder / "a.upload", folder / "b.upload", folder / "c.webm"
    for path in (old, fresh, kept):
        path.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    os.utime(kept, (time.time() - 7200, time.time() - 7200))
    assert abandoned_uploads_purge() == 1
    assert stored_files(media) == ["audio/2026/11/b.upload", "audio/2026/11/c.webm"]
    os.utime(fresh, (time.time() - 7200, time.time() - 7200))
    out = StringIO()
    call_command("jobs", "purge-audio", stdout=out)  # the command runs it too, beside the audio retention
    assert "1 upload(s) abandoned mid-request removed" in out.getvalue()
    assert stored_files(media) == ["audio/2026/11/c.webm"]


def test_an_upload_from_the_browser_session_is_stored_too(alice, media, new_client_webm):
    """The session's CSRF check parses the form before the view: that upload takes the unstreamed path."""
    from django.test import Client as Browser

    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(alice)
    secret = "a" * 32
    browser.cookies["csrftoken"] = secret
    content = new_client_webm.read_bytes()
    answer = browser.post(UPLOAD, {"audio": SimpleUploadedFile("a.webm", content, "audio/webm")},
                          HTTP_X_CSRFTOKEN=secret)
    assert answer.status_code == 202, answer.content
    record = AudioRecord.objects.get()
    assert (media / record.file.name).read_bytes() == content and stored_files(media) == [record.file.name]
    assert browser.post(UPLOAD, {"audio": SimpleUploadedFile("a.webm", content, "audio/webm")}).status_code == 403


def test_a_caller_with_neither_token_nor_session_gets_401_not_a_csrf_error(new_client_webm):
    """Over real HTTP CSRF is enforced: a request without credentials must still say 401, not 403 "CSRF"."""
    from django.test import Client as Browser

    stranger = Browser(enforce_csrf_checks=True)
    answer = stranger.post(UPLOAD, {"audio": SimpleUploadedFile("a.webm", new_client_webm.read_bytes(), "audio/webm")})
    assert answer.status_code == 401, answer.content
    assert stranger.post("/api/tasks", {"title": "x", "due": "2026-12-02"},
                         content_type="application/json").status_code == 401
    wrong = stranger.post(UPLOAD, {}, HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 401, wrong.content
