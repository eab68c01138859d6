"""Operations in-process, on the real database and queue: rate limit, health, metrics, notifications,
retention, ownership and API tokens."""

import json
import threading
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from tests.helpers import free_port
from voicecrm.accounts.models import NotificationPreference
from voicecrm.accounts.services import notification_preference_set, token_create
from voicecrm.crm.models import Client, Task
from voicecrm.ops.digest import digests_send
from voicecrm.pipeline.signals import announce, worker_tick
from voicecrm.pipeline.workers import restart_generation, worker_beat, workers_restart
from voicecrm.recordings.models import AudioRecord, JobAttempt, Outcome, Status
from voicecrm.recordings.ratelimit import Rate, parse_rate
from voicecrm.recordings.retention import audio_purge_expired

pytestmark = pytest.mark.django_db

UPLOAD = "/api/audio/upload"


def upload(client, content: bytes, name="note.webm"):
    return client.post(UPLOAD, {"audio": SimpleUploadedFile(name, content, content_type="audio/webm")})


def _record(owner, *, status=Status.COMPLETED, age_days=0.0, client=None, content=b"RIFF....WAVE") -> AudioRecord:
    name = default_storage.save("audio/test/note.wav", ContentFile(content))
    record = AudioRecord.objects.create(owner=owner, client=client, file=name, size=len(content), status=status,
                                        transcription="Hello, my name is Jane Roe.", container="wav")
    AudioRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(days=age_days))
    return record


class Catcher:
    """A real HTTP server on loopback that keeps the JSON bodies posted to it (an Apprise json:// target)."""

    def __init__(self, status: int = 200) -> None:
        self.bodies: list[dict] = []
        catcher = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                catcher.bodies.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"json://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def catcher():
    server = Catcher()
    yield server
    server.close()


# --- Rate limit -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,rate", [("10/m", Rate(10, 60)), ("100/h", Rate(100, 3600)), ("5/30s", Rate(5, 30)),
                                       ("0/m", Rate(0, 60)), ("2 / day", Rate(2, 86400))])
def test_upload_rate_setting_is_parsed(text, rate):
    assert parse_rate(text) == rate


def test_a_malformed_upload_rate_is_refused_with_an_example():
    with pytest.raises(ValueError, match="10/m"):
        parse_rate("ten per minute")


def test_uploads_over_the_rate_get_429_with_retry_after_and_other_users_are_not_affected(
        alice_api, bob, settings, new_client_webm, client):
    settings.UPLOAD_RATE = "3/m"
    content = new_client_webm.read_bytes()
    assert [upload(alice_api, content).status_code for _ in range(3)] == [202, 202, 202]
    refused = upload(alice_api, content)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "too many uploads" in refused.json()["detail"]
    assert AudioRecord.objects.count() == 3
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_create(user=bob)}"
    assert upload(client, content).status_code == 202


def test_the_rate_window_slides(alice_api, alice, settings, new_client_webm):
    settings.UPLOAD_RATE = "2/m"
    content = new_client_webm.read_bytes()
    upload(alice_api, content), upload(alice_api, content)
    assert upload(alice_api, content).status_code == 429
    AudioRecord.objects.filter(owner=alice).update(created_at=timezone.now() - timedelta(seconds=61))
    assert upload(alice_api, content).status_code == 202


# --- Health and metrics ---------------------------------------------------------------------------

def test_health_is_503_without_a_live_worker_and_200_with_one(client):
    answer = client.get("/health")
    assert answer.status_code == 503
    body = answer.json()
    assert body["checks"]["database"]["ok"] and body["checks"]["queue"]["ok"] and body["checks"]["disk"]["ok"]
    assert not body["checks"]["workers"]["ok"]
    assert "voicecrm worker" in body["checks"]["workers"]["detail"]
    worker_beat(name="host:1", hostname="host", pid=1, processes=2, generation=0, started_at=timezone.now())
    answer = client.get("/health")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["checks"]["workers"]["workers"] == ["host:1"]


def test_health_fails_when_the_worker_stopped_reporting_or_the_disk_is_short(client, settings):
    worker_beat(name="host:1", hostname="host", pid=1, processes=1, generation=0, started_at=timezone.now())
    from voicecrm.pipeline.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=settings.STALE_AFTER + 1))
    assert client.get("/health").status_code == 503
    WorkerHeartbeat.objects.update(seen_at=timezone.now())
    settings.HEALTH_MIN_FREE_MB = 10**12
    answer = client.get("/health")
    assert answer.status_code == 503
    assert "below" in answer.json()["checks"]["disk"]["detail"]


