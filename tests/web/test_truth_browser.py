"""Issue 14 in a real Chromium against the real server and worker: what a recording changed, the Processing page,
wording, phone numbers, the layout at 375 px, the error pages, axe-core and the Content-Security-Policy.

Transcription goes to the fake OpenAI-compatible server on loopback (tests/fake_openai.py) so that a test chooses
what was "heard" and when it fails; extraction, the queue, the worker and the database are the real ones. One
server and one browser serve the whole module."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from tests.helpers import ROOT, VoiceCRMServer
from tests.web.browser import create_user, launch, log_in, no_horizontal_scroll, screenshot, speech_wav, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT_MS = 60_000
AXE = ROOT / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
# Every Content-Security-Policy violation of a page, as the browser reports it.
CSP_WATCH = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
             "e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));")
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(
    v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"""
BOSTON = "+16175550198"  # 555-01xx: reserved for fiction


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        message = "axe-core is not installed: scripts/test installs it (npm install axe-core into var/node)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


@pytest.fixture(scope="module")
def server(tmp_path_factory, fake_openai):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("web-truth"), env={
        "VOICECRM_TRANSCRIBER": "openai", "OPENAI_BASE_URL": fake_openai.url, "OPENAI_API_KEY": "sk-test",
        "VOICECRM_MAX_ATTEMPTS": "1"}).start()
    create_user(srv, "alice", staff=True)
    create_user(srv, "bob", staff=False)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    # The fake server answers with its own text; the audio only has to be real speech (it is checked locally).
    return speech_wav(tmp_path_factory.mktemp("web-truth-speech"), "note", "Hello, this is a short note.")


@pytest.fixture(scope="module")
def browser(playwright_driver):
    chromium = launch(playwright_driver)
    yield chromium
    chromium.close()


def _page(browser, server, axe_source, username: str | None, *, locale: str):
    """A page whose every document reports its CSP violations and carries axe-core (injected by the browser's
    DevTools protocol, outside the page's own policy), logged in as `username` (None: logged out)."""
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    context.add_init_script(script=CSP_WATCH)
    context.add_init_script(script=axe_source)
    page = context.new_page()
    page.problems = []
    watch(page, page.problems)
    page.on("console", lambda message: "Content Security Policy" in message.text
            and page.problems.append(message.text))
    if username:
        log_in(page, server, username)
    return page


@pytest.fixture(scope="module")
def alice(browser, server, axe_source):
    page = _page(browser, server, axe_source, "alice", locale="en-US")
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def bob(browser, server, axe_source):
    page = _page(browser, server, axe_source, "bob", locale="fr-FR")
    yield page
    page.context.close()


def _shell(server, code: str) -> str:
    """Run `code` in `voicecrm shell`; its last line of output."""
    lines = server.run("shell", "-c", code).stdout.strip().splitlines()
    return lines[-1] if lines else ""


def _client(server, owner: str, **fields) -> int:
    values = ", ".join(f"{name}={value!r}" for name, value in fields.items())
    return int(_shell(server, "from django.contrib.auth import get_user_model; from voicecrm.crm.models import Client; "
                              f"print(Client.objects.create(owner=get_user_model().objects.get(username={owner!r}), "
                              f"{values}).pk)"))


def _upload(page, wav) -> None:
    page.locator("[data-file]").set_input_files(str(wav))


def test_a_recording_that_changed_nothing_says_so_and_shows_what_was_heard(alice, server, fake_openai, speech):
    client_id = _client(server, "alice", first_name="Ana", last_name="Quill", city="Lyon")
    alice.goto(f"{server.url}/clients/{client_id}/")
    # What the card already says: nothing new, and no note about the relationship.
    fake_openai.mode, fake_openai.text = "ok", "She lives in Lyon."
    _upload(alice, speech)
    card = alice.locator(".job-card").first
    expect(card.locator(".job-status")).to_have_text("Nothing new understood — see the transcript",
                                                     timeout=TIMEOUT_MS)
    expect(card.locator(".transcript-heard")).to_have_text("She lives in Lyon.")
    expect(alice.locator("#toasts")).to_contain_text("Nothing new understood")
    assert "✅" not in card.inner_text() and "updated" not in alice.locator("#toasts").inner_text()
    screenshot(alice, "nothing-new")
    # Words the extraction reads as no field, only a note (the Vietnamese a French note once came out as, here
    # without the speech model's review): the note is on the timeline, and the card says only that.
    fake_openai.text = "Lạm về mềm hạ mạng xe"
    _upload(alice, speech)
    card = alice.locator(".job-card").first
    expect(card.locator(".job-status")).to_have_text("📝 Note added to the timeline — no field changed",
                                                     timeout=TIMEOUT_MS)
    expect(card.locator(".transcript-heard")).to_have_text("Lạm về mềm hạ mạng xe")
    assert "✅" not in card.inner_text() and "updated" not in alice.locator("#toasts").inner_text()
    # The same page, a recording that does change the card: the success it is.
    fake_openai.text = "She moved to Boston."
    _upload(alice, speech)
    card = alice.locator(".job-card").first
    expect(card.locator(".job-status")).to_have_text("✅ Processing complete!", timeout=TIMEOUT_MS)
    expect(alice.locator("#toasts")).to_contain_text('Client record "Ana Quill" updated!')
    expect(alice.locator("#field-city")).to_have_value("Boston")
    assert not alice.problems


