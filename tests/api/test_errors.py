"""Every API error is JSON {"detail", "code"}, in the caller's language; job failures keep their code and say
whether a Retry can help; a bearer token is judged alone; destructive calls need an exact id or a confirmation."""

import logging

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.test import override_settings
from django.utils import timezone

from voicecrm.accounts.services import token_create
from voicecrm.crm.models import Client, Task
from voicecrm.errors import PermanentError, TransientError
from voicecrm.pipeline.retries import error_code
from voicecrm.recordings.failures import FAILURES
from voicecrm.recordings.models import AudioRecord, JobAttempt, Status
from voicecrm.speech import NoSpeechError
from voicecrm.speech.audio import SAMPLE_RATE, require_speech

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def _failed(owner, code: str, params: dict | None = None, *, error: str = "stored English text") -> AudioRecord:
    record = AudioRecord.objects.create(owner=owner, status=Status.FAILED, error=error, error_code=code,
                                        error_params=params or {}, processed_at=timezone.now())
    JobAttempt.objects.create(record=record, number=1, started_at=timezone.now(), outcome="failed", error=error,
                              error_code=code, error_params=params or {})
    return record


def _assert_error(answer, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"].startswith("application/json"), answer.content[:200]
    body = answer.json()
    assert body["code"] == code and body["detail"], body
    return body


# --- Item 10: every error is JSON -------------------------------------------------------------------

def test_unknown_api_path_is_json_404(alice_api):
    body = _assert_error(alice_api.get("/api/no-such-thing"), 404, "not_found")
    assert "/api/no-such-thing" in body["detail"]


def test_method_not_allowed_is_json_405_with_allow(alice_api):
    answer = alice_api.put("/api/clients")
    _assert_error(answer, 405, "method_not_allowed")
    assert "GET" in answer["Allow"]


@pytest.mark.parametrize("query", ["offset=9223372036854775808", "offset=99999999999999999999999",
                                   "limit=9223372036854775808&offset=1"])
def test_out_of_range_numbers_are_400_or_clamped_never_500(alice_api, alice, query):
    Client.objects.create(owner=alice, first_name="Ines", last_name="Vasquez")
    answer = alice_api.get(f"/api/clients?{query}")
    if answer.status_code == 200:
        assert answer.json()["count"] == 1
    else:
        _assert_error(answer, 400, "out_of_range")


def test_out_of_range_path_id_is_400_or_404_json(alice_api):
    answer = alice_api.get("/api/clients/9223372036854775808")
    assert answer.status_code in (400, 404) and answer.json()["code"] in ("out_of_range", "not_found")


def test_an_unexpected_exception_is_logged_with_a_trace_id_and_answered_json_500(alice_api, monkeypatch, caplog):
    # A bug stands in for itself: the selector the endpoint calls raises what no handler expects.
    def broken(**kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("voicecrm.crm.api.clients_for_user", broken)
    with caplog.at_level(logging.ERROR, logger="voicecrm.api"):
        body = _assert_error(alice_api.get("/api/clients"), 500, "server_error")
    assert len(body["trace_id"]) == 16 and body["trace_id"] in body["detail"]
    logged = [r for r in caplog.records if body["trace_id"] in r.getMessage()]
    assert logged and logged[0].exc_info[0] is ZeroDivisionError


def test_a_malformed_body_is_400_with_code_invalid(alice_api):
    _assert_error(alice_api.post("/api/tasks", data="{not json", content_type="application/json"), 400, "invalid")
    body = _assert_error(alice_api.post("/api/tasks", data={"title": ["not", "text"]}, content_type="application/json"),
                         400, "invalid")
    assert "title" in body["detail"]


def test_errors_without_their_own_code_get_one_from_the_status(alice_api):
    _assert_error(alice_api.get("/api/clients/424242"), 404, "not_found")
    _assert_error(alice_api.patch("/api/tasks/424242", data={"title": "x"}, content_type="application/json"),
                  404, "not_found")


# --- Item 11: a bearer token is judged alone ----------------------------------------------------------

@pytest.mark.parametrize("method, path", [("post", "/api/tasks"), ("put", "/api/auth/notifications"),
                                          ("patch", "/api/tasks/{task}"), ("delete", "/api/tasks/{task}")])
def test_a_bad_bearer_token_is_401_never_a_csrf_403_even_with_a_session(alice, method, path):
    task = Task.objects.create(owner=alice, title="Call the notary", due_date="2026-12-01")
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(alice)
    answer = getattr(browser, method)(path.format(task=task.pk), data={"title": "Changed", "email": True},
                                      content_type="application/json", HTTP_AUTHORIZATION="Bearer vcrm_wrong")
    _assert_error(answer, 401, "unauthorized")
    assert Task.objects.get(pk=task.pk).title == "Call the notary"
    # The same browser without the header is still CSRF-checked, as before.
    assert getattr(browser, method)(path.format(task=task.pk), data={"title": "Changed"},
                                    content_type="application/json").status_code == 403


def test_a_bad_bearer_token_on_post_is_401_in_the_callers_language(alice):
    answer = HttpClient(enforce_csrf_checks=True).post("/api/tasks", data={"title": "x"},
                                                       content_type="application/json",
                                                       HTTP_AUTHORIZATION="Bearer vcrm_wrong", **FR)
    body = _assert_error(answer, 401, "unauthorized")
    assert body["detail"].startswith("authentification requise"), body


# --- Item 2: codes and translations -------------------------------------------------------------------

def test_upload_refusals_carry_a_code_and_speak_french(alice_api, settings):
    _assert_error(alice_api.post("/api/audio/upload", {}), 400, "no_audio")
    empty = SimpleUploadedFile("a.webm", b"", content_type="audio/webm")
    _assert_error(alice_api.post("/api/audio/upload", {"audio": empty}), 400, "audio_empty")
    text = SimpleUploadedFile("a.webm", b"just text, no audio\n" * 20, content_type="video/webm")
    body = _assert_error(alice_api.post("/api/audio/upload", {"audio": text}, **FR), 415, "not_audio")
    assert body["detail"].startswith("ce n'est pas un fichier audio (video/webm)"), body
    settings.UPLOAD_MAX_MB = 0.001
    big = SimpleUploadedFile("a.webm", b"\x1aE\xdf\xa3" + b"\0" * 4000, content_type="audio/webm")
    _assert_error(alice_api.post("/api/audio/upload", {"audio": big}), 413, "too_large")


def test_upload_rate_limit_is_429_rate_limited(alice_api, settings, new_client_webm):
    settings.UPLOAD_RATE = "1/h"
    first = alice_api.post("/api/audio/upload", {"audio": SimpleUploadedFile("a.webm", new_client_webm.read_bytes(),
                                                                               content_type="audio/webm")})
    assert first.status_code == 202
    again = alice_api.post("/api/audio/upload", {"audio": SimpleUploadedFile("a.webm", new_client_webm.read_bytes(),
                                                                               content_type="audio/webm")})
    _assert_error(again, 429, "rate_limited")
    assert int(again["Retry-After"]) > 0


def test_silence_gives_no_speech_with_its_duration():
    with pytest.raises(NoSpeechError) as raised:
        require_speech(np.zeros(SAMPLE_RATE * 5, dtype=np.float32))
    assert error_code(raised.value) == ("no_speech", {"seconds": 5.0})
    assert error_code(RuntimeError("a bug")) == ("internal_error", {})
    assert error_code(OSError(5, "I/O error")) == ("storage_error", {})
    assert isinstance(raised.value, PermanentError)


def test_every_failure_the_job_can_raise_has_a_message():
    from voicecrm.extraction.base import PermanentExtractionError, TransientExtractionError
    from voicecrm.speech.base import AudioDecodeError, TranscriptionError
    from voicecrm.speech.models import ModelError

    for cls in (NoSpeechError, AudioDecodeError, TranscriptionError, ModelError, PermanentExtractionError,
                TransientExtractionError):
        assert cls.code in FAILURES, cls
        assert FAILURES[cls.code].retryable == issubclass(cls, TransientError) or cls.code.startswith("extraction_")
    for code in ("audio_empty", "too_long", "audio_deleted", "extraction_timeout", "extraction_not_configured",
                 "job_timeout", "worker_stopped", "worker_lost", "storage_error", "internal_error"):
        assert code in FAILURES


def test_a_failure_stored_in_english_reads_in_french_with_its_code_and_no_retry(alice, alice_api):
    record = _failed(alice, "no_speech", {"seconds": 5.0},
                     error="no speech found in 5.0s of audio (silence or noise only)")
    status = alice_api.get(f"/api/audio/status/{record.pk}", **FR).json()
    assert status["error"] == ("Aucune parole détectée dans l'enregistrement (5,0 s). Réessayez plus près du "
                               "micro.")
    assert status["error_code"] == "no_speech" and status["retryable"] is False
    assert status["attempts"][0]["error_code"] == "no_speech"
    assert status["attempts"][0]["error"] == "no speech found in 5.0s of audio (silence or noise only)"
    english = alice_api.get(f"/api/audio/status/{record.pk}").json()
    assert english["error"] == "No speech found in the recording (5.0 s). Try again closer to the microphone."


def test_the_jobs_api_says_which_failures_can_be_retried(alice, alice_api):
    silent = _failed(alice, "no_speech", {"seconds": 2.0})
    flaky = _failed(alice, "transcription_failed")
    failed = {job["id"]: job for job in alice_api.get("/api/audio/jobs", **FR).json()["failed_jobs"]}
    assert (failed[silent.pk]["retryable"], failed[silent.pk]["error_code"]) == (False, "no_speech")
    assert (failed[flaky.pk]["retryable"], failed[flaky.pk]["error_code"]) == (True, "transcription_failed")
    assert failed[flaky.pk]["error"].startswith("La transcription a échoué")


# --- Item 3: Retry only where it can help -------------------------------------------------------------

def test_retrying_a_failure_a_new_attempt_cannot_change_is_409_not_retryable(alice, alice_api):
    record = _failed(alice, "not_audio")
    body = _assert_error(alice_api.post(f"/api/audio/{record.pk}/retry"), 409, "not_retryable")
    assert "transcript" in body["detail"]
    record.refresh_from_db()
    assert record.status == Status.FAILED and record.error_code == "not_audio"


def test_retrying_a_transient_failure_queues_it_and_clears_its_code(alice, alice_api):
    record = _failed(alice, "extraction_timeout")
    answer = alice_api.post(f"/api/audio/{record.pk}/retry")
    assert answer.status_code == 200, answer.content
    record.refresh_from_db()
    assert (record.status, record.error_code, record.error_params) == (Status.PENDING, "", {})


def test_retrying_a_recording_that_did_not_fail_is_409_not_failed(alice, alice_api):
    record = AudioRecord.objects.create(owner=alice, status=Status.COMPLETED)
    _assert_error(alice_api.post(f"/api/audio/{record.pk}/retry"), 409, "not_failed")


def test_retry_all_skips_failures_that_cannot_change(alice, alice_api):
    silent, flaky, legacy = _failed(alice, "no_speech", {"seconds": 1.0}), _failed(alice, "worker_lost"), \
        _failed(alice, "")
    assert alice_api.post("/api/audio/retry-failed").json() == {"retried": 2}
    states = dict(AudioRecord.objects.values_list("pk", "status"))
    assert states == {silent.pk: "failed", flaky.pk: "pending", legacy.pk: "pending"}


@pytest.mark.parametrize(("text", "code", "french"), [
    ("   \n ", "empty_text", "vide"),
    ("Nouveau client\x00 Paul Morel", "control_characters", "caractères de contrôle"),
    ("Rappeler demain. " * 1200, "too_long", "la limite est 20000"),
])
def test_a_corrected_text_that_cannot_be_applied_is_400_with_its_cause_and_nothing_changes(
        alice, alice_api, text, code, french):
    record = AudioRecord.objects.create(owner=alice, status=Status.COMPLETED, transcription="ce qui a été entendu",
                                        processed_at=timezone.now())
    body = _assert_error(alice_api.post(f"/api/audio/{record.pk}/reprocess", data={"text": text},
                                        content_type="application/json", **FR), 400, code)
    assert french in body["detail"], body
    record.refresh_from_db()
    assert (record.status, record.edited_text) == (Status.COMPLETED, "")


# --- Item 13: exact token id, confirmed deletes ------------------------------------------------------

def test_a_token_is_revoked_by_its_full_id_only(alice, client):
    token = token_create(user=alice, name="phone")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    listed = client.get("/api/auth/tokens").json()
    token_id = listed[0]["id"]
    _assert_error(client.delete(f"/api/auth/tokens/{token[:12]}"), 400, "invalid")  # a prefix is not an id
    _assert_error(client.delete(f"/api/auth/tokens/{str(token_id)[:1]}9999"), 404, "not_found")
    assert client.get("/api/clients").status_code == 200
    assert client.delete(f"/api/auth/tokens/{token_id}").status_code == 204
    assert client.get("/api/clients").status_code == 401


def test_deleting_a_client_with_recordings_needs_confirmation(alice, alice_api):
    client = Client.objects.create(owner=alice, first_name="Ines", last_name="Vasquez")
    AudioRecord.objects.create(owner=alice, client=client, status=Status.COMPLETED)
    Task.objects.create(owner=alice, client=client, title="Send the quote", due_date="2026-12-01")
    body = _assert_error(alice_api.delete(f"/api/clients/{client.pk}", **FR), 409, "confirm_required")
    assert body["would_delete"] == {"recordings": 1, "interactions": 0, "tasks": 1, "changes": 0}
    assert "Ines Vasquez" in body["detail"] and "confirm=true" in body["detail"]
    assert Client.objects.filter(pk=client.pk).exists()
    assert alice_api.delete(f"/api/clients/{client.pk}?confirm=true").status_code == 204
    assert not Client.objects.filter(pk=client.pk).exists()


def test_a_client_with_nothing_attached_is_deleted_without_confirmation(alice, alice_api):
    client = Client.objects.create(owner=alice, first_name="Ines", last_name="Vasquez")
    assert alice_api.delete(f"/api/clients/{client.pk}").status_code == 204


@override_settings(LANGUAGE_CODE="en")
def test_a_not_found_in_french(alice_api):
    body = _assert_error(alice_api.get("/api/audio/status/424242", **FR), 404, "not_found")
    assert body["detail"] == "aucun enregistrement 424242"


def test_a_field_that_does_not_validate_is_explained_in_the_callers_language(alice, alice_api):
    client = Client.objects.create(owner=alice, first_name="Ines", last_name="Vasquez")
    body = _assert_error(alice_api.patch(f"/api/clients/{client.pk}", data={"email": "ines.vasquez"},
                                         content_type="application/json", **FR), 400, "invalid")
    assert body["detail"] == ("email : 'ines.vasquez' n'est pas une adresse e-mail valide ; vérifiez le @ et le "
                              "domaine (nom@exemple.fr).")
    body = _assert_error(alice_api.patch(f"/api/clients/{client.pk}", data={"phone": "12"},
                                         content_type="application/json"), 400, "invalid")
    assert body["detail"].startswith("phone: '12' is not a valid phone number for ")
    assert "Value error" not in body["detail"]
