"""Export of clients as CSV (reopened with the csv module, as Excel reads it) and vCard 4.0 (reparsed with vobject),
through the API against the real database."""

import csv
import io
from decimal import Decimal

import pytest
import vobject

from voicecrm.crm.models import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(alice, bob):
    made = [
        Client.objects.create(owner=alice, first_name="Zoé", last_name="Lefèvre-Marchal", age=41,
                              email="zoe.lefevre@example.fr", phone="+33612345678", city="Lyon",
                              company="Ateliers Brunel; fils", job_title="Directrice", budget=Decimal("12500.50"),
                              notes="Wants a demo,\nthen a quote"),
        Client.objects.create(owner=alice, first_name="Hiram", last_name="Quennell", company="Tollbridge",
                              city="Leeds", notes="=HYPERLINK(\"http://evil.example\")"),
    ]
    Client.objects.create(owner=bob, first_name="Other", last_name="Owner", email="other@example.com")
    return made


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_export_has_a_bom_the_api_field_names_and_reopens_with_the_csv_module(alice_api, clients):
    response = alice_api.get("/api/clients/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="clients-')
    data = _body(response)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with its BOM
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == ["id", "first_name", "last_name", "age", "email", "phone", "city", "company",
                             "job_title", "budget", "notes", "created_at", "updated_at"]
    by_name = {row["last_name"]: row for row in rows}
    assert set(by_name) == {"Lefèvre-Marchal", "Quennell"}  # never another user's client
    zoe = by_name["Lefèvre-Marchal"]
    assert (zoe["id"], zoe["age"], zoe["phone"], zoe["budget"]) == (str(clients[0].pk), "41", "+33612345678",
                                                                  "12500.50")
    assert zoe["company"] == "Ateliers Brunel; fils" and zoe["notes"] == "Wants a demo,\nthen a quote"
    assert zoe["created_at"].startswith(clients[0].created_at.date().isoformat())
    # A formula is written as text (OWASP CSV injection): Excel shows it, never runs it.
    assert by_name["Quennell"]["notes"] == "'=HYPERLINK(\"http://evil.example\")"


def test_csv_export_of_a_search_has_only_what_the_search_finds(alice_api, clients):
    data = _body(alice_api.get("/api/clients/export.csv", {"search": "leeds"}))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row["last_name"] for row in rows] == ["Quennell"]
    listed = alice_api.get("/api/clients", {"search": "leeds"}).json()
    assert [c["id"] for c in listed["results"]] == [int(row["id"]) for row in rows]


def test_vcf_export_reparses_with_vobject_as_vcard_4(alice_api, clients):
    response = alice_api.get("/api/clients/export.vcf")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="clients-')
    text = _body(response).decode("utf-8")
    cards = {card.n.value.family: card for card in vobject.readComponents(text)}
    assert set(cards) == {"Lefèvre-Marchal", "Quennell"}
    zoe = cards["Lefèvre-Marchal"]
    assert zoe.version.value == "4.0"
    assert text.splitlines()[1] == "VERSION:4.0"  # RFC 6350 §6.7.9: right after BEGIN
    assert zoe.fn.value == "Zoé Lefèvre-Marchal"
    assert (zoe.n.value.given, zoe.email.value, zoe.tel.value) == ("Zoé", "zoe.lefevre@example.fr",
                                                                 "tel:+33612345678")
    assert zoe.tel.params["VALUE"] == ["uri"]
    assert zoe.org.value == ["Ateliers Brunel; fils"]
    assert (zoe.adr.value.city, zoe.title.value, zoe.note.value) == ("Lyon", "Directrice",
                                                                     "Wants a demo,\nthen a quote")
    assert zoe.contents["x-voicecrm-budget"][0].value == "12500.50"
    assert zoe.contents["x-voicecrm-age"][0].value == "41"
    assert zoe.uid.value.startswith("urn:uuid:")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded at 75 octets


def test_one_clients_vcard_is_a_download_named_after_them(alice_api, clients):
    response = alice_api.get(f"/api/clients/{clients[0].pk}/vcard")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="zoe-lefevre-marchal.vcf"'
    card = vobject.readOne(response.content.decode())
    assert (card.version.value, card.fn.value) == ("4.0", "Zoé Lefèvre-Marchal")


def test_another_users_client_vcard_is_404(bob_api, clients):
    response = bob_api.get(f"/api/clients/{clients[0].pk}/vcard")
    assert response.status_code == 404
    assert response.json()["detail"] == f"no client {clients[0].pk}"


def test_exports_need_authentication(client, clients):
    assert client.get("/api/clients/export.csv").status_code == 401
    assert client.get("/api/clients/export.vcf").status_code == 401
