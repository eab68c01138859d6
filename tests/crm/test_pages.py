"""The web pages of issue 15 through Django's test client (logged in): new client form, search results,
possible duplicates, the merge screen, the possible-duplicate notice on a client page."""

import pytest

from voicecrm.crm.interactions import interaction_note_create
from voicecrm.crm.models import Client
from voicecrm.crm.services import client_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, alice):
    client.force_login(alice)
    return client


def test_the_new_client_form_validates_like_the_api(browser, alice):
    refused = browser.post("/clients/new/", {"first_name": "Yara", "email": "not an email"})
    assert refused.status_code == 400
    assert "not saved" in refused.content.decode() and 'value="Yara"' in refused.content.decode()
    assert browser.post("/clients/new/", {"city": "Reno"}).status_code == 400
    made = browser.post("/clients/new/", {"first_name": "Yara", "last_name": "Lindqvist", "phone": "+46 70 123 45 67"})
    client = Client.objects.get(owner=alice)
    assert made.status_code == 302 and made["Location"] == f"/clients/{client.pk}/?created=1"
    assert (client.full_name, client.phone) == ("Yara Lindqvist", "+46701234567")


def test_search_page_links_to_the_moment_on_the_timeline(browser, alice):
    client = client_create(owner=alice, fields={"first_name": "Basile", "last_name": "Ortolan"})
    note = interaction_note_create(client=client, note="Il rappellera après les congés d'été.")
    page = browser.get("/search/", {"q": "rappeler ete"}).content.decode()
    assert f'href="/clients/{client.pk}/#interaction-{note.pk}"' in page
    assert "congés d&#x27;été" in page
    assert "type at least one word" in browser.get("/search/", {"q": "***"}).content.decode().lower()


def test_duplicates_page_and_merge_screen(browser, alice):
    keep = client_create(owner=alice, fields={"first_name": "Odile", "last_name": "Prunier", "city": "Tours"})
    gone = client_create(owner=alice, fields={"first_name": "odile", "last_name": "PRUNIER", "city": "Blois",
                                              "company": "Ardoise SA"})
    assert f"/clients/{keep.pk}/merge/{gone.pk}/" in browser.get("/clients/duplicates/").content.decode()
    screen = browser.get(f"/clients/{keep.pk}/merge/{gone.pk}/").content.decode()
    assert 'data-merge-field="city" class="differs"' in screen
    unconfirmed = browser.post(f"/clients/{keep.pk}/merge/{gone.pk}/", {"city": "other"})
    assert unconfirmed.status_code == 400 and Client.objects.filter(pk=gone.pk).exists()
    merged = browser.post(f"/clients/{keep.pk}/merge/{gone.pk}/", {"city": "other", "confirm": "yes"})
    assert merged.status_code == 302 and not Client.objects.filter(pk=gone.pk).exists()
    keep.refresh_from_db()
    assert (keep.city, keep.company) == ("Blois", "Ardoise SA")
    assert browser.get(f"/clients/{keep.pk}/merge/{gone.pk}/").status_code == 404


def test_a_client_page_offers_to_split_a_recording_found_by_name_alone(browser, alice, say):
    client = client_create(owner=alice, fields={"first_name": "Tamsin", "last_name": "Okafor", "city": "Omaha"})
    record = say(alice, "Hi, my name is Tamsin Okafor, I live in Tucson and I work at Veltrix.")
    page = browser.get(f"/clients/{client.pk}/").content.decode()
    assert f'data-split="{record.pk}"' in page and f'data-same-person="{record.pk}"' in page
    assert 'data-client-delete' in page