def test_the_processing_pages_lists_and_counters_refresh_together_after_retry(alice, server, fake_openai, speech):
    fake_openai.mode = "error"
    alice.goto(server.url + "/")
    for _ in range(2):
        _upload(alice, speech)
    expect(alice.locator(".job-card .job-status", has_text="❌")).to_have_count(2, timeout=TIMEOUT_MS)
    alice.goto(server.url + "/jobs/")
    rows = alice.locator("#jobs-failed tr[data-job]")
    expect(rows).to_have_count(2)
    expect(alice.locator("[data-count=failed]")).to_have_text("2")
    first = rows.first.get_attribute("data-job")
    rows.first.get_by_role("button", name=re.compile("Retry")).click()
    expect(alice.locator("#toasts")).to_contain_text("Queued again.")
    # It fails again (the fake still errors): back in the failed list with its second attempt, and the counter
    # says what the list shows (the list held the focus and was skipped by the refresh before).
    expect(alice.locator(f"#jobs-failed tr[data-job='{first}']")).to_contain_text("2 attempts", timeout=TIMEOUT_MS)
    expect(rows).to_have_count(2)
    expect(alice.locator("[data-count=failed]")).to_have_text("2")
    alice.get_by_role("button", name="Retry all failed").click()
    expect(alice.locator("#toasts")).to_contain_text("2 recording(s) queued again.")
    expect(alice.locator(f"#jobs-failed tr[data-job='{first}']")).to_contain_text("3 attempts", timeout=TIMEOUT_MS)
    expect(alice.locator("#jobs-failed tr", has_text="2 attempts")).to_have_count(1, timeout=TIMEOUT_MS)
    expect(alice.locator("[data-count=failed]")).to_have_text("2")
    fake_openai.mode = "ok"
    assert not alice.problems


def test_a_salesperson_sees_singular_badges_and_no_operator_figures(bob, server, fake_openai, speech):
    fake_openai.mode = "error"
    bob.goto(server.url + "/")
    _upload(bob, speech)
    expect(bob.locator(".job-card .job-status")).to_have_text("❌ Échec du traitement.", timeout=TIMEOUT_MS)
    fake_openai.mode = "ok"
    bob.goto(server.url + "/jobs/")
    expect(bob.locator("h1")).to_have_text("Traitements")
    expect(bob.locator("#jobs-recent .badge.failed")).to_have_text("échoué")
    expect(bob.locator(".count.failed")).to_contain_text("échoués")
    expect(bob.locator("table.throughput")).to_have_count(0)
    expect(bob.locator("#jobs-stale")).to_have_count(0)
    expect(bob.locator("[data-count=stale]")).to_have_count(0)


def test_a_phone_number_is_typed_and_shown_in_the_users_region(alice, bob, server):
    alice_client = _client(server, "alice", first_name="Cleo", last_name="Marsh")
    alice.goto(f"{server.url}/clients/{alice_client}/")
    phone = alice.locator("#field-phone")
    phone.fill("(617) 555-0198")
    phone.press("Enter")
    expect(alice.locator("#field-form-phone .field-msg")).to_have_text("Saved.")
    expect(alice.locator("#field-phone")).to_have_value("(617) 555-0198")
    alice.goto(f"{server.url}/?q=617-555-0198")
    expect(alice.locator("#clients tbody tr")).to_have_count(1)
    expect(alice.locator("#clients tbody tr")).to_contain_text("(617) 555-0198")
    # A French user (region FR) reads the same number in its international form.
    bob_client = _client(server, "bob", first_name="Cleo", last_name="Marsh", phone=BOSTON)
    bob.goto(f"{server.url}/clients/{bob_client}/")
    expect(bob.locator("#field-phone")).to_have_value("+1 617-555-0198")


