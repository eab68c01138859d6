"""A merge while a recording of the merged-away client is being processed: the job, caught mid-transcription
(a transcription API on loopback that holds its answer), finds its recording moved and writes to the survivor;
nothing is lost. On SQLite and on PostgreSQL (row locks), with the real server and its worker."""

import pytest
import requests

from tests.helpers import Api, VoiceCRMServer, service_available
from tests.prod.fakes import GatedTranscriber, postgres_create, postgres_drop

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stack(request, tmp_path_factory):
    env, database = {}, None
    if request.param == "postgresql":
        service_available("127.0.0.1", 5432, "PostgreSQL")
        database = postgres_create()
        env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{database}"
    gate = GatedTranscriber("She moved to Tucson.")
    server = VoiceCRMServer(tmp_path_factory.mktemp(f"merge-race-{request.param}"), env={
        **env, "VOICECRM_TRANSCRIBER": "openai", "OPENAI_BASE_URL": gate.url, "OPENAI_API_KEY": "sk-test"})
    try:
        server.start()
        server.gate, server.api = gate, Api(server.url, server.user_token())
        yield server
    finally:
        server.stop()
        gate.close()
        if database:
            postgres_drop(database)


def _client(stack, **fields) -> int:
    answer = stack.api.session.post(f"{stack.url}/api/clients", json=fields, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_a_job_on_the_merged_away_client_lands_on_the_survivor(stack, moved_webm):
    keep = _client(stack, first_name="Corentin", last_name="Lheureux", city="Vannes")
    gone = _client(stack, first_name="Corentin", last_name="Lheureux-Bast", company="Brisemer")
    stack.gate.hold()
    record_id = stack.api.upload(moved_webm, client_id=gone).json()["audio_record_id"]
    try:
        stack.gate.wait_arrived()
    except AssertionError:
        raise AssertionError(stack.output()) from None
    merged = stack.api.session.post(f"{stack.url}/api/clients/{keep}/merge",
                                    json={"other_id": gone, "fields": {"city": "this"}}, timeout=30)
    assert merged.status_code == 200, merged.text
    stack.gate.release()
    state = stack.api.wait(record_id, timeout=60)
    assert (state["status"], state["client_id"]) == ("completed", keep), stack.output()
    client = stack.api.client(keep)
    assert (client["city"], client["company"], client["last_name"]) == ("Tucson", "Brisemer", "Lheureux")
    history = stack.api.session.get(f"{stack.url}/api/clients/{keep}/history", timeout=10).json()
    assert {"field": "city", "old_value": "Vannes", "new_value": "Tucson", "audio_record_id": record_id} \
        .items() <= next(h for h in history if h["audio_record_id"] == record_id).items()
    assert any(h["field"] == "merged_from" and h["source"] == "merge" for h in history)
    assert requests.get(f"{stack.url}/api/clients/{gone}", timeout=10,
                        headers=stack.api.session.headers).status_code == 404
