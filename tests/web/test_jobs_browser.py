"""Failures and Retry, several uploads at once, the jobs page, escaping, language and who sees what, in a real
Chromium against the real server and worker; transcription goes to a fake OpenAI-compatible server on loopback
(so that it can fail on demand), extraction is the real one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import VoiceCRMServer
from tests.web.browser import create_user, launch, log_in, no_horizontal_scroll, screenshot, speech_wav, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT_MS = 60_000
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def server(tmp_path_factory, fake_openai):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("web-jobs"), env={
        "VOICECRM_TRANSCRIBER": "openai", "OPENAI_BASE_URL": fake_openai.url, "OPENAI_API_KEY": "sk-test",
        "VOICECRM_MAX_ATTEMPTS": "1"}).start()
    create_user(srv, "alice", staff=True)
    create_user(srv, "bob", staff=False)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    # The fake server answers with its own text; the audio only has to be real speech (it is checked locally).
    folder = tmp_path_factory.mktemp("web-jobs-speech")
    return [speech_wav(folder, f"note-{n}", f"Hello, this is note number {n}.") for n in range(3)]


@pytest.fixture(scope="module")
def browser(playwright_driver):
    chromium = launch(playwright_driver)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def alice(browser, server):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    watch(page, problems)
    log_in(page, server, "alice")
    page.problems = problems
    yield page
    context.close()


def upload(page, *files):
    """Drop files on the recorder's file input (the fallback for browsers without a microphone)."""
    page.locator("[data-file]").set_input_files([str(f) for f in files])


def test_a_failed_job_shows_its_error_and_recovers_with_retry(alice, fake_openai, speech):
    fake_openai.mode = "error"
    upload(alice, speech[0])
    card = alice.locator(".job-card").first
    expect(card.locator(".job-status")).to_have_text("❌ Processing failed.", timeout=TIMEOUT_MS)
    expect(card.locator(".error")).to_contain_text("Transcription failed on the server. Retry in a moment.")
    fake_openai.mode = "ok"
    card.get_by_role("button", name="Retry").click()
    expect(card.locator(".job-status")).to_have_text("✅ Processing complete!", timeout=TIMEOUT_MS)
    expect(card.locator(".error")).to_be_hidden()
    expect(alice.locator("#toasts")).to_contain_text('✅ Client record "Robert Miller" created!')
    expect(alice.locator("#clients tbody tr", has_text="Robert Miller")).to_have_count(1)
    assert not alice.problems


def test_several_recordings_in_a_row_are_each_followed_to_the_end(alice, speech):
    alice.goto(alice.url)
    upload(alice, speech[1], speech[2])
    cards = alice.locator(".job-card")
    expect(cards).to_have_count(2)
    # Both say what the first test's recording said about a client already known: nothing new, unless one of them
    # is the first to write a value.
    done = re.compile("✅ Processing complete!|Nothing new understood — see the transcript|Note added to the timeline")
    for index in range(2):
        expect(cards.nth(index).locator(".job-status")).to_have_text(done, timeout=TIMEOUT_MS)
    ids = {cards.nth(index).get_attribute("data-record-id") for index in range(2)}
    assert len(ids) == 2
    outcomes = alice.locator("#toasts .toast", has_text=re.compile('"Robert Miller" updated!|Nothing new|Note added'))
    expect(outcomes).to_have_count(2)


def test_the_jobs_page_shows_the_counts_and_retries_failed_jobs(alice, server, fake_openai, speech):
    fake_openai.mode = "error"
    alice.goto(server.url + "/")
    upload(alice, speech[0])
    expect(alice.locator(".job-card .job-status")).to_have_text("❌ Processing failed.", timeout=TIMEOUT_MS)
    alice.goto(server.url + "/jobs/")
    expect(alice.locator("[data-count=failed]")).to_have_text("1")
    expect(alice.locator("[data-count=completed]")).to_have_text("3")
    expect(alice.locator("[data-count=pending]")).to_have_text("0")
    failed_row = alice.locator("#jobs-failed tr[data-job]")
    expect(failed_row).to_have_count(1)
    expect(failed_row).to_contain_text("Transcription failed on the server")
    expect(alice.locator("[data-window=hour]")).to_contain_text("3")
    screenshot(alice, "jobs")
    fake_openai.mode = "ok"
    failed_row.get_by_role("button", name=re.compile("Retry")).click()
    expect(alice.locator("#toasts")).to_contain_text("Queued again.")
    # The page refreshes itself every 5 s: the job leaves the failed list and is counted as completed.
    expect(alice.locator("[data-count=completed]")).to_have_text("4", timeout=TIMEOUT_MS)
    expect(alice.locator("[data-count=failed]")).to_have_text("0")
    expect(alice.locator("#jobs-failed tr[data-job]")).to_have_count(0)


