"""The whole pipeline with real parts: `voicecrm serve` with its embedded worker, the bundled Whisper
model, real audio, SQLite database and queue."""

import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.helpers import Api, VoiceCRMServer, make_speech

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("e2e")).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def api(server):
    return Api(server.url, server.user_token())


@pytest.fixture(scope="module")
def created(api, new_client_webm):
    answer = api.upload(new_client_webm)
    assert answer.status_code == 202, answer.text
    return api.wait(answer.json()["audio_record_id"])


@pytest.fixture(scope="module")
def call_back_webm(speech_dir):
    """A follow-up that names no one: on a client's page it is about that client; from the home page, nobody."""
    return make_speech("Please call her back tomorrow at ten, she is waiting for the contract.",
                       speech_dir / "call-back", fmt="webm")


def test_recording_moves_from_pending_through_processing_to_completed(created, server):
    assert created["status"] == "completed", (created, server.output())
    assert created["seen"][-2:] == ["processing", "completed"]
    assert created["stage"] == "done"
    assert "Robert" in created["transcription"]
    assert created["language"] == "en"
    assert [a["outcome"] for a in created["attempts"]] == ["succeeded"]


def test_new_person_creates_a_client_with_the_spoken_fields(created, api):
    assert created["client_action"] == "created"
    assert created["client_name"] == "Robert Miller"
    client = api.client(created["client_id"])
    assert (client["first_name"], client["last_name"], client["age"]) == ("Robert", "Miller", 42)
    assert client["city"] == "Denver"
    assert created["fields"]["first_name"]["value"] == "Robert"
    assert "Robert" in created["fields"]["first_name"]["evidence"]


def test_update_on_a_clients_page_changes_only_the_stated_field(created, api, moved_webm):
    before = api.client(created["client_id"])
    answer = api.upload(moved_webm, client_id=created["client_id"], language="en")
    done = api.wait(answer.json()["audio_record_id"])
    assert (done["status"], done["client_action"], done["client_id"]) == ("completed", "updated",
                                                                        created["client_id"])
    after = api.client(created["client_id"])
    assert after["city"] == "Seattle"
    unchanged = {k: v for k, v in before.items() if k not in ("city", "updated_at")}
    assert {k: after[k] for k in unchanged} == unchanged
    history = api.session.get(f"{api.base}/api/clients/{created['client_id']}/history").json()
    assert [(h["field"], h["old_value"], h["new_value"], h["audio_record_id"]) for h in history
            if h["audio_record_id"] == done["id"]] == [("city", "Denver", "Seattle", done["id"])]


def test_the_same_person_recorded_again_updates_instead_of_duplicating(created, api, new_client_webm):
    answer = api.upload(new_client_webm)
    done = api.wait(answer.json()["audio_record_id"])
    assert (done["client_action"], done["client_id"]) == ("updated", created["client_id"])
    clients = api.session.get(f"{api.base}/api/clients", params={"search": "Miller"}).json()
    assert clients["count"] == 1


def test_audio_that_cannot_be_decoded_fails_at_once_without_retry(api, tmp_path):
    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"OggS" + bytes(range(256)) * 40)
    done = api.wait(api.upload(broken).json()["audio_record_id"])
    assert done["status"] == "failed"
    assert (done["error_code"], done["retryable"]) == ("not_audio", False)
    assert done["error"] == ("The file could not be read as audio. Record again, or send a webm, ogg, mp4, wav, mp3 "
                             "or flac file.")
    assert "could not be decoded" in done["attempts"][0]["error"]
    assert [a["outcome"] for a in done["attempts"]] == ["failed"]


def test_silence_fails_at_once_with_no_speech(api, silence_wav):
    done = api.wait(api.upload(silence_wav).json()["audio_record_id"])
    assert done["status"] == "failed"
    assert (done["error_code"], done["retryable"]) == ("no_speech", False)
    assert done["error"] == "No speech found in the recording (3.0 s). Try again closer to the microphone."
    assert len(done["attempts"]) == 1


def test_jobs_failed_lists_and_jobs_retry_requeues_with_a_fresh_budget(api, server, silence_wav):
    record_id = api.wait(api.upload(silence_wav).json()["audio_record_id"])["id"]
    listing = server.run("jobs", "failed").stdout
    assert re.search(rf"^{record_id}\t.*no speech", listing, re.M | re.I)
    # Silence fails the same way every time: the command says a new attempt cannot help (issue 14, item 3).
    refused = server.run("jobs", "retry", str(record_id), check=False)
    assert refused.returncode != 0 and "cannot help" in refused.stderr
    assert server.run("jobs", "retry", "all").stdout.startswith("0 recording(s)")
    # A failure a new attempt may cure (a transcription error on the server) is queued again, with a fresh budget.
    server.run("shell", "-c", "from voicecrm.recordings.models import AudioRecord; "
               f"AudioRecord.objects.filter(pk={record_id}).update(error_code='transcription_failed')")
    assert f"recording {record_id} queued again" in server.run("jobs", "retry", str(record_id)).stdout
    again = api.wait(record_id, timeout=60)
    # Retried: a second attempt ran (and failed again, the audio is still silent).
    assert again["status"] == "failed" and len(again["attempts"]) == 2 and again["error_code"] == "no_speech"
    missing = server.run("jobs", "retry", "999999", check=False)
    assert missing.returncode != 0 and "no recording" in missing.stderr


