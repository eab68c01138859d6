"""GET /api/search on the default database (SQLite FTS5): clients, transcripts and notes, in any case, accent and
French or English word form."""

import pytest

from voicecrm.crm.interactions import interaction_note_create
from voicecrm.crm.models import SearchEntry
from voicecrm.crm.search import search_reindex
from voicecrm.crm.services import client_create, client_update

pytestmark = pytest.mark.django_db


def _search(api, q, status=200):
    answer = api.get("/api/search", {"q": q})
    assert answer.status_code == status, answer.content
    return answer.json()


def test_a_word_said_in_a_recording_is_found_in_another_form_without_its_accents(alice_api, alice, say):
    record = say(alice, "New client Zoe Fairbanks from Lisbon. Elle rappelle lundi pour le contrat signé.")
    found = _search(alice_api, "RAPPELER contrat signe")
    assert [(r["kind"], r["client_id"]) for r in found["results"]] == [("recording", record.client_id)]
    hit = found["results"][0]
    assert "rappelle lundi" in hit["snippet"]
    assert hit["client_name"] == "Zoe Fairbanks"
    assert hit["url"] == f"/clients/{record.client_id}/#interaction-{hit['interaction_id']}"
    assert _search(alice_api, "rappeler contrat annulé")["results"] == []


def test_english_forms_prefixes_and_phrases(alice_api, alice):
    client = client_create(owner=alice, fields={"first_name": "Milo", "last_name": "Quennell", "city": "Genève"})
    interaction_note_create(client=client, note="She called twice about the warehouse lease.")
    assert [r["kind"] for r in _search(alice_api, "calls warehouse")["results"]] == ["note"]
    assert [r["kind"] for r in _search(alice_api, "wareh*")["results"]] == ["note"]
    assert [r["kind"] for r in _search(alice_api, '"warehouse lease"')["results"]] == ["note"]
    assert _search(alice_api, '"lease warehouse"')["results"] == []
    assert [r["kind"] for r in _search(alice_api, "geneve")["results"]] == ["client"]


def test_a_client_card_is_indexed_again_when_it_changes_and_goes_with_it(alice_api, alice):
    client = client_create(owner=alice, fields={"first_name": "Ines", "last_name": "Varga"})
    client_update(client=client, fields={"company": "Brasserie Höhn"}, user=alice)
    assert [r["client_id"] for r in _search(alice_api, "hohn")["results"]] == [client.pk]
    client_update(client=client, fields={"company": None, "notes": "Préfère être appelée le matin"}, user=alice)
    assert _search(alice_api, "hohn")["results"] == []
    assert [r["kind"] for r in _search(alice_api, "appeler matin")["results"]] == ["client"]
    assert alice_api.delete(f"/api/clients/{client.pk}?confirm=true").status_code == 204
    assert not SearchEntry.objects.filter(owner=alice).exists()


def test_another_users_words_are_not_found(alice_api, bob):
    client_create(owner=bob, fields={"first_name": "Hidden", "last_name": "Person", "city": "Tromsø"})
    assert _search(alice_api, "tromso")["results"] == []


@pytest.mark.parametrize("q", ["", "   ", "!!! ???", "x" * 501])
def test_an_empty_or_too_long_query_is_refused_with_400(alice_api, q):
    assert "detail" in _search(alice_api, q, status=400)


def test_reindex_rebuilds_what_search_reads(alice_api, alice):
    client = client_create(owner=alice, fields={"first_name": "Olga", "last_name": "Petrenko"})
    SearchEntry.objects.all().delete()
    assert _search(alice_api, "petrenko")["results"] == []
    assert search_reindex(owner=alice) == 1
    assert [r["client_id"] for r in _search(alice_api, "petrenko")["results"]] == [client.pk]