def test_retry_all_on_the_jobs_page_queues_every_failed_job(alice, server, fake_openai, speech):
    fake_openai.mode = "error"
    alice.goto(server.url + "/")
    upload(alice, speech[1], speech[2])
    for index in range(2):
        expect(alice.locator(".job-card .job-status").nth(index)).to_have_text("❌ Processing failed.",
                                                                              timeout=TIMEOUT_MS)
    alice.goto(server.url + "/jobs/")
    expect(alice.locator("[data-count=failed]")).to_have_text("2")
    fake_openai.mode = "ok"
    alice.get_by_role("button", name="Retry all failed").click()
    expect(alice.locator("#toasts")).to_contain_text("2 recording(s) queued again.")
    expect(alice.locator("[data-count=failed]")).to_have_text("0", timeout=TIMEOUT_MS)
    expect(alice.locator("[data-count=completed]")).to_have_text("6", timeout=TIMEOUT_MS)


def test_untrusted_text_is_shown_as_text_and_never_run(alice, server, fake_openai, speech):
    fake_openai.text = f"Hi, my name is Anna Smith. {XSS} <img src=x onerror=alert(2)>"
    try:
        alice.goto(server.url + "/")
        upload(alice, speech[0])
        card = alice.locator(".job-card").first
        expect(card.locator(".job-status")).to_have_text("✅ Processing complete!", timeout=TIMEOUT_MS)
    finally:
        fake_openai.text = "Hi, my name is Robert Miller."
    card.get_by_role("link", name="Open the client record").click()
    expect(alice.locator("#recordings .transcript").first).to_contain_text(XSS)
    name = alice.locator("#field-first_name")
    name.fill(XSS)
    name.press("Enter")
    expect(alice.locator("[data-field=first_name] .field-msg")).to_have_text("Saved.")
    expect(alice.locator("h1[data-client-name]")).to_contain_text(XSS)
    alice.reload()
    expect(alice.locator("h1[data-client-name]")).to_have_text(f"{XSS} Smith")
    expect(alice.locator("#history")).to_contain_text(XSS)
    alice.goto(server.url + "/?q=Smith")
    expect(alice.locator("#clients tbody a").first).to_have_text(f"{XSS} Smith")
    assert alice.evaluate("document.querySelectorAll('main script, main img').length") == 0
    assert not alice.problems, alice.problems


def test_suggestions_can_be_accepted_or_dismissed_on_the_clients_page(alice, server):
    # Low-confidence values come from the extractor; here one recording of the client carries two of them.
    code = ("from voicecrm.crm.models import Client; from voicecrm.recordings.models import AudioRecord; "
            "c = Client.objects.filter(owner__username='alice', last_name='Miller').first(); "
            "AudioRecord.objects.create(owner=c.owner, client=c, status='completed', stage='done', size=1, "
            "transcription='He might live in Boston, budget maybe ten thousand.', suggestions={"
            "'city': {'value': 'Boston', 'confidence': 0.4, 'evidence': 'might live in Boston'}, "
            "'budget': {'value': 10000, 'confidence': 0.3, 'evidence': 'maybe ten thousand'}}); print(c.pk)")
    client_id = server.run("shell", "-c", code).stdout.split()[-1]
    alice.goto(f"{server.url}/clients/{client_id}/")
    city_before = alice.locator("#field-city").input_value()
    suggestions = alice.locator("#suggestions li")
    expect(suggestions).to_have_count(2)
    suggestions.filter(has_text="Boston").get_by_role("button", name="Dismiss").click()
    expect(suggestions).to_have_count(1)
    expect(alice.locator("#field-city")).to_have_value(city_before)
    suggestions.filter(has_text="10000").get_by_role("button", name="Accept").click()
    expect(alice.locator("#suggestions li")).to_have_count(0)
    expect(alice.locator("#field-budget")).to_have_value("10000.00")
    expect(alice.locator("#history tr[data-change-field=budget]").first).to_contain_text("alice")
    assert not alice.problems


