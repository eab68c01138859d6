"""Webhooks end to end: `voicecrm serve` with its embedded worker, a receiver on loopback, real recordings.

Deliveries go through the real queue and worker; the retry delays and the timeout are shortened by their
settings so that a retry takes a second, not minutes.
"""

from __future__ import annotations

import re
import subprocess
import time

import pytest
import requests

from tests.helpers import ROOT, VOICECRM, Api, VoiceCRMServer, free_port
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.slow

TIMEOUT = 2
EVENTS = ["client.created", "client.updated", "client.deleted", "recording.completed", "recording.failed",
          "task.created", "task.done"]


def readme_verifier():
    """The verification snippet of the README's "Webhooks" section, as a reader would copy it."""
    section = (ROOT / "README.md").read_text().split("## Webhooks", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 (the documented snippet itself)
    return namespace["verify_voicecrm"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("webhooks"), env={
        "VOICECRM_WEBHOOK_RETRY_DELAYS": "1,1,2,2,2", "VOICECRM_WEBHOOK_TIMEOUT": str(TIMEOUT)}).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def receiver():
    rec = Receiver(hang_seconds=TIMEOUT + 2)
    yield rec
    rec.close()


@pytest.fixture(scope="module")
def alice(server):
    """A staff user (createsuperuser)."""
    return Api(server.url, server.user_token("alice"))


@pytest.fixture(scope="module")
def bob(server):
    """A plain user."""
    code = ("from django.contrib.auth import get_user_model; "
            "get_user_model().objects.create_user('bob', password='pw-bob-456')")
    subprocess.run([*VOICECRM, "shell", "-c", code], env=server.env, check=True, capture_output=True)
    answer = requests.post(server.url + "/api/auth/token", json={"username": "bob", "password": "pw-bob-456"},
                           timeout=10)
    return Api(server.url, answer.json()["token"])


def register(api: Api, url: str, events=EVENTS, **extra) -> dict:
    answer = api.session.post(f"{api.base}/api/webhooks", json={"url": url, "events": events, **extra}, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()


def deliveries(api: Api, webhook_id: int) -> list[dict]:
    answer = api.session.get(f"{api.base}/api/webhooks/{webhook_id}/deliveries", timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]


def wait_delivery(api: Api, webhook_id: int, delivery_id: str, *, until, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [d for d in deliveries(api, webhook_id) if d["id"] == delivery_id]
        if found and until(found[0]):
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"delivery {delivery_id}: {found}")


def test_every_event_is_delivered_once_signed_with_the_api_shapes_and_never_to_another_user(
        server, receiver, alice, bob, new_client_webm, tmp_path):
    verify = readme_verifier()
    mine = register(alice, receiver.url("/alice"))
    everyone = register(alice, receiver.url("/staff"), events=["client.created"], all_users=True)
    bobs = register(bob, receiver.url("/bob"))

    # A recording introduces a new client: client.created and recording.completed.
    done = alice.wait(alice.upload(new_client_webm, language="en").json()["audio_record_id"])
    assert done["status"] == "completed" and done["client_action"] == "created", (done, server.output())
    client_id = done["client_id"]
    # A typed change, a task typed and then done, a recording that cannot be decoded, the client deleted.
    patched = alice.session.patch(f"{alice.base}/api/clients/{client_id}", json={"city": "Grenoble"}, timeout=10)
    assert patched.status_code == 200, patched.text
    task = alice.session.post(f"{alice.base}/api/tasks", json={"title": "Send the quote", "due": "2026-12-24",
                                                               "client_id": client_id}, timeout=10).json()
    assert alice.session.patch(f"{alice.base}/api/tasks/{task['id']}", json={"done": True},
                               timeout=10).status_code == 200
    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"OggS" + bytes(range(256)) * 40)
    failed = alice.wait(alice.upload(broken).json()["audio_record_id"])
    assert failed["status"] == "failed"
    client_before = alice.client(client_id)
    assert alice.session.delete(f"{alice.base}/api/clients/{client_id}?confirm=true", timeout=10).status_code == 204

    got = receiver.wait("/alice", len(EVENTS), timeout=90)
    time.sleep(1.5)  # nothing more comes
    got = receiver.at("/alice")
    by_event = {r.json["event"]: r for r in got}
    assert sorted(r.json["event"] for r in got) == sorted(EVENTS), [r.json["event"] for r in got]
    for r in got:
        assert verify(mine["secret"], r.headers, r.body), r.headers
        assert r.headers["X-VoiceCRM-Event"] == r.json["event"]
        assert r.headers["X-VoiceCRM-Delivery"] == r.json["id"]
        assert set(r.json) == {"id", "event", "created_at", "data"}
    # A forged body or another secret does not verify.
    sample = by_event["client.updated"]
    assert not verify(mine["secret"], sample.headers, sample.body.replace(b"Grenoble", b"Grenoblf"))
    assert not verify(bobs["secret"], sample.headers, sample.body)

    created = by_event["client.created"].json["data"]
    assert (created["id"], created["first_name"], created["last_name"]) == (client_id, "Robert", "Miller")
    updated = by_event["client.updated"].json["data"]
    assert (updated["city"], updated["changed"]) == ("Grenoble", ["city"])
    deleted = by_event["client.deleted"].json["data"]
    assert deleted == {**client_before}  # the client as the API showed it just before
    completed = by_event["recording.completed"].json["data"]
    assert (completed["id"], completed["status"], completed["client_id"], completed["client_action"]) == (
        done["id"], "completed", client_id, "created")
    assert "Robert" in completed["transcription"]
    failed_data = by_event["recording.failed"].json["data"]
    assert (failed_data["id"], failed_data["status"]) == (failed["id"], "failed")
    assert "could not be decoded" in failed_data["error"]
    assert by_event["task.created"].json["data"] == {**task, "done": False}
    task_done = by_event["task.done"].json["data"]
    assert (task_done["id"], task_done["title"], task_done["done"], task_done["due"]) == (
        task["id"], "Send the quote", True, "2026-12-24")

    # Alice's events never reach Bob's webhook; the staff webhook for all users gets Alice's new client.
    assert receiver.at("/bob") == []
    assert [r.json["data"]["id"] for r in receiver.at("/staff")] == [client_id]
    log = deliveries(alice, mine["id"])
    assert sorted(d["event"] for d in log) == sorted(EVENTS)
    assert {(d["status"], d["attempts"], d["status_code"]) for d in log} == {("delivered", 1, 200)}
    assert deliveries(bob, bobs["id"]) == []
    assert everyone["all_users"] is True


def test_a_staff_webhook_for_all_users_receives_another_users_events_and_his_own_does_too(server, receiver,
                                                                                          alice, bob):
    everyone = register(alice, receiver.url("/all-tasks"), events=["task.created"], all_users=True)
    own = register(bob, receiver.url("/bob-tasks"), events=["task.created"])
    task = bob.session.post(f"{bob.base}/api/tasks", json={"title": "Bob's own task", "due": "2026-12-20"},
                            timeout=10).json()
    for path in ("/all-tasks", "/bob-tasks"):
        (got,) = receiver.wait(path, 1)
        assert got.json["data"]["id"] == task["id"]
    assert deliveries(alice, everyone["id"])[0]["status"] == "delivered"
    assert deliveries(bob, own["id"])[0]["status"] == "delivered"


def test_a_receiver_that_is_down_then_fails_then_comes_back_gets_the_event_after_retries(server, alice):
    port = free_port()
    webhook = register(alice, f"http://127.0.0.1:{port}/hook", events=["task.created"])
    # Nothing listens on the port yet: the first attempt's connection is refused.
    ping = alice.session.post(f"{alice.base}/api/webhooks/{webhook['id']}/test", timeout=10).json()
    assert (ping["event"], ping["status"]) == ("ping", "pending")
    refused = wait_delivery(alice, webhook["id"], ping["id"], until=lambda d: d["attempts"] >= 1)
    assert refused["status"] in ("pending", "sending") and refused["status_code"] is None
    assert "connection failed" in refused["last_error"] and "refused" in refused["last_error"].lower()
    assert refused["next_attempt_at"] is not None
    # It comes back, answers 500 once, then 200.
    back = Receiver(port)
    try:
        back.script("/hook", [500])
        delivered = wait_delivery(alice, webhook["id"], ping["id"], until=lambda d: d["status"] == "delivered")
        answers = [r.answered for r in back.at("/hook")]
    finally:
        back.close()
    assert answers == [500, 200]
    assert delivered["attempts"] == refused["attempts"] + 2 >= 3
    assert (delivered["status_code"], delivered["next_attempt_at"]) == (200, None)
    assert delivered["last_error"].startswith("HTTP 500")  # the last failed attempt's, kept for the log
    assert delivered["delivered_at"] is not None
    # Every attempt carried the same delivery id and body, each with a fresh signature time.
    ids = {r.headers["X-VoiceCRM-Delivery"] for r in back.requests}
    assert ids == {ping["id"]}
    assert len({r.body for r in back.requests}) == 1


def test_a_receiver_that_never_answers_in_time_is_recorded_as_a_timeout_and_retried(server, receiver, alice):
    webhook = register(alice, receiver.url("/slow"), events=["task.done"])
    receiver.script("/slow", ["hang"])
    ping = alice.session.post(f"{alice.base}/api/webhooks/{webhook['id']}/test", timeout=10).json()
    delivered = wait_delivery(alice, webhook["id"], ping["id"], until=lambda d: d["status"] == "delivered")
    assert delivered["attempts"] == 2
    assert delivered["last_error"] == f"timeout: no answer within {TIMEOUT} s"
    assert len(receiver.at("/slow")) == 2


def test_a_receiver_that_always_fails_ends_failed_after_six_attempts(server, receiver, alice):
    webhook = register(alice, receiver.url("/broken"), events=["task.done"])
    receiver.script("/broken", [503] * 10)
    ping = alice.session.post(f"{alice.base}/api/webhooks/{webhook['id']}/test", timeout=10).json()
    failed = wait_delivery(alice, webhook["id"], ping["id"], until=lambda d: d["status"] == "failed")
    assert (failed["attempts"], failed["status_code"], failed["next_attempt_at"]) == (6, 503, None)
    assert failed["last_error"] == "HTTP 503: receiver error"
    assert len(receiver.at("/broken")) == 6


def test_a_delivery_the_queue_lost_is_queued_again_by_the_workers_and_sent_once(server, receiver, alice):
    webhook = register(alice, receiver.url("/lost"), events=["task.done"])
    # A delivery row whose task never reached the queue (a process killed between its commit and the enqueue).
    code = ("import datetime; from django.utils import timezone; from voicecrm.webhooks.models import Delivery; "
            f"Delivery.objects.create(webhook_id={webhook['id']}, event='ping', body='{{\"lost\": true}}', "
            "next_attempt_at=timezone.now() - datetime.timedelta(seconds=120))")
    server.run("shell", "-c", code)
    (got,) = receiver.wait("/lost", 1, timeout=30)
    assert got.body == b'{"lost": true}'
    time.sleep(3)  # every worker tick sees it delivered: no second send
    assert len(receiver.at("/lost")) == 1
    assert [(d["status"], d["attempts"]) for d in deliveries(alice, webhook["id"])] == [("delivered", 1)]
