"""The web pages and the API endpoints the web app added, with the Django test client and the real database."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from voicecrm.crm.models import Client, ClientChange
from voicecrm.recordings.models import AudioRecord, JobAttempt, Outcome, Status
from voicecrm.recordings.selectors import jobs_stats

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("root", password="pw-root-123", is_staff=True)


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def _record(owner, *, status=Status.COMPLETED, client=None, created_ago=120, took=10, **fields) -> AudioRecord:
    now = timezone.now()
    record = AudioRecord.objects.create(owner=owner, client=client, size=1, status=status, **fields)
    created = now - timedelta(seconds=created_ago)
    done = created + timedelta(seconds=took)
    AudioRecord.objects.filter(pk=record.pk).update(
        created_at=created, started_at=created + timedelta(seconds=1),
        processed_at=done if status in (Status.COMPLETED, Status.FAILED) else None)
    record.refresh_from_db()
    return record


def test_pages_need_a_login(client):
    for url in ("/", "/jobs/", "/clients/1/", "/tasks/", "/inbox/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/")


def test_login_page_is_french_for_a_french_browser_and_english_otherwise(client):
    assert "Connexion" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()
    assert "Log in" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()


def test_language_switch_keeps_the_choice(as_alice):
    as_alice.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    page = as_alice.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "Démarrer l'enregistrement" in page and "Clients" in page


def test_home_lists_only_the_users_clients_with_search_sort_and_pages(as_alice, alice, bob):
    Client.objects.create(owner=bob, first_name="Bobs", last_name="Secret")
    for i in range(25):
        Client.objects.create(owner=alice, first_name=f"Ana{i:02}", last_name="Lima", city="Lyon" if i % 2 else "Paris")
    page = as_alice.get("/").content.decode()
    assert "Secret" not in page
    assert "25 clients" in page and 'rel="next"' in page
    searched = as_alice.get("/", {"q": "paris"}).content.decode()
    assert "13 clients" in searched
    by_city = as_alice.get("/", {"order": "city"}).content.decode()
    assert by_city.index(">Lyon<") < by_city.index(">Paris<") and 'aria-sort="ascending"' in by_city
    reverse = as_alice.get("/", {"order": "-city"}).content.decode()
    assert reverse.index(">Paris<") < reverse.index(">Lyon<") and 'aria-sort="descending"' in reverse


def test_tasks_means_follow_ups_and_the_processing_dashboard_is_traitements(as_alice):
    page = as_alice.get("/jobs/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<h1>Traitements</h1>' in page and '<title>Traitements · VoiceCRM</title>' in page
    assert re.search(r'<a href="/tasks/"\s*>Tâches<', page)
    assert re.search(r'<a href="/inbox/"\s*>Boîte de réception<', page)
    assert re.search(r'<a href="/jobs/" aria-current="page">Traitements</a>', page)
    english = as_alice.get("/jobs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1>Processing</h1>' in english and re.search(r'<a href="/tasks/"\s*>Tasks<', english)


def test_the_header_counts_open_tasks_due_today_or_overdue_in_the_users_time_zone(as_alice, alice):
    zone = ZoneInfo(as_alice.get("/api/auth/settings").json()["time_zone"])
    today = timezone.localdate(timezone=zone)
    client = Client.objects.create(owner=alice, first_name="Ana")
    ids = {}
    for name, days in (("late", -1), ("today", 0), ("tomorrow", 1), ("late and done", -2)):
        answer = as_alice.post("/api/tasks", {"title": name, "due": (today + timedelta(days=days)).isoformat(),
                                              "client_id": client.pk}, content_type="application/json")
        assert answer.status_code == 201, answer.content
        ids[name] = answer.json()["id"]
    as_alice.patch(f"/api/tasks/{ids['late and done']}", {"done": True}, content_type="application/json")
    for url in ("/", "/tasks/", "/inbox/", f"/clients/{client.pk}/", "/jobs/"):
        page = as_alice.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert 'data-due-count="2"' in page, url
        assert "(2 à faire aujourd'hui ou en retard)" in page, url


def test_pages_show_times_in_the_users_time_zone(as_alice, alice):
    assert as_alice.patch("/api/auth/settings", {"time_zone": "Asia/Tokyo"},
                          content_type="application/json").status_code == 200
    client = Client.objects.create(owner=alice, first_name="Ana")
    created = client.created_at.astimezone(ZoneInfo("Asia/Tokyo"))
    page = as_alice.get(f"/clients/{client.pk}/").content.decode()
    assert f'<time datetime="{created.isoformat()}">' in page
    assert f'<time datetime="{created.isoformat()}">' in as_alice.get("/").content.decode()


def test_the_tasks_and_inbox_pages_carry_their_texts_in_the_pages_language(as_alice):
    tasks = as_alice.get("/tasks/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for text in ("En retard", "Aujourd'hui", "À venir", "Fuseau horaire", "Créer un lien d'agenda",
                 "Google Agenda", "Outlook", "Calendrier d'Apple"):
        assert text in tasks, text
    # The scripts' texts come translated with the page.
    assert _texts(tasks)["task_created"] == "📅 Tâche : {title} — {due}"
    inbox = as_alice.get("/inbox/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Boîte de réception</h1>" in inbox and "data-inbox-list" in inbox
    assert _texts(inbox)["inbox_added"] == "📥 Note ajoutée à la boîte de réception"


def _texts(page: str) -> dict:
    """The texts a page hands to its scripts (the json_script "texts")."""
    import json

    return json.loads(re.search(r'<script id="texts" type="application/json">(.*?)</script>', page, re.S).group(1))


def test_another_users_client_page_is_a_404(as_alice, bob):
    theirs = Client.objects.create(owner=bob, first_name="Bob")
    assert as_alice.get(f"/clients/{theirs.pk}/").status_code == 404
    assert as_alice.get(f"/api/clients/{theirs.pk}").status_code == 404


def test_untrusted_text_is_escaped_in_every_page(as_alice, alice):
    client = Client.objects.create(owner=alice, first_name=XSS, last_name="Dupont", notes=XSS)
    _record(alice, client=client, transcription=XSS, error=XSS, status=Status.FAILED)
    ClientChange.objects.create(client=client, field="notes", old_value="", new_value=XSS)
    for url in ("/", f"/clients/{client.pk}/", "/jobs/", "/?q=%3Cscript%3E"):
        page = as_alice.get(url).content.decode()
        assert XSS not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_client_page_shows_fields_history_recordings_and_suggestions(as_alice, alice):
    client = Client.objects.create(owner=alice, first_name="Louis", last_name="Berthier", city="Lyon")
    record = _record(alice, client=client, transcription="Il habite à Lille peut-être.", file="audio/x.webm",
                     suggestions={"city": {"value": "Lille", "confidence": 0.4, "evidence": "Lille"}})
    JobAttempt.objects.create(record=record, number=1, started_at=timezone.now(), outcome=Outcome.SUCCEEDED)
    ClientChange.objects.create(client=client, field="city", old_value="Paris", new_value="Lyon", audio_record=record)
    page = as_alice.get(f"/clients/{client.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'value="Lyon"' in page
    assert f"/api/audio/{record.pk}/file" in page and "Il habite à Lille" in page
    assert f"enregistrement n°{record.pk}" in page
    assert 'data-suggestion-action="accept"' in page and "Lille" in page


def test_accepting_a_suggestion_stores_it_as_the_users_edit_and_removes_it(as_alice, alice):
    client = Client.objects.create(owner=alice, first_name="Jean", city="Lyon")
    record = _record(alice, client=client, suggestions={
        "city": {"value": "Lille", "confidence": 0.4, "evidence": "Lille"},
        "phone": {"value": "06 12 34 56 78", "confidence": 0.3, "evidence": "zero six"}})
    answer = as_alice.post(f"/api/audio/{record.pk}/suggestions/city/accept")
    assert answer.status_code == 200, answer.content
    client.refresh_from_db()
    record.refresh_from_db()
    assert client.city == "Lille" and list(record.suggestions) == ["phone"]
    change = ClientChange.objects.get(client=client)
    assert (change.field, change.old_value, change.new_value, change.changed_by) == ("city", "Lyon", "Lille", alice)
    assert as_alice.post(f"/api/audio/{record.pk}/suggestions/phone/accept").status_code == 200
    client.refresh_from_db()
    assert client.phone == "+33612345678"
    assert as_alice.post(f"/api/audio/{record.pk}/suggestions/phone/accept").status_code == 400


def test_dismissing_a_suggestion_changes_nothing_on_the_client(as_alice, alice):
    client = Client.objects.create(owner=alice, first_name="Jean", city="Lyon")
    record = _record(alice, client=client, suggestions={"city": {"value": "Lille", "confidence": 0.4,
                                                                 "evidence": "Lille"}})
    assert as_alice.post(f"/api/audio/{record.pk}/suggestions/city/dismiss").status_code == 200
    client.refresh_from_db()
    record.refresh_from_db()
    assert client.city == "Lyon" and record.suggestions == {} and ClientChange.objects.count() == 0


def test_an_invalid_suggestion_is_refused_with_400_and_kept(as_alice, alice):
    client = Client.objects.create(owner=alice, first_name="Jean")
    record = _record(alice, client=client, suggestions={"email": {"value": "not an email", "confidence": 0.2,
                                                                  "evidence": ""}})
    answer = as_alice.post(f"/api/audio/{record.pk}/suggestions/email/accept")
    assert answer.status_code == 400 and "email" in answer.json()["detail"]
    record.refresh_from_db()
    assert "email" in record.suggestions


def test_another_users_suggestion_is_a_404(as_alice, bob):
    theirs = Client.objects.create(owner=bob, first_name="Bob")
    record = _record(bob, client=theirs, suggestions={"city": {"value": "Lille", "confidence": 0.4,
                                                               "evidence": ""}})
    assert as_alice.post(f"/api/audio/{record.pk}/suggestions/city/accept").status_code == 404


def test_retry_one_puts_a_failed_recording_back_in_the_queue(as_alice, alice):
    failed = _record(alice, status=Status.FAILED, error="boom", attempts_in_budget=3)
    answer = as_alice.post(f"/api/audio/{failed.pk}/retry")
    assert answer.status_code == 200 and answer.json() == {"id": failed.pk, "status": "pending"}
    failed.refresh_from_db()
    assert (failed.status, failed.attempts_in_budget, failed.error) == (Status.PENDING, 0, "")
    assert as_alice.post(f"/api/audio/{failed.pk}/retry").status_code == 409


def test_retry_of_another_users_recording_is_a_404_but_staff_may(client, alice, bob, staff):
    theirs = _record(bob, status=Status.FAILED, error="boom")
    client.force_login(alice)
    assert client.post(f"/api/audio/{theirs.pk}/retry").status_code == 404
    client.force_login(staff)
    assert client.post(f"/api/audio/{theirs.pk}/retry").status_code == 200


def test_retry_all_retries_the_users_failed_recordings_or_everyones_for_staff(client, alice, bob, staff):
    mine, theirs = _record(alice, status=Status.FAILED), _record(bob, status=Status.FAILED)
    client.force_login(alice)
    assert client.post("/api/audio/retry-failed?all_users=true").json() == {"retried": 1}
    assert AudioRecord.objects.get(pk=theirs.pk).status == Status.FAILED
    assert AudioRecord.objects.get(pk=mine.pk).status == Status.PENDING
    client.force_login(staff)
    assert client.post("/api/audio/retry-failed?all_users=true").json() == {"retried": 1}
    assert AudioRecord.objects.get(pk=theirs.pk).status == Status.PENDING


def test_jobs_stats_count_by_status_with_throughput_and_median_times(alice):
    for took in (10, 20, 60):
        _record(alice, took=took)
    _record(alice, took=30, created_ago=3 * 3600)
    _record(alice, status=Status.FAILED)
    _record(alice, status=Status.PENDING, created_ago=5)
    stats = jobs_stats(user=alice)
    assert stats.counts == {"pending": 1, "processing": 0, "completed": 4, "failed": 1}
    assert (stats.last_hour.completed, stats.last_hour.failed) == (3, 1)
    assert stats.last_hour.median_seconds == 20 and stats.last_hour.median_processing_seconds == 19
    assert (stats.last_day.completed, stats.last_day.median_seconds) == (4, 25)
    assert stats.last_day.per_hour == round(4 / 24, 2)
    assert stats.stale == 0


def test_stale_jobs_are_processing_without_heartbeat_or_pending_long_past_due(alice, staff, settings):
    settings.STALE_AFTER = 60
    now = timezone.now()
    dead = _record(alice, status=Status.PROCESSING, heartbeat_at=now - timedelta(seconds=300))
    _record(alice, status=Status.PROCESSING, heartbeat_at=now)
    lost = _record(alice, status=Status.PENDING, created_ago=600, enqueued_at=now - timedelta(seconds=500))
    _record(alice, status=Status.PENDING, created_ago=600, next_attempt_at=now + timedelta(seconds=30))
    assert jobs_stats(user=alice).stale == 2
    answer = None
    from django.test import Client as HttpClient

    http = HttpClient()
    http.force_login(staff)
    answer = http.get("/api/audio/jobs").json()
    assert sorted(job["id"] for job in answer["stale_jobs"]) == sorted([dead.pk, lost.pk])
    page = http.get("/jobs/").content.decode()
    stale_section = page.split('id="jobs-stale"')[1].split("</section>")[0]
    assert sorted(map(int, re.findall(r'data-job="(\d+)"', stale_section))) == sorted([dead.pk, lost.pk])
    recent = page.split('id="jobs-recent"')[1]
    assert recent.count('class="stale"') == 2


def test_jobs_page_shows_staff_everyones_jobs_and_others_only_theirs(client, alice, bob, staff):
    _record(alice, status=Status.FAILED, error="alice's failure")
    _record(bob, status=Status.FAILED, error="bob's failure")
    client.force_login(alice)
    page = client.get("/jobs/").content.decode()
    assert "alice&#x27;s failure" in page and "bob&#x27;s failure" not in page
    api = client.get("/api/audio/jobs?all_users=true").json()
    assert api["counts"]["failed"] == 1 and api["queue_depth"] is None
    client.force_login(staff)
    page = client.get("/jobs/").content.decode()
    assert "alice&#x27;s failure" in page and "bob&#x27;s failure" in page
    assert client.get("/api/audio/jobs").json()["counts"]["failed"] == 2
    assert "bob&#x27;s failure" not in client.get("/jobs/?mine=1").content.decode()


def test_french_catalogue_is_compiled_and_up_to_date():
    """The .mo shipped beside the .po must say what the .po says (scripts/setup does not compile them)."""
    import gettext
    from pathlib import Path

    import voicecrm

    folder = Path(voicecrm.__file__).parent / "locale" / "fr" / "LC_MESSAGES"
    catalogue = gettext.GNUTranslations(open(folder / "django.mo", "rb"))
    entries = _po_entries((folder / "django.po").read_text())
    assert len(entries) > 100
    for msgid, msgstr in entries.items():
        assert catalogue._catalog.get(msgid) == msgstr, msgid


def _po_entries(text: str) -> dict:
    """msgid → msgstr of the translated, non-fuzzy, singular entries of a .po file; an entry with a context is
    keyed as gettext stores it, ``context\x04msgid``."""
    import ast

    entries, current, key, fuzzy = {}, {}, None, False
    for line in text.splitlines() + [""]:
        if not line.strip():
            if current.get("msgid") and current.get("msgstr") and not fuzzy:
                context = current.get("msgctxt")
                entries[f"{context}\x04{current['msgid']}" if context else current["msgid"]] = current["msgstr"]
            current, key, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ", "msgid_plural ", "msgstr[")):
            key, _, rest = line.partition(" ")
            current[key] = ast.literal_eval(rest)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return {k: v for k, v in entries.items()}
