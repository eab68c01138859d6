"""Follow-ups in a real Chromium (fake microphone playing espeak-ng speech) with the real server, worker and Whisper
model: a follow-up recorded on a client's page becomes a task on the tasks page and an interaction on the client's
timeline; the task can be done and undone and is in the calendar feed; a note that names nobody, recorded on the
home page, waits in the Inbox until it is attached to a client. The pages are in French, the speech in English."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import VoiceCRMServer, make_speech
from tests.web.browser import (
    create_user,
    expect_job_ends,
    launch,
    log_in,
    no_horizontal_scroll,
    record,
    screenshot,
    speech_wav,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOLLOW_UP = "Please call him back tomorrow at ten, he is waiting for the quote."
# Not the server's default zone (Europe/Paris): the user's zone must come from the browser.
ZONE = "America/New_York"
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
DONE = "✅ Traitement terminé !"
JOB_TIMEOUT_MS = 180_000
XSS = "<img src=x onerror=alert(3)>"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("web-followups")).start()
    create_user(srv, "alice", staff=False)
    code = ("from django.contrib.auth import get_user_model; from voicecrm.crm.models import Client; "
            "c = Client.objects.create(owner=get_user_model().objects.get(username='alice'), first_name='Oswald', "
            "last_name='Wexler', company='Northwind', city='Boston'); print(c.pk)")
    srv.client_id = int(srv.run("shell", "-c", code).stdout.split()[-1])
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def follow_up(tmp_path_factory):
    return speech_wav(tmp_path_factory.mktemp("web-followups-speech"), "follow-up", FOLLOW_UP)


def tomorrow_in_zone():
    return datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=1)


def open_tasks(page, server) -> list[dict]:
    answer = page.request.get(f"{server.url}/api/tasks?status=open")
    assert answer.ok, answer.text()
    return answer.json()["results"]


@pytest.fixture(scope="module")
def recorded(playwright_driver, server, follow_up, tmp_path_factory):
    """Log in from New York, then say the follow-up on the client's page and wait for its job to complete."""
    browser = launch(playwright_driver, speech=follow_up)
    context = browser.new_context(locale="fr-FR", timezone_id=ZONE, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    watch(page, problems)
    log_in(page, server, "alice")
    expect(page.locator("#toasts")).to_contain_text(f"Fuseau horaire réglé sur {ZONE}")
    page.goto(f"{server.url}/clients/{server.client_id}/")
    record(page, follow_up)
    card = page.locator(".job-card").first
    expect_job_ends(card, DONE, timeout=JOB_TIMEOUT_MS)
    state = tmp_path_factory.mktemp("followups-state") / "alice.json"
    context.storage_state(path=str(state))
    yield {"page": page, "problems": problems, "state": state, "toasts": page.locator("#toasts").inner_text()}
    browser.close()


def test_the_browsers_time_zone_becomes_the_users(recorded, server):
    answer = recorded["page"].request.get(f"{server.url}/api/auth/settings")
    assert answer.json()["time_zone"] == ZONE


def test_the_follow_up_becomes_a_task_due_tomorrow_at_ten_in_the_users_zone(recorded, server):
    page = recorded["page"]
    tomorrow = tomorrow_in_zone()
    (task,) = open_tasks(page, server)
    offset = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, tzinfo=ZoneInfo(ZONE)).strftime("%z")
    assert task["due"].startswith(f"{tomorrow.isoformat()}T10:00"), task
    assert task["due"].endswith(f"{offset[:3]}:{offset[3:]}"), task
    assert task["client_id"] == server.client_id and re.search("call", task["title"], re.I), task
    # The toast names the task and its day in the page's language; the client's card lists it.
    assert f"📅 Tâche : {task['title']} — {WEEKDAYS[tomorrow.weekday()]} {tomorrow.day} " in recorded["toasts"]
    assert '✅ Fiche client "Oswald Wexler" mise à jour !' in recorded["toasts"]
    item = page.locator("[data-client-tasks] li[data-task-id]")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(task["title"])
    expect(item.locator("time")).to_contain_text("10:00")
    assert not recorded["problems"], recorded["problems"]