def test_worker_loads_the_model_once_and_reuses_it_for_every_job(created, api, server, new_client_webm):
    api.wait(api.upload(new_client_webm).json()["audio_record_id"])
    worker_log = server.output()
    assert worker_log.count("whisper model bundled-base loaded") == 1, worker_log
    assert len(re.findall(r"stage=transcribing duration=\S+ outcome=ok", worker_log)) >= 2


@pytest.mark.parametrize(("language", "said"), [("en", "the request is 1907.3 MB; the upload limit is 25 MB"),
                                              ("fr", "la requête fait 1907,3 Mo ; la limite d'envoi est de 25 Mo")])
def test_an_oversized_upload_is_refused_from_its_length_before_the_body_is_sent(server, api, language, said):
    import socket

    token = api.session.headers["Authorization"]
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall((f"POST /api/audio/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {token}\r\n"
                      f"Accept-Language: {language}\r\n"
                      "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 2000000000\r\n\r\n"
                      "--x\r\n").encode())
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
        answer = answer.decode()
    assert answer.startswith("HTTP/1.1 413"), answer
    assert json.loads(answer.partition("\r\n\r\n")[2]) == {"detail": said, "code": "too_large"}


def test_a_follow_up_on_a_clients_page_becomes_a_task_and_an_interaction_on_its_timeline(created, api,
                                                                                         call_back_webm):
    client_id = created["client_id"]
    answer = api.upload(call_back_webm, client_id=client_id, language="en", recorded_at="2026-03-10T16:20:00-05:00")
    assert answer.status_code == 202, answer.text
    done = api.wait(answer.json()["audio_record_id"])
    assert (done["status"], done["client_id"], done["inbox"]) == ("completed", client_id, False), done
    tasks = api.session.get(f"{api.base}/api/tasks", params={"client_id": client_id}).json()
    assert tasks["count"] == 1, tasks
    [task] = tasks["results"]
    # "tomorrow at ten", said on 10 March at 16:20 at UTC-5: 11 March, 10:00 at UTC-5 (shown in the user's zone).
    assert datetime.fromisoformat(task["due"]) == datetime(2026, 3, 11, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert (task["done"], task["audio_record_id"], task["interaction_id"]) == (False, done["id"],
                                                                               done["interaction_id"])
    assert done["tasks"] == [{"id": task["id"], "title": task["title"], "due": task["due"]}]
    assert "contract" in done["note"]
    timeline = api.session.get(f"{api.base}/api/clients/{client_id}/timeline").json()
    [interaction] = [item for item in timeline["results"]
                     if item["kind"] == "interaction" and item["audio_record_id"] == done["id"]]
    assert interaction["id"] == done["interaction_id"] and "contract" in interaction["note"]
    assert [t["id"] for t in interaction["tasks"]] == [task["id"]]
    assert "call her back" in interaction["transcription"].lower()


def test_the_same_follow_up_from_the_home_page_waits_in_the_inbox_instead_of_failing(api, call_back_webm):
    answer = api.upload(call_back_webm, language="en", recorded_at="2026-03-10T16:20:00+01:00")
    done = api.wait(answer.json()["audio_record_id"])
    assert (done["status"], done["error"], done["inbox"], done["client_id"]) == ("completed", None, True, None), done
    assert [a["outcome"] for a in done["attempts"]] == ["succeeded"]
    inbox = api.session.get(f"{api.base}/api/inbox").json()
    [item] = [item for item in inbox["results"] if item["audio_record_id"] == done["id"]]
    assert item["id"] == done["interaction_id"] and "contract" in item["note"]
    [task] = item["tasks"]
    assert datetime.fromisoformat(task["due"]) == datetime(2026, 3, 11, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert task["client_id"] is None and task["done"] is False


def test_speech_in_another_language_completes_for_review_with_nothing_applied(api, speech_dir):
    """Issue 13: detection is restricted to French and English, and speech in neither is flagged, not applied."""
    german = make_speech("Guten Tag, ich heiße Klaus Becker und ich wohne seit zehn Jahren in Berlin.",
                         speech_dir / "german-note", voice="de", fmt="webm")
    answer = api.upload(german)
    assert answer.status_code == 202, answer.text
    done = api.wait(answer.json()["audio_record_id"])
    assert done["status"] == "completed", done
    assert done["review"] == {"reason": "unsupported_language"}
    assert done["language"] in ("fr", "en")
    assert (done["client_id"], done["interaction_id"], done["tasks"]) == (None, None, [])
    assert "Berlin" in done["transcription"]
    # Not a proposal: it cannot be accepted as heard, only corrected or dismissed (it then stops waiting).
    url = f"{api.base}/api/audio/{done['id']}/proposal"
    refused = api.session.post(url, json={"decision": "accept"}, headers={"Accept-Language": "fr"}, timeout=10)
    assert refused.status_code == 409 and refused.json()["code"] == "not_waiting"
    assert "signalé comme à peine compris" in refused.json()["detail"]
    assert api.session.post(url, json={"decision": "reject"}, timeout=10).status_code == 200
    assert api.status(done["id"])["review"] == {"reason": "unsupported_language", "decision": "rejected"}
    assert api.session.post(url, json={"decision": "reject"}, timeout=10).status_code == 409


def test_a_corrected_transcript_is_applied_through_the_same_job(api, speech_dir):
    german = make_speech("Guten Tag, ich heiße Klaus Becker und ich wohne in Berlin.", speech_dir / "german-fix",
                         voice="de", fmt="webm")
    record_id = api.upload(german).json()["audio_record_id"]
    assert api.wait(record_id)["review"] == {"reason": "unsupported_language"}
    empty = api.session.post(f"{api.base}/api/audio/{record_id}/reprocess", json={"text": "  "}, timeout=10)
    assert empty.status_code == 400
    answer = api.session.post(f"{api.base}/api/audio/{record_id}/reprocess",
                              json={"text": "New client Klaus Becker from Berlin, call him back tomorrow."}, timeout=10)
    assert answer.status_code == 202, answer.text
    done = api.wait(record_id)
    assert done["status"] == "completed" and done["review"] is None, done
    assert done["client_action"] == "created" and done["client_name"] == "Klaus Becker"
    assert done["edited_text"].startswith("New client Klaus Becker")
    assert "Berlin" in done["transcription"]  # what the model heard is kept beside the correction
    assert [t["title"] for t in done["tasks"]] == ["Call back Klaus Becker"]


def test_english_speech_uploaded_as_french_is_read_as_the_english_text_it_became(api, new_client_webm):
    """Issue 13: the declared language guides the speech model; extraction follows the transcript's language."""
    answer = api.upload(new_client_webm, language="fr")
    assert answer.status_code == 202, answer.text
    done = api.wait(answer.json()["audio_record_id"])
    assert done["status"] == "completed", done
    heard = {name: field["value"] for name, field in done["fields"].items()}
    assert heard.get("first_name") == "Robert" and heard.get("city") == "Denver", (done["transcription"], heard)


@pytest.fixture(scope="module")
def reviewer(server):
    """A user who reviews every recording before it is applied (issue 13, item 4)."""
    api = Api(server.url, server.user_token("reviewer"))
    answer = api.session.patch(f"{api.base}/api/auth/settings", json={"review_before_apply": True}, timeout=10)
    assert answer.status_code == 200 and answer.json()["review_before_apply"] is True, answer.text
    return api


@pytest.fixture(scope="module")
def proposal_webm(speech_dir):
    return make_speech("Hi, my name is Robert Miller and I live in Denver. Please call me back tomorrow.",
                       speech_dir / "proposal", fmt="webm")


def test_a_reviewer_recording_stops_at_a_proposal_and_is_applied_as_edited(reviewer, proposal_webm):
    """The job proposes fields (with confidence and evidence), tasks and a note, and writes nothing until the
    owner accepts; what they accept, edited, goes through the job's path (client, history, timeline, task)."""
    record_id = reviewer.upload(proposal_webm).json()["audio_record_id"]
    held = reviewer.wait(record_id)
    assert held["status"] == "completed" and held["review"]["reason"] == "review_requested", held
    assert held["client_id"] is None and held["interaction_id"] is None and held["tasks"] == []
    assert reviewer.session.get(f"{reviewer.base}/api/clients", timeout=10).json()["count"] == 0
    heard = held["fields"]
    assert heard["city"]["value"] == "Denver" and 0 < heard["city"]["confidence"] <= 1
    assert "Denver" in heard["city"]["evidence"]
    proposal = held["review"]["proposal"]
    assert proposal["client"] is None
    assert len(proposal["tasks"]) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", proposal["tasks"][0]["due"]), proposal
    assert "call me back" in proposal["tasks"][0]["evidence"]

    url = f"{reviewer.base}/api/audio/{record_id}/proposal"
    bad = reviewer.session.post(url, json={"decision": "accept", "fields": {"phone": "12"}}, timeout=10)
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_proposal" and "phone" in bad.json()["detail"]
    assert reviewer.status(record_id)["review"]["reason"] == "review_requested"  # nothing of it was written

    edited = {"first_name": "Helena", "last_name": "Varga", "city": "Boulder"}
    tasks = [{"title": "Send the price list", "due": "2031-05-06T09:30"}]
    answer = reviewer.session.post(url, json={"decision": "accept", "fields": edited, "tasks": tasks}, timeout=10)
    assert answer.status_code == 200, answer.text
    done = reviewer.status(record_id)
    assert done["review"] is None and done["client_action"] == "created", done
    client = reviewer.client(done["client_id"])
    assert (client["first_name"], client["last_name"], client["city"]) == ("Helena", "Varga", "Boulder")
    assert [t["title"] for t in done["tasks"]] == ["Send the price list"]
    history = reviewer.session.get(f"{reviewer.base}/api/clients/{done['client_id']}/history", timeout=10).json()
    assert {change["field"] for change in history} == {"first_name", "last_name", "city"}
    assert {change["audio_record_id"] for change in history} == {record_id}
    timeline = reviewer.session.get(f"{reviewer.base}/api/clients/{done['client_id']}/timeline", timeout=10).json()
    assert any(entry["kind"] == "interaction" and entry["audio_record_id"] == record_id
               for entry in timeline["results"]), timeline
    again = reviewer.session.post(url, json={"decision": "reject"}, timeout=10)
    assert again.status_code == 409


def test_a_rejected_proposal_writes_nothing_and_can_still_be_corrected(reviewer, proposal_webm):
    record_id = reviewer.upload(proposal_webm).json()["audio_record_id"]
    assert reviewer.wait(record_id)["review"]["reason"] == "review_requested"
    before = reviewer.session.get(f"{reviewer.base}/api/clients", timeout=10).json()["count"]
    answer = reviewer.session.post(f"{reviewer.base}/api/audio/{record_id}/proposal", json={"decision": "reject"},
                                   timeout=10)
    assert answer.status_code == 200, answer.text
    rejected = reviewer.status(record_id)
    assert rejected["review"] == {**rejected["review"], "reason": "review_requested", "decision": "rejected"}
    assert rejected["client_id"] is None and rejected["tasks"] == []
    assert reviewer.session.get(f"{reviewer.base}/api/clients", timeout=10).json()["count"] == before
    # Corrected text gives a new proposal (the setting still holds), not a silent write.
    again = reviewer.session.post(f"{reviewer.base}/api/audio/{record_id}/reprocess",
                                  json={"text": "New client Tomas Brandt from Leeds."}, timeout=10)
    assert again.status_code == 202, again.text
    proposed = reviewer.wait(record_id)
    assert proposed["review"]["reason"] == "review_requested" and "decision" not in proposed["review"]
    assert proposed["fields"]["last_name"]["value"] == "Brandt"


def test_an_applied_recording_corrected_later_updates_its_client_and_timeline_entry(server, new_client_webm):
    """Issue 13, item 4: any recording can be corrected; on one already applied, the corrected text goes through
    the same path on top of it — history entries marked "edited", the same timeline entry, no second client."""
    api = Api(server.url, server.user_token("corrector"))
    record_id = api.upload(new_client_webm).json()["audio_record_id"]
    first = api.wait(record_id)
    assert first["status"] == "completed" and first["client_action"] == "created", first
    client_id, interaction_id = first["client_id"], first["interaction_id"]
    assert api.client(client_id)["city"] == "Denver"
    corrected = first["transcription"].replace("Denver", "Boulder") + " Call him back on Friday."
    answer = api.session.post(f"{api.base}/api/audio/{record_id}/reprocess", json={"text": corrected}, timeout=10)
    assert answer.status_code == 202, answer.text
    done = api.wait(record_id)
    assert done["status"] == "completed" and done["client_id"] == client_id, done
    assert done["interaction_id"] == interaction_id
    assert api.client(client_id)["city"] == "Boulder"
    history = api.session.get(f"{api.base}/api/clients/{client_id}/history", timeout=10).json()
    city = [change for change in history if change["field"] == "city"]
    assert [(c["old_value"], c["new_value"], c["source"]) for c in city] == [
        ("Denver", "Boulder", "edited"), ("", "Denver", "voice")], history
    timeline = api.session.get(f"{api.base}/api/clients/{client_id}/timeline", timeout=10).json()["results"]
    entries = [entry for entry in timeline if entry["kind"] == "interaction"]
    assert len(entries) == 1 and entries[0]["edited_text"] == corrected, entries
    assert len(entries[0]["tasks"]) == 1 and entries[0]["tasks"][0]["title"].startswith("Call back"), entries
    assert api.session.get(f"{api.base}/api/clients", timeout=10).json()["count"] == 1
