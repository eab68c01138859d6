"""Issue 15 in a real Chromium against the real server, worker and Whisper model (one server for the module): a
word said in a recording is found from the header's search box in another form and leads to that moment on the
timeline; two clients merge from the possible duplicates with everything of both; a client typed in the form is
deleted from its page with the API's confirmation. The pages are in French, the speech in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import VoiceCRMServer
from tests.web.browser import create_user, expect_job_ends, launch, log_in, screenshot, speech_wav
from tests.web.conftest import playwright_driver  # noqa: F401 (the shared Playwright driver fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Words the base model hears well from espeak-ng on every CPU tried: on an AVX-512 one, "Please call her back
# tomorrow, she is waiting for the quotes." came out right but with 4 of its 11 words just under 0.6, and was
# held for review.
SAID = "Call her back tomorrow, she is waiting for our quote."
DONE = "✅ Traitement terminé !"
JOB_TIMEOUT_MS = 180_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("web-issue15")).start()
    create_user(srv, "alice", staff=False)
    code = ("from django.contrib.auth import get_user_model; from voicecrm.crm.services import client_create; "
            "u = get_user_model().objects.get(username='alice'); "
            "a = client_create(owner=u, fields={'first_name': 'Perrine', 'last_name': 'Vautrin', 'city': 'Angers'}); "
            "b = client_create(owner=u, fields={'first_name': 'Perrine', 'last_name': 'Vautrin-Sol', "
            "'company': 'Quillon', 'city': 'Laval'}); print(a.pk, b.pk)")
    srv.keep_id, srv.gone_id = map(int, srv.run("shell", "-c", code).stdout.split()[-2:])
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def page(playwright_driver, server, tmp_path_factory):  # noqa: F811
    """Alice, logged in, after uploading SAID (spoken) on the page of the client that will be merged in."""
    speech = speech_wav(tmp_path_factory.mktemp("web-issue15-speech"), "invoice", SAID)
    browser = launch(playwright_driver)
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, server, "alice")
    page.goto(f"{server.url}/clients/{server.gone_id}/")
    # The recorder's file input: the page uploads the spoken recording as it would a dropped file.
    page.locator(f"#audio-file-{server.gone_id}").set_input_files(str(speech))
    expect_job_ends(page.locator(".job-card").first, DONE, timeout=JOB_TIMEOUT_MS)
    page.problems = problems
    yield page
    browser.close()


def test_a_word_said_is_found_from_the_header_in_another_form_and_opens_that_moment(page, server):
    page.goto(server.url + "/")
    page.fill("#header-search", "rappeler devis")  # French words do not find this English speech
    page.press("#header-search", "Enter")
    expect(page.locator("[role=status]").first).to_contain_text("0 résultat")
    page.fill("#header-search", "calling QUOTE")
    page.press("#header-search", "Enter")
    result = page.locator("[data-search-results] li[data-kind=recording]")
    expect(result).to_have_count(1)
    expect(result.locator(".snippet")).to_contain_text(re.compile("quote", re.I))
    link = result.get_by_role("link", name="Perrine Vautrin-Sol")
    href = link.get_attribute("href")
    assert re.fullmatch(rf"/clients/{server.gone_id}/#interaction-\d+", href), href
    link.click()
    entry = page.locator(f"#{href.split('#')[1]}")
    expect(entry).to_have_class(re.compile(r"\btarget\b"))
    expect(entry).to_be_in_viewport()
    assert not page.problems, page.problems


def test_merge_from_the_possible_duplicates_moves_everything(page, server):
    page.goto(server.url + "/")
    page.get_by_role("link", name="Doublons possibles").click()
    row = page.locator(f"tr[data-pair='{server.keep_id}-{server.gone_id}']")
    expect(row).to_contain_text("un nom contient l’autre")
    row.get_by_role("link", name="Comparer et fusionner").click()
    page.locator("tr[data-merge-field=city] input[value=other]").check()
    confirm = page.get_by_label(re.compile("sera supprimé"))
    expect(confirm).to_have_attribute("required", "")  # the form is not sent unconfirmed
    confirm.check()
    page.get_by_role("button", name="Fusionner").click()
    page.wait_for_url(re.compile(rf"/clients/{server.keep_id}/\?merged={server.gone_id}$"))
    expect(page.locator("#field-city")).to_have_value("Laval")
    expect(page.locator("#field-company")).to_have_value("Quillon")
    expect(page.locator("#timeline li[data-kind=interaction]")).to_contain_text(re.compile("quote", re.I))
    screenshot(page, "client-merged")
    assert page.request.get(f"{server.url}/api/clients/{server.gone_id}").status == 404
    found = page.request.get(f"{server.url}/api/search?q=quote").json()["results"]
    assert [r["client_id"] for r in found] == [server.keep_id]


def test_a_client_typed_in_the_form_is_deleted_from_its_page(page, server):
    page.goto(server.url + "/")
    page.get_by_role("link", name="Nouveau client").click()
    page.fill("#new-first_name", "Gaspard")
    page.fill("#new-last_name", "Ferlinghetti")
    page.fill("#new-email", "gaspard@ferlinghetti")  # the browser lets it through; the API's check does not
    page.locator("[data-client-form] button[type=submit]").click()
    expect(page.locator("[role=alert]")).to_contain_text("non enregistré")
    page.fill("#new-email", "gaspard@ferlinghetti.fr")
    page.locator("[data-client-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/clients/\d+/\?created=1$"))
    client_id = int(re.search(r"/clients/(\d+)/", page.url).group(1))
    expect(page.locator("h1")).to_have_text("Gaspard Ferlinghetti")
    messages: list[str] = []

    def accept(dialog):
        messages.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("button", name="Supprimer le client").click()
    page.wait_for_url(server.url + "/")
    assert messages == ["Supprimer le client « Gaspard Ferlinghetti » ?"], messages
    assert page.request.get(f"{server.url}/api/clients/{client_id}").status == 404


def test_a_recording_found_by_name_alone_is_kept_on_the_client_from_its_page(page, server):
    """The client page's warning for a recording that found the client by the spoken name alone: "C'est bien ce
    client" keeps it there and the warning goes, for good (the API's same-person). The recording is made in the
    server's database as the job makes one, transcript and all, without a second speech job."""
    code = ("from datetime import timezone as tz; from django.contrib.auth import get_user_model; "
            "from django.utils import timezone; from voicecrm.crm.interactions import interaction_from_recording; "
            "from voicecrm.crm.models import Client; from voicecrm.recordings.models import AudioRecord; "
            "u = get_user_model().objects.get(username='alice'); "
            "c = Client.objects.create(owner=u, first_name='Ondine', last_name='Marchetti', city='Sète'); "
            "r = AudioRecord.objects.create(owner=u, client=c, status='completed', stage='done', "
            "client_action='updated', transcription='Ondine Marchetti called, she lives in Sète.', language='en'); "
            "interaction_from_recording(audio_record=r, client=c, note='', followups=[], "
            "recorded_at=timezone.now(), zone=tz.utc, possible_duplicate=True); print(c.pk, r.pk)")
    client_id, record_id = map(int, server.run("shell", "-c", code).stdout.split()[-2:])
    page.goto(f"{server.url}/clients/{client_id}/")
    notice = page.locator("[data-name-matches]")
    row = notice.locator("li", has=page.locator(f"[data-same-person='{record_id}']"))
    expect(row).to_contain_text(str(record_id))
    row.get_by_role("button", name="C'est bien ce client").click()
    expect(page.get_by_text(f"L'enregistrement n° {record_id} reste sur ce client.")).to_be_visible()
    expect(notice).to_have_count(0)
    status = page.request.get(f"{server.url}/api/audio/status/{record_id}").json()
    assert (status["client_id"], status["possible_duplicate"]) == (client_id, False)
    page.reload()
    expect(page.locator("[data-name-matches]")).to_have_count(0)
    assert not page.problems, page.problems
