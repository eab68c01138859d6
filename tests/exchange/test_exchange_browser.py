"""Export and import in a real Chromium against `voicecrm serve` with its worker: the clients page's CSV export
downloads and reopens, a client's vCard downloads and reparses, and a CSV goes through the import page — preview,
a mapping changed by hand, the job's progress and report — into the clients' history marked "import". French UI."""

from __future__ import annotations

import csv
import io
import re

import pytest
import vobject
from playwright.sync_api import expect

from tests.helpers import VoiceCRMServer
from tests.web.browser import create_user, launch, log_in, no_horizontal_scroll, screenshot, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Excel's French "CSV (séparateur : point-virgule)": Windows-1252, semicolons. Row 3's email is bad; row 2 updates
# Oswald (same email); "Secteur" is proposed as ignored and mapped to the job title by hand.
IMPORT_CSV = ("Prénom;Nom;Courriel;Ville;Secteur\r\n"
              "Oswald;Wexler;oswald@example.com;Québec;Directeur\r\n"
              "Pélagie;Rousselot;pelagie@@example;Rennes;Acheteuse\r\n"
              "Gaëtan;Morvan;gaetan.morvan@example.fr;Brest;Ingénieur\r\n").encode("cp1252")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("web-exchange")).start()
    create_user(srv, "alice", staff=False)
    code = ("from django.contrib.auth import get_user_model; from voicecrm.crm.models import Client; "
            "u = get_user_model().objects.get(username='alice'); "
            "c = Client.objects.create(owner=u, first_name='Oswald', last_name='Wexler', name_key='oswald wexler', "
            "email='oswald@example.com', company='Northwind', city='Boston'); "
            "Client.objects.create(owner=u, first_name='Lucinda', last_name='Faraday', name_key='lucinda faraday', "
            "company='Tollbridge', city='Leeds'); print(c.pk)")
    srv.client_id = int(srv.run("shell", "-c", code).stdout.split()[-1])
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def page(playwright_driver, server):
    browser = launch(playwright_driver)
    context = browser.new_context(locale="fr-FR", accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    watch(page, page.problems)
    log_in(page, server, "alice")
    yield page
    browser.close()


def test_the_clients_csv_export_of_a_search_downloads_and_reopens(page, server):
    page.goto(server.url + "/?q=leeds")
    with page.expect_download() as download:
        page.locator("a[data-export=csv]").click()
    assert re.fullmatch(r"clients-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [(r["first_name"], r["last_name"], r["city"]) for r in rows] == [("Lucinda", "Faraday", "Leeds")]


def test_a_clients_vcard_downloads_and_reparses(page, server):
    page.goto(f"{server.url}/clients/{server.client_id}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la vCard").click()
    assert download.value.suggested_filename == "oswald-wexler.vcf"
    card = vobject.readOne(open(download.value.path(), encoding="utf-8").read())
    assert (card.version.value, card.fn.value, card.email.value) == ("4.0", "Oswald Wexler", "oswald@example.com")


def test_a_csv_imports_through_preview_mapping_progress_and_report_into_the_history(page, server, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes(IMPORT_CSV)
    page.goto(server.url + "/")
    page.get_by_role("link", name="Importer", exact=True).click()
    page.wait_for_url(server.url + "/import/")
    page.set_input_files("#import-file", str(path))
    preview = page.locator("[data-import-preview]")
    expect(preview).to_be_visible()
    expect(page.locator("[data-import-detected]")).to_contain_text("Windows-1252")
    expect(page.locator("[data-import-detected]")).to_contain_text("« ; »")
    expect(page.locator("[data-import-rows] tr")).to_have_count(3)
    expect(page.locator("[data-import-rows] tr").nth(1)).to_contain_text("Pélagie")
    selects = page.locator("select[data-column]")
    assert [selects.nth(i).input_value() for i in range(5)] == ["first_name", "last_name", "email", "city", ""]
    selects.nth(4).select_option(label="Poste")
    page.get_by_label("Mettre à jour le client avec les valeurs de la ligne").check()
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Importer", exact=True).click()
    status = page.locator("[data-import-status]")
    expect(status).to_have_text("Import terminé : 3 ligne(s) lue(s).", timeout=120_000)
    expect(page.locator("[data-import-bar]")).to_have_attribute("value", "3")
    counts = page.locator("[data-import-counts]")
    expect(counts.locator("[data-count=created]")).to_have_text("1 client(s) créé(s)")
    expect(counts.locator("[data-count=updated]")).to_have_text("1 client(s) mis à jour")
    expect(counts.locator("[data-count=failed]")).to_contain_text("1 ligne(s) non importée(s)")
    error = page.locator("[data-import-errors] tr[data-line='3']")
    expect(error).to_contain_text("email")
    screenshot(page, "import-report")
    page.goto(f"{server.url}/clients/{server.client_id}/")
    expect(page.locator("#field-city")).to_have_value("Québec")
    expect(page.locator("#field-job_title")).to_have_value("Directeur")
    page.locator("details.audit summary").click()
    city = page.locator("#history tr[data-change-field=city]").first
    expect(city).to_contain_text("Boston")
    expect(city).to_contain_text("Québec")
    expect(city.locator("[data-source=import]")).to_have_text("import")
    assert not page.problems, page.problems