def test_a_user_who_is_not_staff_sees_neither_others_clients_nor_their_jobs(browser, server, alice, speech):
    alice.goto(server.url + "/?q=Miller")
    client_id = alice.locator("#clients tbody tr").first.get_attribute("data-client-id")
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    try:
        bob = context.new_page()
        log_in(bob, server, "bob")
        expect(bob.locator("#clients")).to_contain_text("No clients yet")
        assert bob.goto(f"{server.url}/clients/{client_id}/").status == 404
        assert bob.request.get(f"{server.url}/api/clients/{client_id}").status == 404
        assert bob.request.get(f"{server.url}/api/audio/status/1").status == 404
        assert bob.request.get(f"{server.url}/api/audio/1/file").status == 404
        assert bob.request.post(f"{server.url}/api/audio/1/retry",
                                headers={"X-CSRFToken": _csrf(context)}).status == 404
        bob.goto(server.url + "/")
        upload(bob, speech[0])
        expect(bob.locator(".job-card .job-status")).to_have_text("✅ Processing complete!", timeout=TIMEOUT_MS)
        bob.goto(server.url + "/jobs/")
        expect(bob.locator("[data-count=completed]")).to_have_text("1")
        expect(bob.locator("#jobs-recent tr[data-job]")).to_have_count(1)
        expect(bob.get_by_role("link", name="Admin")).to_have_count(0)
    finally:
        context.close()
    alice.goto(server.url + "/jobs/?mine=1")
    own = int(alice.locator("[data-count=completed]").inner_text())
    expect(alice.locator("#jobs-recent")).not_to_contain_text("bob")
    alice.goto(server.url + "/jobs/")
    expect(alice.locator("#jobs-recent")).to_contain_text("bob")
    expect(alice.locator("[data-count=completed]")).to_have_text(str(own + 1))


def _csrf(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")


def test_the_language_follows_the_browser_and_can_be_switched(browser, server):
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(server.url + "/login/")
        expect(page.locator("h1")).to_have_text("Connexion")
        log_in(page, server, "bob")
        expect(page.locator("[data-record]")).to_have_text("Démarrer l'enregistrement")
        page.select_option("#language-switch", "en")
        expect(page.locator("[data-record]")).to_have_text("Start recording")
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.get_by_role("button", name="Log out (bob)").click()
        page.wait_for_url(server.url + "/login/")
        assert page.goto(server.url + "/jobs/").url.startswith(server.url + "/login/")
    finally:
        context.close()


def test_the_pages_are_keyboard_usable_and_fit_a_phone(alice, server):
    alice.set_viewport_size({"width": 375, "height": 800})
    try:
        for path in ("/", "/jobs/"):
            alice.goto(server.url + path)
            assert no_horizontal_scroll(alice), path
        alice.goto(server.url + "/")
        alice.keyboard.press("Tab")
        expect(alice.locator(".skip")).to_be_focused()
        record = alice.locator("[data-record]")
        record.focus()
        expect(record).to_be_focused()
        for control in alice.locator("main input:not([type=hidden]), main select").all():
            label = control.evaluate("e => (e.labels && e.labels.length) || e.getAttribute('aria-label') ? 1 : 0")
            assert label, control.evaluate("e => e.outerHTML")
    finally:
        alice.set_viewport_size({"width": 1280, "height": 900})


def test_a_failure_retrying_cannot_change_offers_no_retry_but_the_way_forward(browser, server, silence_wav):
    """Silence (issue 14, item 3): the card says why in French and offers the transcript to type and apply and
    the Inbox, never "Relancer"; the jobs page neither."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        log_in(page, server, "alice")
        page.select_option("#language-switch", "fr")
        upload(page, silence_wav)
        card = page.locator(".job-card").first
        expect(card.locator(".error")).to_have_text(
            "Aucune parole détectée dans l'enregistrement (3,0 s). Réessayez plus près du micro.", timeout=TIMEOUT_MS)
        expect(card.get_by_role("button", name="Relancer")).to_have_count(0)
        expect(card.locator("textarea.transcript")).to_be_visible()
        expect(card.get_by_role("link", name="Ouvrir la boîte de réception")).to_be_visible()
        screenshot(page, "no-speech-fr")
        record_id = card.get_attribute("data-record-id")
        page.goto(server.url + "/jobs/")
        row = page.locator(f"#jobs-failed tr[data-job='{record_id}']")
        expect(row).to_contain_text("Aucune parole détectée")
        expect(row).to_contain_text("Relancer n'y changera rien")
        expect(row.get_by_role("button")).to_have_count(0)
    finally:
        context.close()