def _metrics(client) -> dict:
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain")
    return {family.name: family for family in text_string_to_metric_families(answer.content.decode())}


def test_metrics_count_jobs_by_status_attempts_stages_queue_and_upload_sizes(client, alice):
    done = _record(alice, content=b"x" * 20_000)
    _record(alice, status=Status.FAILED, content=b"x" * 100)
    JobAttempt.objects.create(record=done, number=1, started_at=timezone.now(), outcome=Outcome.SUCCEEDED)
    from voicecrm.ops.timings import stage_timing_record

    stage_timing_record(record_id=done.pk, attempt=1, stage="transcribing", outcome="ok", seconds=1.7)
    stage_timing_record(record_id=done.pk, attempt=1, stage="extracting", outcome="ok", seconds=0.02)
    families = _metrics(client)
    statuses = {s.labels["status"]: s.value for s in families["voicecrm_recordings"].samples}
    assert statuses == {"pending": 0, "processing": 0, "completed": 1, "failed": 1}
    attempts = {s.labels["outcome"]: s.value for s in families["voicecrm_job_attempts"].samples
                if s.name == "voicecrm_job_attempts_total"}
    assert attempts["succeeded"] == 1 and attempts["failed"] == 0
    stage = {(s.name, s.labels.get("stage"), s.labels.get("le")): s.value
             for s in families["voicecrm_stage_duration_seconds"].samples}
    assert stage[("voicecrm_stage_duration_seconds_bucket", "transcribing", "1.0")] == 0
    assert stage[("voicecrm_stage_duration_seconds_bucket", "transcribing", "2.5")] == 1
    assert stage[("voicecrm_stage_duration_seconds_sum", "transcribing", None)] == pytest.approx(1.7)
    assert stage[("voicecrm_stage_duration_seconds_count", "extracting", None)] == 1
    sizes = {s.labels.get("le"): s.value for s in families["voicecrm_upload_size_bytes"].samples
             if s.name.endswith("_bucket")}
    assert (sizes["16384.0"], sizes["65536.0"], sizes["+Inf"]) == (1, 2, 2)
    assert families["voicecrm_queue_depth"].samples[0].value >= 0
    assert families["voicecrm_workers_alive"].samples[0].value == 0


def test_metrics_ask_for_the_token_when_one_is_set(client, settings):
    settings.METRICS_TOKEN = "s3cret"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret").status_code == 200


# --- Restart generation ---------------------------------------------------------------------------

def test_restart_workers_bumps_the_generation_workers_watch():
    before = restart_generation()
    assert workers_restart() == before + 1
    assert workers_restart() == before + 2


# --- Notifications --------------------------------------------------------------------------------

def test_a_completed_job_is_notified_by_email_and_apprise_to_a_user_who_opted_in(alice, settings, catcher):
    from voicecrm.ops.notifications import record_notify

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFY_URLS = [catcher.url]
    alice.email = "alice@example.com"
    alice.save()
    client = Client.objects.create(owner=alice, first_name="Jane", last_name="Roe")
    record = _record(alice, client=client)
    AudioRecord.objects.filter(pk=record.pk).update(client_action="created")
    assert record_notify(record_id=record.pk) == {}
    assert mail.outbox == [] and catcher.bodies == []
    notification_preference_set(user=alice, email=True, channels=True)
    assert record_notify(record_id=record.pk) == {"email": True, "apprise": True}
    assert mail.outbox[0].to == ["alice@example.com"]
    assert "Jane Roe" in mail.outbox[0].subject and "created" in mail.outbox[0].subject
    assert "Jane Roe" in catcher.bodies[0]["title"]


def test_a_final_failure_is_notified_with_its_reason(alice, settings, catcher):
    from voicecrm.ops.notifications import record_notify

    settings.NOTIFY_URLS = [catcher.url]
    notification_preference_set(user=alice, channels=True)
    record = _record(alice, status=Status.FAILED)
    AudioRecord.objects.filter(pk=record.pk).update(error="no speech found in 3.0s of audio")
    assert record_notify(record_id=record.pk) == {"apprise": True}
    assert "failed" in catcher.bodies[0]["title"]
    assert "no speech found" in catcher.bodies[0]["message"]


def test_a_recording_that_went_to_the_inbox_is_notified_as_such(alice, settings, catcher):
    from voicecrm.ops.notifications import record_notify

    settings.NOTIFY_URLS = [catcher.url]
    notification_preference_set(user=alice, channels=True)
    record = _record(alice)
    assert record_notify(record_id=record.pk) == {"apprise": True}
    assert "Inbox" in catcher.bodies[0]["title"] and "names no client" in catcher.bodies[0]["message"]


