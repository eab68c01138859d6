"""Retries, delays, timeouts and permanent failures, run by a real worker process."""

import time
from datetime import datetime

import pytest

from tests.helpers import Api, VoiceCRMServer, free_port

pytestmark = pytest.mark.slow


def _starts(state):
    return [datetime.fromisoformat(a["started_at"]) for a in state["attempts"]]


@pytest.fixture(scope="module")
def server(tmp_path_factory, fake_openai):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("retries"), env={
        "VOICECRM_TRANSCRIBER": "openai", "OPENAI_BASE_URL": fake_openai.url, "OPENAI_API_KEY": "sk-wrong",
        "VOICECRM_RETRY_DELAYS": "1,2", "VOICECRM_MAX_ATTEMPTS": "3", "VOICECRM_JOB_TIMEOUT": "3"}).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def api(server):
    return Api(server.url, server.user_token())


def test_wrong_api_key_is_retried_with_the_delays_then_fails_with_the_apis_message(api, fake_openai,
                                                                                   new_client_webm):
    fake_openai.mode = "unauthorized"
    done = api.wait(api.upload(new_client_webm).json()["audio_record_id"], timeout=60)
    assert done["status"] == "failed"
    assert (done["error_code"], done["retryable"]) == ("transcription_failed", True)
    assert "Incorrect API key provided" in done["attempts"][-1]["error"]
    assert [a["outcome"] for a in done["attempts"]] == ["retrying", "retrying", "failed"]
    first, second, third = _starts(done)
    assert (second - first).total_seconds() >= 1
    assert (third - second).total_seconds() >= 2


def test_a_transient_error_then_success_completes_on_the_next_attempt(api, fake_openai, new_client_webm):
    fake_openai.mode = "error"
    record_id = api.upload(new_client_webm).json()["audio_record_id"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        attempts = api.status(record_id)["attempts"]
        if attempts and attempts[0]["outcome"] == "retrying":
            break
        time.sleep(0.05)
    fake_openai.mode = "ok"
    done = api.wait(record_id, timeout=60)
    assert done["status"] == "completed", done
    assert [a["outcome"] for a in done["attempts"]][-1] == "succeeded"
    assert "500" in done["attempts"][0]["error"]
    assert done["client_name"] == "Robert Miller"


def test_an_attempt_stuck_past_the_timeout_is_stopped_and_retried(api, fake_openai, new_client_webm):
    fake_openai.mode = "slow"
    done = api.wait(api.upload(new_client_webm).json()["audio_record_id"], timeout=90)
    assert done["status"] == "failed"
    assert len(done["attempts"]) == 3
    assert all("longer than 3s" in a["error"] for a in done["attempts"])
    for attempt in done["attempts"]:
        took = datetime.fromisoformat(attempt["finished_at"]) - datetime.fromisoformat(attempt["started_at"])
        assert took.total_seconds() < 10


def test_unreachable_transcription_server_fails_after_all_attempts(tmp_path, new_client_webm):
    srv = VoiceCRMServer(tmp_path, env={
        "VOICECRM_TRANSCRIBER": "openai", "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
        "VOICECRM_RETRY_DELAYS": "0.5", "VOICECRM_MAX_ATTEMPTS": "2"}).start()
    try:
        api = Api(srv.url, srv.user_token())
        done = api.wait(api.upload(new_client_webm).json()["audio_record_id"], timeout=60)
        assert done["status"] == "failed"
        assert "unreachable" in done["attempts"][-1]["error"] and done["error_code"] == "transcription_failed"
        assert len(done["attempts"]) == 2
    finally:
        srv.stop()