def test_the_timeline_shows_the_interaction_with_its_note_player_and_transcript(recorded):
    page = recorded["page"]
    entry = page.locator("#timeline > li[data-kind=interaction]").first
    expect(entry.locator(".note")).to_contain_text(re.compile("quote", re.I))
    expect(entry.locator("audio")).to_have_count(1)
    expect(entry.locator(".entry-tasks")).to_contain_text(re.compile("call", re.I))
    transcript = entry.locator(".transcript")
    expect(transcript).to_be_hidden()
    entry.get_by_text("Transcription", exact=True).click()
    expect(transcript).to_be_visible()
    expect(transcript).to_contain_text(re.compile("call him back", re.I))
    screenshot(page, "client-timeline")


def test_the_tasks_page_lists_it_as_upcoming_with_a_link_to_the_client(recorded, server):
    page = recorded["page"]
    page.get_by_role("link", name=re.compile("^Tâches")).click()
    page.wait_for_url(server.url + "/tasks/")
    (task,) = open_tasks(page, server)
    item = page.locator("[data-bucket=upcoming] li[data-task-id]")
    expect(item).to_have_count(1)
    expect(item.locator(".task-title")).to_have_text(task["title"])
    expect(item.get_by_role("link", name="Oswald Wexler")).to_have_attribute("href", f"/clients/{server.client_id}/")
    # Due tomorrow: not counted in the header, which counts what is due today or late.
    expect(page.locator("[data-due-count]")).to_have_attribute("data-due-count", "0")