def test_a_failing_notifier_is_logged_and_never_raises(alice, settings):
    from voicecrm.ops.notifications import record_notify

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.NOTIFY_URLS = [f"json://127.0.0.1:{free_port()}/", "not-a-url"]
    alice.email = "alice@example.com"
    alice.save()
    notification_preference_set(user=alice, email=True, channels=True)
    record = _record(alice, status=Status.FAILED)
    assert record_notify(record_id=record.pk) == {"email": False, "apprise": False}


def test_notification_preferences_through_the_api(alice_api):
    assert alice_api.get("/api/auth/notifications").json() == {"email": False, "channels": False, "digest": False}
    answer = alice_api.put("/api/auth/notifications", {"email": True, "channels": False},
                           content_type="application/json")
    assert answer.json() == {"email": True, "channels": False, "digest": False}
    assert alice_api.get("/api/auth/notifications").json() == {"email": True, "channels": False, "digest": False}
    answer = alice_api.put("/api/auth/notifications", {"email": True, "channels": True, "digest": True},
                           content_type="application/json")
    assert answer.json() == {"email": True, "channels": True, "digest": True}
    # A client that does not know the digest leaves it as it is.
    alice_api.put("/api/auth/notifications", {"email": False, "channels": True}, content_type="application/json")
    assert alice_api.get("/api/auth/notifications").json() == {"email": False, "channels": True, "digest": True}


# --- Morning digest -------------------------------------------------------------------------------

def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_the_morning_digest_lists_the_days_and_overdue_tasks_once_a_day_from_the_users_hour(alice, bob, settings,
                                                                                          catcher):
    settings.NOTIFY_URLS, settings.DIGEST_HOUR = [catcher.url], 8
    notification_preference_set(user=alice, channels=True, digest=True)
    notification_preference_set(user=bob, channels=True)  # no digest asked
    jane = Client.objects.create(owner=alice, first_name="Jane", last_name="Roe")
    Task.objects.create(owner=alice, client=jane, title="Call back Jane", due_date=date(2026, 12, 2),
                        due_at=_at("2026-12-02T10:00:00+01:00"))
    Task.objects.create(owner=alice, title="Send the quote", due_date=date(2026, 11, 28))
    Task.objects.create(owner=alice, title="Next week", due_date=date(2026, 12, 9))
    Task.objects.create(owner=alice, title="Done already", due_date=date(2026, 12, 2), done=True)
    Task.objects.create(owner=bob, title="Bob's task", due_date=date(2026, 12, 2))
    # 07:30 in Paris: too early.
    assert digests_send(now=_at("2026-12-02T06:30:00+00:00")) == 0 and catcher.bodies == []
    assert digests_send(now=_at("2026-12-02T07:05:00+00:00")) == 1
    [body] = catcher.bodies
    assert "2 task(s)" in body["title"]
    message = body["message"]
    assert "2026-12-02 10:00: Call back Jane — Jane Roe" in message
    assert "2026-11-28 (overdue): Send the quote" in message
    assert "Next week" not in message and "Done already" not in message and "Bob" not in message
    # Once a day, whichever worker asks again.
    assert digests_send(now=_at("2026-12-02T15:00:00+00:00")) == 0 and len(catcher.bodies) == 1
    assert digests_send(now=_at("2026-12-03T07:05:00+00:00")) == 1 and len(catcher.bodies) == 2


def test_no_tasks_due_no_digest_and_the_workers_tick_sends_it(alice, settings, catcher):
    settings.NOTIFY_URLS, settings.DIGEST_HOUR = [catcher.url], 0
    notification_preference_set(user=alice, channels=True, digest=True)
    announce(worker_tick)
    assert catcher.bodies == []
    NotificationPreference.objects.filter(user=alice).update(digest_sent_on=None)
    Task.objects.create(owner=alice, title="Call back", due_date=timezone.now().date() - timedelta(days=1))
    announce(worker_tick)
    assert len(catcher.bodies) == 1 and "Call back" in catcher.bodies[0]["message"]


# --- Retention and deletion -----------------------------------------------------------------------

def test_retention_deletes_old_audio_files_and_keeps_transcripts(alice, alice_api, settings):
    settings.AUDIO_RETENTION_DAYS = 30
    old, recent = _record(alice, age_days=31), _record(alice, age_days=29)
    waiting = _record(alice, status=Status.PENDING, age_days=40)
    old_name = old.file.name
    assert audio_purge_expired() == 1
    old.refresh_from_db()
    assert not old.file and not default_storage.exists(old_name)
    assert old.transcription == "Hello, my name is Jane Roe."
    assert alice_api.get(f"/api/audio/{old.pk}/file").status_code == 404
    assert alice_api.get(f"/api/audio/status/{old.pk}").json()["transcription"] == old.transcription
    assert alice_api.get(f"/api/audio/{recent.pk}/file").status_code == 200
    waiting.refresh_from_db()
    assert default_storage.exists(waiting.file.name)
    assert audio_purge_expired() == 0


