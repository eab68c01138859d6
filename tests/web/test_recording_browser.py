"""Record in a real Chromium (fake microphone playing espeak-ng speech), with the real server, worker and
Whisper model: the guide's Test 1 (new client) and Test 2 (update from the client's page), in French."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import VoiceCRMServer
from tests.web.browser import (
    create_user,
    launch,
    log_in,
    no_horizontal_scroll,
    record,
    screenshot,
    speech_wav,
    steps,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NEW_CLIENT = ("Hi, my name is Robert Miller, I am 42 years old. I live in Denver and I work at Redwood "
              "as an account manager.")
MOVED = "He moved to Seattle."
FRENCH_STEPS = ["📤 Upload de l'audio...", "⏳ En attente de traitement...",
                "🧠 Transcription et analyse IA en cours...", "✅ Traitement terminé !"]
JOB_TIMEOUT_MS = 180_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("web-recording")).start()
    create_user(srv, "alice", staff=True)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-speech")
    return {"new": speech_wav(folder, "new-client", NEW_CLIENT), "moved": speech_wav(folder, "moved", MOVED)}


@pytest.fixture(scope="module")
def created(playwright_driver, server, speech, tmp_path_factory):
    """Test 1 of the guide: log in, record a new client, follow it to the toast and the table."""
    browser = launch(playwright_driver, speech=speech["new"])
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    watch(page, problems)
    page.goto(server.url + "/login/")
    screenshot(page, "login")
    log_in(page, server, "alice")
    page.evaluate("window.notReloaded = true")
    record(page, speech["new"])
    card = page.locator(".job-card").first
    expect(card.locator(".job-status")).to_have_text(FRENCH_STEPS[-1], timeout=JOB_TIMEOUT_MS)
    result = {
        "steps": steps(card),
        "toast": page.locator("#toasts").inner_text(),
        "row": page.locator("#clients tbody tr", has_text="Robert Miller"),
        "reloaded": not page.evaluate("window.notReloaded === true"),
        "page": page, "context": context, "browser": browser, "problems": problems,
        "state": tmp_path_factory.mktemp("state") / "alice.json",
    }
    expect(result["row"]).to_have_count(1)
    screenshot(page, "home")
    context.storage_state(path=str(result["state"]))
    yield result
    browser.close()


def test_the_four_status_messages_of_the_guide_appear_in_order(created, server):
    assert created["steps"] == FRENCH_STEPS, server.output()


def test_the_toast_names_the_created_client(created):
    assert '✅ Fiche client "Robert Miller" créée !' in created["toast"]


def test_the_client_appears_in_the_table_without_a_reload(created):
    assert not created["reloaded"]
    row = created["row"]
    expect(row).to_contain_text("Miller")
    expect(row).to_contain_text("Denver")
    expect(row).to_contain_text("Redwood")
    assert not created["problems"]


def test_the_home_page_fits_a_phone_screen(created):
    page = created["page"]
    page.set_viewport_size({"width": 375, "height": 800})
    assert no_horizontal_scroll(page)
    expect(page.locator("[data-record]")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})


def test_recording_on_the_clients_page_changes_only_the_stated_field(created, playwright_driver, server, speech):
    """Test 2 of the guide: a new recording on the client's page updates this client, city only."""
    created["page"].locator("#clients a", has_text="Robert Miller").click()
    client_url = created["page"].url
    assert re.search(r"/clients/\d+/$", client_url)
    browser = launch(playwright_driver, speech=speech["moved"])
    try:
        context = browser.new_context(locale="fr-FR", storage_state=str(created["state"]),
                                      viewport={"width": 1280, "height": 900})
        page = context.new_page()
        problems: list[str] = []
        watch(page, problems)
        page.goto(client_url)
        fields = page.locator("#client-fields")
        expect(fields.locator("#field-city")).to_have_value("Denver")
        before = {name: fields.locator(f"[name={name}]").input_value()
                  for name in fields.locator("form[data-field]").evaluate_all("fs => fs.map(f => f.dataset.field)")}
        record(page, speech["moved"])
        card = page.locator(".job-card").first
        expect(card.locator(".job-status")).to_have_text(FRENCH_STEPS[-1], timeout=JOB_TIMEOUT_MS)
        expect(page.locator("#toasts")).to_contain_text('✅ Fiche client "Robert Miller" mise à jour !')
        expect(fields.locator("#field-city")).to_have_value("Seattle")
        after = {name: fields.locator(f"[name={name}]").input_value() for name in before}
        assert {k: v for k, v in after.items() if k != "city"} == {k: v for k, v in before.items() if k != "city"}
        history = page.locator("#history tr[data-change-field=city]").first
        expect(history).to_contain_text("Denver")
        expect(history).to_contain_text("Seattle")
        expect(history).to_contain_text("enregistrement n°")
        recording = page.locator("#recordings .recording").first
        expect(recording.locator("audio")).to_have_count(1)
        expect(recording.locator(".transcript")).to_contain_text("Seattle")
        assert steps(card) == FRENCH_STEPS
        assert not problems
        screenshot(page, "client")
        page.set_viewport_size({"width": 375, "height": 800})
        assert no_horizontal_scroll(page)
    finally:
        browser.close()


def test_inline_edit_is_validated_by_the_api(created, server):
    page = created["page"]
    page.goto(page.url)
    email = page.locator("#field-email")
    email.fill("not an email")
    email.press("Enter")
    message = page.locator("[data-field=email] .field-msg")
    expect(message).to_contain_text("Non enregistré")
    expect(email).to_have_attribute("aria-invalid", "true")
    email.fill("robert.miller@globex.com")
    email.press("Enter")
    expect(message).to_have_text("Enregistré.")
    expect(page.locator("#history tr[data-change-field=email]").first).to_contain_text("robert.miller@globex.com")
    expect(page.locator("#history tr[data-change-field=email]").first).to_contain_text("alice")


def test_a_denied_microphone_says_so_and_offers_the_file_upload(playwright_driver, server, created):
    browser = launch(playwright_driver, allow_microphone=False)
    try:
        context = browser.new_context(locale="fr-FR", storage_state=str(created["state"]))
        page = context.new_page()
        page.goto(server.url + "/")
        page.locator("[data-record]").click()
        message = page.locator("[data-mic-message]")
        expect(message).to_be_visible()
        expect(message).to_contain_text("micro")
        expect(page.locator("[data-record]")).to_be_enabled()
        expect(page.locator("[data-file]")).to_be_attached()
    finally:
        browser.close()
