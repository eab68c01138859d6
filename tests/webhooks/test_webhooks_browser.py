"""The webhooks page in a real Chromium (French UI) against the real server and worker, and a receiver on loopback
that fails a delivery before it accepts it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import VoiceCRMServer
from tests.web.browser import create_user, launch, log_in, no_horizontal_scroll, screenshot
from tests.web.conftest import playwright_driver  # noqa: F401 (the shared driver fixture)
from tests.web.test_truth_browser import AXE_RUN, CSP_WATCH, axe_source  # noqa: F401 (axe-core, CSP watch)
from tests.webhooks.receiver import Receiver

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # Retries 3 s apart: long enough for the page (which refreshes every 2 s) to show "retrying".
    srv = VoiceCRMServer(tmp_path_factory.mktemp("web-webhooks"), env={
        "VOICECRM_WEBHOOK_RETRY_DELAYS": "3,3,3,3,3", "VOICECRM_WEBHOOK_TIMEOUT": "2"}).start()
    create_user(srv, "carol", staff=False)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def receiver():
    rec = Receiver()
    yield rec
    rec.close()


def test_add_a_webhook_send_tests_and_the_log_shows_a_delivered_and_a_retried_delivery(
        playwright_driver, server, receiver, axe_source):  # noqa: F811 (the imported fixtures)
    browser = launch(playwright_driver, allow_microphone=False)
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_init_script(script=CSP_WATCH)
    context.add_init_script(script=axe_source)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, server, "carol")
        page.get_by_role("link", name="Webhooks").click()
        expect(page.get_by_role("heading", name="Webhooks", level=1)).to_be_visible()
        expect(page.locator("[data-webhooks-empty]")).to_have_text("Aucun webhook pour l'instant.")

        # A plain http:// address elsewhere than this machine is refused, with the reason, in the form.
        page.fill("#webhook-url", "http://example.com/hook")
        page.get_by_role("button", name="Ajouter").click()
        expect(page.locator("[data-webhook-error]")).to_contain_text("https://")
        page.fill("#webhook-url", receiver.url("/carol"))
        page.get_by_role("button", name="Ajouter").click()
        secret = page.locator("[data-new-secret] [data-secret-value]")
        expect(secret).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
        item = page.locator("[data-webhook-id]")
        expect(item).to_have_count(1)
        expect(item.locator(".webhook-url")).to_have_text(receiver.url("/carol"))
        expect(item).to_contain_text("Rien n'a encore été envoyé.")

        # The secret on demand is the one shown at creation.
        item.get_by_role("button", name="Afficher le secret").click()
        expect(item.locator(".webhook-secret-value")).to_have_text(secret.inner_text())

        # First test: the receiver accepts it at once.
        item.get_by_role("button", name="Envoyer un test").click()
        rows = item.locator("tr[data-delivery-id]")
        expect(rows).to_have_count(1, timeout=TIMEOUT_MS)
        expect(rows.first.locator(".badge")).to_have_text("livré", timeout=TIMEOUT_MS)
        # Second test: the receiver answers 500 once; the log shows the retry, then the delivery.
        receiver.script("/carol", [500])
        item.get_by_role("button", name="Envoyer un test").click()
        expect(rows).to_have_count(2, timeout=TIMEOUT_MS)
        newest = rows.first
        expect(newest.locator(".badge")).to_have_text("nouvel essai", timeout=TIMEOUT_MS)
        expect(newest).to_contain_text("HTTP 500")
        expect(newest.locator(".badge")).to_have_text("livré", timeout=TIMEOUT_MS)
        cells = newest.locator("td")
        expect(cells.nth(2)).to_have_text("2")
        expect(cells.nth(3)).to_have_text("200")
        expect(rows.nth(1).locator("td").nth(2)).to_have_text("1")
        assert [r.answered for r in receiver.at("/carol")] == [200, 500, 200]
        # The page with its log is accessible (axe-core) and breaks no Content-Security-Policy rule.
        assert page.evaluate(AXE_RUN) == [] and page.evaluate("window.__csp") == []
        screenshot(page, "webhooks")
        page.set_viewport_size({"width": 375, "height": 800})
        assert no_horizontal_scroll(page)
        page.set_viewport_size({"width": 1280, "height": 900})

        # Deleting asks first, then the webhook and its log are gone.
        page.once("dialog", lambda dialog: dialog.accept())
        item.get_by_role("button", name="Supprimer").click()
        expect(page.locator("[data-webhook-id]")).to_have_count(0)
        expect(page.locator("[data-webhooks-empty]")).to_be_visible()
        assert errors == []
    finally:
        context.close()
        browser.close()