def test_the_calendar_feed_made_on_the_tasks_page_holds_the_open_task(recorded, server):
    page = recorded["page"]
    page.goto(server.url + "/tasks/")
    page.get_by_role("button", name="Créer un lien d'agenda").click()
    url = page.locator("[data-feed-url]")
    expect(url).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/calendar/.+\.ics$"))
    expect(url).to_be_focused()
    # A calendar fetches it without the session: the secret in the URL is the credential.
    answer = requests.get(url.input_value(), timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/calendar")
    (task,) = open_tasks(page, server)
    calendar = icalendar.Calendar.from_ical(answer.content)
    summaries = [str(item.get("SUMMARY")) for item in calendar.walk() if item.name in ("VEVENT", "VTODO")]
    assert any(task["title"] in summary for summary in summaries), summaries
    screenshot(page, "tasks")


def test_marking_the_task_done_and_undoing_it(recorded, server):
    page = recorded["page"]
    page.goto(server.url + "/tasks/")
    (task,) = open_tasks(page, server)
    item = page.locator("[data-bucket=upcoming] li[data-task-id]")
    box = item.get_by_role("checkbox", name=task["title"])
    box.check()
    expect(page.locator("#toasts")).to_contain_text(f"Faite : {task['title']}")
    expect(item).to_have_class(re.compile(r"\bdone\b"))
    assert open_tasks(page, server) == []
    box.uncheck()
    expect(page.locator("#toasts")).to_contain_text(f"De nouveau à faire : {task['title']}")
    expect(item).not_to_have_class(re.compile(r"\bdone\b"))
    assert [t["id"] for t in open_tasks(page, server)] == [task["id"]]
    box.check()
    expect(item).to_have_class(re.compile(r"\bdone\b"))
    page.reload()
    expect(page.locator("[data-bucket=upcoming] li[data-task-id]")).to_have_count(0)
    page.locator("[data-done-tasks] summary").click()
    expect(page.locator("[data-done-tasks] li[data-task-id]")).to_contain_text(task["title"])
    page.goto(f"{server.url}/clients/{server.client_id}/")
    expect(page.locator("#timeline > li[data-kind=task][data-event=done]")).to_contain_text(task["title"])
    expect(page.locator("#timeline > li[data-kind=interaction]").first.locator(".note")).to_contain_text(
        re.compile("quote", re.I))
    expect(page.locator("[data-client-tasks] li[data-task-id]")).to_have_count(0)
    assert not recorded["problems"], recorded["problems"]


def test_a_typed_note_and_a_typed_task_on_the_clients_page(recorded, server):
    page = recorded["page"]
    page.goto(f"{server.url}/clients/{server.client_id}/")
    page.get_by_label("Ajouter une note").fill(f"Sent the brochure by email. {XSS}")
    page.get_by_role("button", name="Ajouter la note").click()
    typed = page.locator("#timeline > li[data-kind=interaction]").first
    expect(typed).to_contain_text("Note écrite")
    expect(typed.locator(".note")).to_contain_text(f"Sent the brochure by email. {XSS}")
    # A task due today is counted in the header at once, and by the server on the next page.
    today = datetime.now(ZoneInfo(ZONE)).date()
    form = page.locator("[data-task-add]")
    form.get_by_label("À faire").fill(f"Send the contract {XSS}")
    form.get_by_label("Date").fill(today.isoformat())
    form.get_by_label("Heure (facultative)").fill("23:30")
    form.get_by_role("button", name="Ajouter").click()
    item = page.locator("[data-client-tasks] li[data-task-id]")
    expect(item).to_have_count(1)
    expect(item.locator(".task-title")).to_have_text(f"Send the contract {XSS}")
    expect(item.locator("time")).to_contain_text("23:30")
    expect(page.locator("[data-due-count] [aria-hidden]")).to_have_text("1")
    page.goto(server.url + "/tasks/")
    expect(page.locator("[data-due-count]")).to_have_attribute("data-due-count", "1")
    expect(page.locator("[data-bucket=today] li[data-task-id]")).to_contain_text("Send the contract")
    assert page.evaluate("document.querySelectorAll('main img').length") == 0
    assert not recorded["problems"], recorded["problems"]


@contextmanager
def recorded_on_the_home_page(playwright_driver, server, recorded, speech):
    """Alice's browser (French, in ZONE) says `speech` on the home page: yields the page, the recording's card
    and the list of page problems (console errors, failed requests)."""
    browser = launch(playwright_driver, speech=speech)
    try:
        context = browser.new_context(locale="fr-FR", timezone_id=ZONE, storage_state=str(recorded["state"]),
                                      viewport={"width": 1280, "height": 900})
        page = context.new_page()
        problems: list[str] = []
        watch(page, problems)
        page.goto(server.url + "/")
        record(page, speech)
        yield page, page.locator(".job-card").first, problems
    finally:
        browser.close()


def test_a_note_naming_nobody_goes_to_the_inbox_and_is_attached_in_one_click(
        playwright_driver, server, follow_up, recorded):
    with recorded_on_the_home_page(playwright_driver, server, recorded, follow_up) as (page, card, problems):
        expect_job_ends(card, DONE, timeout=JOB_TIMEOUT_MS)
        expect(page.locator("#toasts")).to_contain_text("📥 Note ajoutée à la boîte de réception")
        expect(page.locator("#toasts")).not_to_contain_text("Fiche client")
        expect(page.locator("[data-inbox-count] [aria-hidden]")).to_have_text("1")
        card.get_by_role("link", name="Ouvrir la boîte de réception").click()
        page.wait_for_url(server.url + "/inbox/")
        item = page.locator(".inbox-item")
        expect(item).to_have_count(1)
        expect(item.locator(".note")).to_contain_text(re.compile("quote", re.I))
        expect(item.locator(".transcript")).to_contain_text(re.compile("call him back", re.I))
        expect(item.locator(".entry-tasks")).to_contain_text(re.compile("call", re.I))
        screenshot(page, "inbox")
        item.get_by_label(re.compile("Rattacher à un client")).fill("Wexler")
        item.get_by_role("button", name=re.compile("Rattacher à Oswald Wexler")).click()
        expect(item).to_contain_text("Note rattachée à « Oswald Wexler ».")
        expect(page.locator("[data-inbox-count]")).to_have_attribute("class", re.compile(r"\bzero\b"))
        page.reload()
        expect(page.locator("[data-inbox-list]")).to_contain_text("La boîte de réception est vide")
        page.goto(f"{server.url}/clients/{server.client_id}/")
        expect(page.locator("#timeline > li[data-kind=interaction][data-interaction-id]")).to_have_count(3)
        expect(page.locator("[data-client-tasks] li[data-task-id]", has_text=re.compile("call", re.I))).to_have_count(1)
        assert not problems, problems


def test_a_recording_in_another_language_is_shown_for_checking_and_its_corrected_text_applied(
        playwright_driver, server, recorded, tmp_path_factory):
    """Issue 13: a transcript the speech model cannot be trusted with is shown for checking, never as a success;
    the text the user corrects is applied through the same job."""
    german = make_speech("Guten Tag, ich heiße Klaus Becker und ich wohne seit zehn Jahren in Berlin.",
                         tmp_path_factory.mktemp("web-review") / "german", voice="de")
    with recorded_on_the_home_page(playwright_driver, server, recorded, german) as (page, card, problems):
        expect(card.locator(".job-status")).to_have_text("⚠️ À vérifier", timeout=JOB_TIMEOUT_MS)
        expect(card.locator(".error")).to_contain_text("pas dans une langue prise en charge")
        expect(card.locator("textarea.transcript")).to_have_value(re.compile("Berlin"))
        screenshot(page, "review-fr")
        expect(page.locator("#toasts")).not_to_contain_text("Fiche client")
        # Correct what was heard and apply it: the same job runs on the text.
        card.get_by_label("Ce qui a été entendu — corrigez-le, ou tapez la note").fill(
            "New client Klaus Becker from Berlin.")
        card.get_by_role("button", name="Appliquer ce texte").click()
        expect(card.locator(".job-status")).to_have_text(DONE, timeout=JOB_TIMEOUT_MS)
        expect(page.locator("#toasts")).to_contain_text("Klaus Becker")
        assert not problems, problems


def test_the_new_pages_fit_a_phone_put_the_record_button_first_and_label_every_control(recorded, server):
    page = recorded["page"]
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        for path in ("/tasks/", "/inbox/", f"/clients/{server.client_id}/"):
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            assert no_horizontal_scroll(page), path
            for control in page.locator("main input:not([type=hidden]), main select, main textarea").all():
                label = control.evaluate("e => (e.labels && e.labels.length) || e.getAttribute('aria-label') ? 1 : 0")
                assert label, (path, control.evaluate("e => e.outerHTML"))
        # On the client's page the record button comes before the fields, within the first screen.
        record_button = page.locator("[data-record]").bounding_box()
        assert record_button["y"] < page.locator("#client-fields").bounding_box()["y"]
        assert record_button["y"] + record_button["height"] <= 800
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_a_reviewer_checks_the_proposal_corrects_a_field_and_saves_it(playwright_driver, server, recorded,
                                                                      tmp_path_factory):
    """Issue 13, item 4: with "check every recording" ticked, a recording stops at a proposal card (fields with
    what was heard and how sure, tasks, note); the corrected values are what the client gets."""
    speech = speech_wav(tmp_path_factory.mktemp("web-proposal"), "proposal",
                        "Hi, my name is Robert Miller and I live in Denver. Please call me back tomorrow.")
    page = recorded["page"]
    page.goto(server.url + "/tasks/")
    page.get_by_label("Vérifier chaque enregistrement avant qu'il soit enregistré").check()
    expect(page.locator("#toasts")).to_contain_text("attend votre vérification")
    try:
        with recorded_on_the_home_page(playwright_driver, server, recorded, speech) as (page, card, problems):
            expect(card.locator("form.proposal")).to_be_visible(timeout=JOB_TIMEOUT_MS)
            # Left for later: the proposal waits for the user on the page, also after a reload.
            page.reload()
            card = page.locator(".job-card").first
            proposal = card.locator("form.proposal")
            expect(proposal).to_be_visible()
            expect(card.locator(".job-status")).to_have_text("⚠️ À vérifier")
            expect(page.locator("#toasts")).not_to_contain_text("Fiche client")
            city = proposal.get_by_label("Ville")
            expect(city).to_have_value("Denver")
            expect(proposal).to_contain_text("entendu « ")
            screenshot(page, "proposal-fr")
            city.fill("Boulder")
            # Names are what a speech model mishears most: the user puts them right here.
            proposal.get_by_label("Prénom").fill("Helena")
            proposal.get_by_label("Nom", exact=True).fill("Varga")
            expect(proposal.locator(".proposal-task input[type=date]")).to_have_value(
                tomorrow_in_zone().isoformat())
            proposal.get_by_role("button", name="Enregistrer dans le CRM").click()
            expect(page.locator("#toasts")).to_contain_text("Helena Varga")
            expect(card.locator(".job-status")).to_have_text(DONE)
            answer = page.request.get(f"{server.url}/api/clients?search=Varga")
            clients = answer.json()["results"]
            assert [(c["first_name"], c["city"]) for c in clients] == [("Helena", "Boulder")], clients
            assert not problems, problems
    finally:
        page = recorded["page"]
        page.request.patch(f"{server.url}/api/auth/settings", data={"review_before_apply": False},
                           headers={"X-CSRFToken": page.evaluate(
                               "document.querySelector('meta[name=csrf-token]').content")})
