"""Tasks, the user's settings and the calendar feed through the API, against the real database."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from voicecrm.accounts.services import token_create, user_settings_set
from voicecrm.crm.models import Client, Interaction, Task
from voicecrm.crm.selectors import tasks_due_count
from voicecrm.recordings.models import AudioRecord

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def bob_api(bob):
    from django.test import Client as HttpClient

    client = HttpClient()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_create(user=bob)}"
    return client


@pytest.fixture
def jane(alice):
    return Client.objects.create(owner=alice, first_name="Jane", last_name="Roe")


def _post(api, url, body):
    return api.post(url, body, content_type="application/json")


def _patch(api, url, body):
    return api.patch(url, body, content_type="application/json")


def _task(api, **body):
    answer = _post(api, "/api/tasks", body)
    assert answer.status_code == 201, answer.content
    return answer.json()


# --- Tasks ----------------------------------------------------------------------------------------

def test_a_task_typed_with_a_date_or_a_time_comes_back_with_every_field(alice_api, jane):
    on_day = _task(alice_api, title="Send the quote", due="2026-12-15", client_id=jane.pk)
    assert on_day["title"] == "Send the quote" and on_day["due"] == "2026-12-15" and on_day["done"] is False
    assert (on_day["client_id"], on_day["client_name"]) == (jane.pk, "Jane Roe")
    assert on_day["audio_record_id"] is None and on_day["interaction_id"] is None
    assert set(on_day) == {"id", "title", "due", "done", "client_id", "client_name", "audio_record_id",
                           "interaction_id", "created_at", "updated_at"}
    # Without an offset, a time is the user's wall-clock time (the default zone: Europe/Paris, UTC+1 in December).
    naive = _task(alice_api, title="Call Jane", due="2026-12-02T10:00")
    assert naive["due"] == "2026-12-02T10:00:00+01:00" and naive["client_id"] is None
    task = Task.objects.get(pk=naive["id"])
    assert task.due_at == datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("UTC")) and task.due_date == date(2026, 12, 2)
    # With an offset, that moment, shown in the user's zone.
    offset = _task(alice_api, title="Demo", due="2026-12-02T10:00:00-05:00")
    assert offset["due"] == "2026-12-02T16:00:00+01:00"


def test_tasks_are_listed_by_due_date_then_time_then_id_and_filtered(alice_api, alice, jane):
    late = _task(alice_api, title="late", due="2026-12-03")
    at_ten = _task(alice_api, title="at ten", due="2026-12-02T10:00", client_id=jane.pk)
    at_nine = _task(alice_api, title="at nine", due="2026-12-02T09:00")
    all_day = _task(alice_api, title="all day", due="2026-12-02", client_id=jane.pk)
    all_day_2 = _task(alice_api, title="all day too", due="2026-12-02")
    done = _task(alice_api, title="done", due="2026-12-01")
    assert _patch(alice_api, f"/api/tasks/{done['id']}", {"done": True}).status_code == 200
    listing = alice_api.get("/api/tasks").json()
    assert [t["title"] for t in listing["results"]] == ["all day", "all day too", "at nine", "at ten", "late"]
    assert listing["count"] == 5
    assert [t["id"] for t in alice_api.get("/api/tasks?status=done").json()["results"]] == [done["id"]]
    assert alice_api.get("/api/tasks?status=all").json()["count"] == 6
    for_jane = alice_api.get(f"/api/tasks?client_id={jane.pk}&status=all").json()
    assert [t["id"] for t in for_jane["results"]] == [all_day["id"], at_ten["id"]]
    assert {late["id"], at_nine["id"], all_day_2["id"]}.isdisjoint(t["id"] for t in for_jane["results"])


def test_done_sets_done_at_and_undo_clears_it_title_and_due_change(alice_api):
    task = _task(alice_api, title="Call back", due="2026-12-02")
    answer = _patch(alice_api, f"/api/tasks/{task['id']}", {"done": True})
    assert answer.status_code == 200 and answer.json()["done"] is True
    assert Task.objects.get(pk=task["id"]).done_at is not None
    undone = _patch(alice_api, f"/api/tasks/{task['id']}", {"done": False}).json()
    assert undone["done"] is False and Task.objects.get(pk=task["id"]).done_at is None
    moved = _patch(alice_api, f"/api/tasks/{task['id']}", {"title": " Call back Jane ", "due": "2026-12-04T14:30"})
    assert (moved.json()["title"], moved.json()["due"]) == ("Call back Jane", "2026-12-04T14:30:00+01:00")
    back_to_a_day = _patch(alice_api, f"/api/tasks/{task['id']}", {"due": "2026-12-05"}).json()
    assert back_to_a_day["due"] == "2026-12-05" and Task.objects.get(pk=task["id"]).due_at is None


def test_delete_answers_204_and_the_task_is_gone(alice_api):
    task = _task(alice_api, title="Call back", due="2026-12-02")
    assert alice_api.delete(f"/api/tasks/{task['id']}").status_code == 204
    assert not Task.objects.filter(pk=task["id"]).exists()
    assert alice_api.delete(f"/api/tasks/{task['id']}").status_code == 404


@pytest.mark.parametrize("body, reason", [
    ({"title": "", "due": "2026-12-02"}, "title is empty"),
    ({"title": "   ", "due": "2026-12-02"}, "title is empty"),
    ({"title": "x" * 301, "due": "2026-12-02"}, "limit is 300"),
    ({"title": "a\x00b", "due": "2026-12-02"}, "control characters"),
    ({"title": "Call", "due": "tomorrow"}, "due must be a date"),
    ({"title": "Call", "due": "2026-02-30"}, "due must be a date"),
    ({"title": "Call", "due": "2026-12-02T25:00"}, "due must be a date"),
    ({"title": "Call", "due": ""}, "due must be a date"),
    ({"title": "Call"}, "due"),
])
def test_a_bad_title_or_due_is_refused_with_400(alice_api, body, reason):
    answer = _post(alice_api, "/api/tasks", body)
    assert answer.status_code == 400, answer.content
    assert reason in answer.json()["detail"]
    assert Task.objects.count() == 0


def test_a_bad_patch_is_refused_with_400_and_changes_nothing(alice_api):
    task = _task(alice_api, title="Call back", due="2026-12-02")
    for body in ({"title": ""}, {"due": "next week"}, {"done": "maybe"}, {"due": None}, {"title": None}):
        answer = _patch(alice_api, f"/api/tasks/{task['id']}", body)
        assert answer.status_code == 400 and answer.json()["detail"]
    stored = Task.objects.get(pk=task["id"])
    assert (stored.title, stored.due_date, stored.done) == ("Call back", date(2026, 12, 2), False)
    assert alice_api.get("/api/tasks?status=later").status_code == 400


def test_another_users_task_or_client_is_404(alice_api, bob_api, bob, jane):
    task = _task(alice_api, title="Secret", due="2026-12-02", client_id=jane.pk)
    for answer in (_patch(bob_api, f"/api/tasks/{task['id']}", {"done": True}),
                   bob_api.delete(f"/api/tasks/{task['id']}"),
                   _post(bob_api, "/api/tasks", {"title": "Mine", "due": "2026-12-02", "client_id": jane.pk}),
                   bob_api.get(f"/api/tasks?client_id={jane.pk}")):
        assert answer.status_code == 404 and "detail" in answer.json()
    assert bob_api.get("/api/tasks?status=all").json() == {"count": 0, "results": []}
    assert Task.objects.get(pk=task["id"]).done is False


def test_tasks_need_a_token_or_a_session(client):
    assert client.get("/api/tasks").status_code == 401
    assert client.post("/api/tasks", {}, content_type="application/json").status_code == 401


def test_the_due_is_shown_with_the_users_own_offset(alice_api, alice):
    task = _task(alice_api, title="Call", due="2026-12-02T10:00:00+01:00")
    user_settings_set(user=alice, time_zone="America/New_York")
    assert alice_api.get("/api/tasks").json()["results"][0]["due"] == "2026-12-02T04:00:00-05:00"
    # A naive time typed now is New York time.
    again = _patch(alice_api, f"/api/tasks/{task['id']}", {"due": "2026-07-02T10:00"}).json()
    assert again["due"] == "2026-07-02T10:00:00-04:00"


def test_tasks_due_count_counts_open_tasks_due_today_or_before_in_the_users_zone(alice, bob, monkeypatch):
    # 23:30 UTC on 1 December is already 2 December in Paris (UTC+1) but still 1 December in New York.
    now = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    monkeypatch.setattr(timezone, "now", lambda: now)
    for title, due, done in (("overdue", date(2026, 11, 20), False), ("today in Paris", date(2026, 12, 2), False),
                             ("later", date(2026, 12, 3), False), ("done", date(2026, 11, 30), True)):
        Task.objects.create(owner=alice, title=title, due_date=due, done=done)
    Task.objects.create(owner=bob, title="bob's", due_date=date(2026, 11, 1))
    assert tasks_due_count(user=alice) == 2
    user_settings_set(user=alice, time_zone="America/New_York")
    assert tasks_due_count(user=alice) == 1


# --- Settings -------------------------------------------------------------------------------------

def test_settings_give_the_default_zone_then_the_users_choice(alice_api, settings):
    settings.DEFAULT_TIME_ZONE = "Europe/Paris"
    assert alice_api.get("/api/auth/settings").json()["time_zone"] == "Europe/Paris"
    answer = _patch(alice_api, "/api/auth/settings", {"time_zone": "America/Montreal"})
    assert answer.status_code == 200 and answer.json()["time_zone"] == "America/Montreal"
    assert alice_api.get("/api/auth/settings").json()["time_zone"] == "America/Montreal"


def test_settings_change_only_what_is_sent(alice_api, settings):
    """Issue 13: review_before_apply is set on its own, and the time zone stays as it was."""
    settings.DEFAULT_TIME_ZONE = "Europe/Paris"
    before = alice_api.get("/api/auth/settings").json()
    assert before["review_before_apply"] is False
    answer = _patch(alice_api, "/api/auth/settings", {"review_before_apply": True})
    assert answer.status_code == 200 and answer.json() == {**before, "review_before_apply": True}
    answer = _patch(alice_api, "/api/auth/settings", {"time_zone": "Asia/Tokyo"})
    assert answer.json()["review_before_apply"] is True and answer.json()["time_zone"] == "Asia/Tokyo"
    assert _patch(alice_api, "/api/auth/settings", {"review_before_apply": "maybe"}).status_code == 400


@pytest.mark.parametrize("zone", ["Mars/Olympus", "+01:00", "", "../../etc/passwd", "Europe/Paris\x00"])
def test_an_unknown_time_zone_is_refused_with_400(alice_api, zone):
    answer = _patch(alice_api, "/api/auth/settings", {"time_zone": zone})
    assert answer.status_code == 400 and "time zone" in answer.json()["detail"]
    assert alice_api.get("/api/auth/settings").json()["time_zone"] == "Europe/Paris"


def test_the_server_refuses_to_start_with_an_unknown_default_zone():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import voicecrm.settings"], capture_output=True, text=True,
                            env={**__import__("os").environ, "VOICECRM_TIME_ZONE": "Mars/Olympus"})
    assert result.returncode != 0 and "VOICECRM_TIME_ZONE" in result.stderr


# --- Calendar feed --------------------------------------------------------------------------------

def _feed_path(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_the_calendar_feed_is_created_replaced_and_revoked(alice_api, client):
    assert alice_api.get("/api/auth/calendar-feed").json() == {"url": None}
    created = alice_api.post("/api/auth/calendar-feed")
    assert created.status_code == 201
    first = created.json()["url"]
    assert first.startswith("http://testserver/calendar/") and first.endswith(".ics")
    assert alice_api.get("/api/auth/calendar-feed").json() == {"url": first}
    assert client.get(_feed_path(first)).status_code == 200
    second = alice_api.post("/api/auth/calendar-feed").json()["url"]
    assert second != first
    assert client.get(_feed_path(first)).status_code == 404
    assert client.get(_feed_path(second)).status_code == 200
    assert alice_api.delete("/api/auth/calendar-feed").status_code == 204
    assert alice_api.get("/api/auth/calendar-feed").json() == {"url": None}
    assert client.get(_feed_path(second)).status_code == 404
    assert alice_api.delete("/api/auth/calendar-feed").status_code == 204


def test_an_unknown_secret_is_404_and_each_user_sees_only_their_tasks(alice_api, bob_api, alice, bob, client):
    assert client.get("/calendar/not-a-secret.ics").status_code == 404
    Task.objects.create(owner=alice, title="Alice's call", due_date=date(2026, 12, 2))
    Task.objects.create(owner=bob, title="Bob's call", due_date=date(2026, 12, 2))
    bobs = client.get(_feed_path(bob_api.post("/api/auth/calendar-feed").json()["url"]))
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(bobs.content).walk("VEVENT")]
    assert summaries == ["Bob's call"]


def test_the_calendar_feed_holds_open_tasks_as_events_that_icalendar_reads_back(alice_api, alice, jane, client,
                                                                                settings):
    settings.SITE_URL = "https://crm.example.com"
    record = AudioRecord.objects.create(owner=alice, client=jane, size=1)
    interaction = Interaction.objects.create(owner=alice, client=jane, audio_record=record, source="voice",
                                             recorded_at=timezone.now(), note="She is waiting for the contract.")
    timed = Task.objects.create(owner=alice, client=jane, interaction=interaction, title="Call back Jane Roe",
                                due_date=date(2026, 12, 2),
                                due_at=datetime(2026, 12, 2, 10, 0, tzinfo=PARIS))
    all_day = Task.objects.create(owner=alice, client=jane, title="Send the quote", due_date=date(2026, 12, 31))
    Task.objects.create(owner=alice, title="Already done", due_date=date(2026, 12, 1), done=True,
                        done_at=timezone.now())
    answer = client.get(_feed_path(alice_api.post("/api/auth/calendar-feed").json()["url"]))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"task-{timed.pk}@voicecrm", f"task-{all_day.pk}@voicecrm"}
    assert not calendar.walk("VTODO")
    call = events[f"task-{timed.pk}@voicecrm"]
    assert str(call["SUMMARY"]) == "Call back Jane Roe"  # the title names the client already
    assert call.decoded("DTSTART") == datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("UTC"))
    assert call.decoded("DTEND") - call.decoded("DTSTART") == timedelta(minutes=30)
    assert str(call["URL"]) == f"https://crm.example.com/clients/{jane.pk}/"
    assert str(call["DESCRIPTION"]) == "She is waiting for the contract."
    quote = events[f"task-{all_day.pk}@voicecrm"]
    assert str(quote["SUMMARY"]) == "Send the quote — Jane Roe"
    assert quote.decoded("DTSTART") == date(2026, 12, 31) and quote.decoded("DTEND") == date(2027, 1, 1)
    assert str(quote["URL"]) == f"https://crm.example.com/clients/{jane.pk}/"
    loose = Task.objects.create(owner=alice, title="Renew the domain", due_date=date(2026, 12, 20))
    again = icalendar.Calendar.from_ical(client.get(_feed_path(alice_api.get("/api/auth/calendar-feed")
                                                                .json()["url"])).content)
    event = next(e for e in again.walk("VEVENT") if str(e["UID"]) == f"task-{loose.pk}@voicecrm")
    assert str(event["SUMMARY"]) == "Renew the domain" and str(event["URL"]) == "https://crm.example.com/tasks/"


def test_the_calendar_feed_needs_no_login_but_only_get(client, alice_api):
    path = _feed_path(alice_api.post("/api/auth/calendar-feed").json()["url"])
    assert client.post(path).status_code == 405
    assert client.head(path).status_code == 200