def test_the_phone_region_is_chosen_on_the_settings_part_of_the_tasks_page(bob, server):
    bob.goto(server.url + "/tasks/")
    region = bob.locator("#phone-region")
    expect(region.locator("option:checked")).to_have_text("Selon la langue : France")
    region.select_option("US")
    bob.locator("[data-phone-region-form] button[type=submit]").click()
    expect(bob.locator("#toasts")).to_contain_text("États-Unis")
    settings = bob.evaluate("fetch('/api/auth/settings').then(r => r.json())")
    assert (settings["phone_region"], settings["phone_region_chosen"]) == ("US", True)
    region.select_option("")
    bob.locator("[data-phone-region-form] button[type=submit]").click()
    expect(bob.locator("#toasts")).to_contain_text("France")
    assert bob.evaluate("fetch('/api/auth/settings').then(r => r.json())")["phone_region_chosen"] is False


def test_error_pages_are_styled_and_translated(bob, alice, server):
    answer = bob.goto(server.url + "/pas-de-page/")
    assert answer.status == 404
    expect(bob.locator("h1")).to_have_text("Page introuvable")
    expect(bob.get_by_role("link", name="Revenir aux clients")).to_be_visible()
    screenshot(bob, "error-404-fr")
    alice.goto(server.url + "/clients/999999/")
    expect(alice.locator("h1")).to_have_text("Page not found")
    assert bob.locator("link[rel=stylesheet]").count() == 1


def _checked(page, url: str) -> list[str]:
    """axe-core's violations and the CSP violations of the page at `url`."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return [f"axe {v}" for v in page.evaluate(AXE_RUN)] + [f"csp {v}" for v in page.evaluate("window.__csp")]


def test_every_page_is_axe_clean_and_breaks_no_content_security_policy(alice, bob, server, browser, axe_source):
    client_id = _client(server, "alice", first_name="Dora", last_name="Vale", city="Lyon")
    other_id = _client(server, "alice", first_name="Dora", last_name="Vale", city="Lyon")
    pages = ["/", f"/clients/{client_id}/", "/tasks/", "/inbox/", "/jobs/", "/search/?q=Vale", "/clients/new/",
             "/clients/duplicates/", f"/clients/{client_id}/merge/{other_id}/", "/import/", "/webhooks/",
             "/no-such-page/"]
    found = {path: _checked(alice, server.url + path) for path in pages}
    # Django's admin and the API's documentation are not ours to make axe-clean, but they live under the same
    # policy: they must not break it.
    for path in ("/admin/", "/api/docs"):
        alice.goto(server.url + path)
        alice.wait_for_load_state("networkidle")
        found[path] = [f"csp {v}" for v in alice.evaluate("window.__csp")]
    found["/jobs/ (fr, not staff)"] = _checked(bob, server.url + "/jobs/")
    visitor = _page(browser, server, axe_source, None, locale="fr-FR")
    try:
        for path in ("/login/", "/no-such-page/"):
            found[f"{path} (logged out)"] = _checked(visitor, server.url + path)
    finally:
        visitor.context.close()
    assert {path: problems for path, problems in found.items() if problems} == {}
    assert not alice.problems and not bob.problems


def test_the_phone_layout_puts_the_voice_button_first_and_keeps_long_lists_short(alice, server):
    client_id = _client(server, "alice", first_name="Eli", last_name="Stone")
    # A long-lived client: 40 field changes and 12 recordings; 60 jobs on the Processing page.
    _shell(server, "from django.contrib.auth import get_user_model\n"
                   "from voicecrm.crm.models import Client\nfrom voicecrm.crm.services import client_apply_fields\n"
                   "from voicecrm.recordings.models import AudioRecord\n"
                   f"client = Client.objects.get(pk={client_id})\n"
                   "for n in range(40):\n"
                   "    client_apply_fields(client=client, fields={'city': f'Town {n}', 'age': 30 + n % 2})\n"
                   "for n in range(60):\n"
                   "    AudioRecord.objects.create(owner=client.owner, client=client if n < 12 else None, size=1,\n"
                   "        status='completed', stage='done', transcription=f'Note number {n} about the deal.')\n")
    alice.set_viewport_size({"width": 375, "height": 800})
    try:
        alice.goto(f"{server.url}/clients/{client_id}/")
        record_top = alice.locator("[data-record]").bounding_box()["y"]
        expect(alice.locator("#timeline li.entry").first).to_be_visible()
        expect(alice.locator("#timeline")).not_to_have_attribute("aria-busy", "true")
        alice.locator("details.audit").evaluate("node => node.open = true")
        client_height = alice.evaluate("document.documentElement.scrollHeight")
        assert no_horizontal_scroll(alice)
        alice.goto(server.url + "/jobs/")
        jobs_height = alice.evaluate("document.documentElement.scrollHeight")
        assert no_horizontal_scroll(alice)
        print(f"\n375 px: voice button at {record_top:.0f} px; client page {client_height} px "
              f"(history and recordings open); Processing page {jobs_height} px")
        assert record_top < 450
        assert client_height < 6000
        assert jobs_height < 4000
    finally:
        alice.set_viewport_size({"width": 1280, "height": 900})