def test_retention_is_off_by_default(alice, settings):
    settings.AUDIO_RETENTION_DAYS = 0
    _record(alice, age_days=3650)
    assert audio_purge_expired() == 0


def test_deleting_a_client_deletes_its_recordings_and_their_files(alice, alice_api,
                                                                  django_capture_on_commit_callbacks):
    client = Client.objects.create(owner=alice, first_name="Jane", last_name="Roe")
    records = [_record(alice, client=client) for _ in range(2)]
    other = _record(alice)
    refused = alice_api.delete(f"/api/clients/{client.pk}")
    assert refused.status_code == 409 and refused.json()["code"] == "confirm_required"
    assert refused.json()["would_delete"]["recordings"] == 2
    assert AudioRecord.objects.filter(pk__in=[r.pk for r in records]).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert alice_api.delete(f"/api/clients/{client.pk}?confirm=true").status_code == 204
    assert not AudioRecord.objects.filter(pk__in=[r.pk for r in records]).exists()
    assert not any(default_storage.exists(r.file.name) for r in records)
    assert default_storage.exists(other.file.name)


# --- Ownership and tokens -------------------------------------------------------------------------

def test_another_users_ids_are_404_everywhere(alice_api, bob):
    client = Client.objects.create(owner=bob, first_name="Bob's", last_name="Secret")
    record = _record(bob, client=client, status=Status.FAILED)
    AudioRecord.objects.filter(pk=record.pk).update(suggestions={"city": {"value": "Paris"}})
    for method, path in [("get", f"/api/clients/{client.pk}"), ("get", f"/api/clients/{client.pk}/history"),
                         ("patch", f"/api/clients/{client.pk}"), ("delete", f"/api/clients/{client.pk}"),
                         ("get", f"/api/audio/status/{record.pk}"), ("get", f"/api/audio/{record.pk}/file"),
                         ("post", f"/api/audio/{record.pk}/retry"),
                         ("post", f"/api/audio/{record.pk}/suggestions/city/accept")]:
        answer = getattr(alice_api, method)(path, {"city": "X"} if method == "patch" else None,
                                            content_type="application/json")
        assert answer.status_code == 404, (method, path, answer.content)
        assert "Secret" not in answer.content.decode()
    assert alice_api.get("/api/clients").json()["count"] == 0
    assert Client.objects.filter(pk=client.pk, city="").exists()
    jobs = alice_api.get("/api/audio/jobs").json()
    assert record.pk not in [job["id"] for job in jobs["failed_jobs"] + jobs["stale_jobs"]]


def test_nothing_is_served_without_authentication(client, alice):
    record = _record(alice)
    for path in ["/api/clients", f"/api/audio/status/{record.pk}", f"/api/audio/{record.pk}/file",
                 "/api/auth/tokens"]:
        assert client.get(path).status_code == 401, path
    assert client.get(f"/media/{record.file.name}").status_code == 404


def test_a_revoked_token_stops_working_at_once(client, alice):
    token = token_create(user=alice, name="laptop")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    listed = client.get("/api/auth/tokens").json()
    assert [(t["prefix"], t["name"], t["revoked_at"]) for t in listed] == [(token[:12], "laptop", None)]
    assert "key_hash" not in listed[0] and token not in json.dumps(listed)
    assert client.delete(f"/api/auth/tokens/{token[:12]}").status_code == 400  # a prefix is not an id
    assert client.get("/api/clients").status_code == 200
    assert client.delete(f"/api/auth/tokens/{listed[0]['id']}").status_code == 204
    assert client.get("/api/clients").status_code == 401


def test_revoketoken_command_revokes_by_prefix_or_all(alice):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from voicecrm.accounts.services import token_user

    first, second = token_create(user=alice), token_create(user=alice)
    call_command("revoketoken", "alice", first[:12])
    assert token_user(key=first) is None and token_user(key=second) == alice
    with pytest.raises(CommandError):
        call_command("revoketoken", "alice", first[:12])
    call_command("revoketoken", "alice", "--all")
    assert token_user(key=second) is None


def test_passwords_are_hashed_with_argon2(alice):
    assert alice.password.startswith("argon2$")
