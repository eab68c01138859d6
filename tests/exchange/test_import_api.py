"""Import of CSV and vCard files through the API against the real database: the preview, the job (run here by the
same function the queue's worker runs), duplicates created / updated / skipped, bad rows reported by line, the
history marked "import", and nothing of another user's touched."""

import json

import pytest
import vobject
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from voicecrm.crm.models import ChangeSource, Client, ClientChange
from voicecrm.exchange.importing import import_run
from voicecrm.exchange.models import ImportJob
from voicecrm.exchange.tasks import import_enqueue

pytestmark = pytest.mark.django_db

EXCEL_FR = ("Prénom;Nom;E-mail;Téléphone;Société;Ville;Poste;Budget\r\n"
            "Mélisande;Carrère;melisande@example.fr;06 12 34 56 78;Vignobles Orsat;Bordeaux;Gérante;15 000\r\n"
            "Théo;Vasseur;theo.vasseur@example.fr;;Forges Lambrecht;Nancy;Acheteur;\r\n")


def _upload(name: str, text: str | bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8") if isinstance(text, str) else text)


def _import(api, name, text, *, language="fr", **data):
    """POST /api/imports from a French browser by default: numbers without a country code are French (as PATCH
    reads them), and the report is in French."""
    if "mapping" in data and not isinstance(data["mapping"], str):
        data["mapping"] = json.dumps(data["mapping"])
    return api.post("/api/imports", {"file": _upload(name, text), **data}, HTTP_ACCEPT_LANGUAGE=language)


def _run(api, name, text, **data) -> dict:
    """Start an import, run its job as the worker does, and return GET /api/imports/{id}."""
    answer = _import(api, name, text, **data)
    translation.deactivate()  # the worker runs in no request's language
    assert answer.status_code == 202, answer.content
    import_run(job_id=answer.json()["id"], enqueue=import_enqueue)
    report = api.get(answer.json()["status_url"]).json()
    assert report["status"] == "completed", report
    return report


def test_preview_of_an_excel_semicolon_export_in_windows_1252(alice_api):
    answer = alice_api.post("/api/imports/preview", {"file": _upload("clients.csv", EXCEL_FR.encode("cp1252"))})
    assert answer.status_code == 200, answer.content
    preview = answer.json()
    assert (preview["format"], preview["encoding"], preview["delimiter"]) == ("csv", "Windows-1252", ";")
    assert preview["columns"][:2] == ["Prénom", "Nom"]
    assert preview["mapping"] == ["first_name", "last_name", "email", "phone", "company", "city", "job_title",
                                  "budget"]
    assert preview["rows_total"] == 2
    assert preview["rows"][0]["line"] == 2 and preview["rows"][0]["cells"][0] == "Mélisande"
    assert "email" in preview["fields"]
    assert not Client.objects.exists()  # a preview writes nothing


def test_preview_reads_utf8_with_a_bom_and_a_comma_delimiter(alice_api):
    text = "\ufefffirst_name,last_name,email\r\nAnouk,Delorme,anouk@example.org\r\n"
    preview = alice_api.post("/api/imports/preview", {"file": _upload("export.csv", text)}).json()
    assert (preview["encoding"], preview["delimiter"], preview["columns"]) == ("UTF-8", ",", ["first_name",
                                                                                             "last_name", "email"])
    assert preview["mapping"] == ["first_name", "last_name", "email"]


def test_preview_of_a_binary_file_is_400(alice_api):
    answer = alice_api.post("/api/imports/preview", {"file": _upload("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00")})
    assert answer.status_code == 400
    assert "not a text file" in answer.json()["detail"]


def test_import_creates_clients_with_validated_values_and_history_marked_import(alice_api, alice):
    report = _run(alice_api, "clients.csv", EXCEL_FR.encode("cp1252"), duplicates="skip")
    assert (report["rows_total"], report["rows_done"], report["rows_created"], report["rows_failed"]) == (2, 2, 2, 0)
    mel = Client.objects.get(owner=alice, last_name="Carrère")
    # The same normalisation as the API's PATCH: E.164 phone, a number for the budget.
    assert (mel.phone, mel.budget, mel.city, mel.job_title) == ("+33612345678", 15000, "Bordeaux", "Gérante")
    changes = ClientChange.objects.filter(client=mel)
    assert {c.source for c in changes} == {ChangeSource.IMPORT}
    assert {c.changed_by_id for c in changes} == {alice.pk}
    history = alice_api.get(f"/api/clients/{mel.pk}/history").json()
    assert {h["source"] for h in history} == {"import"}
    assert ImportJob.objects.get(pk=report["id"]).file.name == ""  # the upload is not kept once imported


def test_matching_rows_update_by_email_phone_or_folded_name(alice_api, alice):
    by_email = Client.objects.create(owner=alice, first_name="Mel", last_name="C", email="melisande@example.fr",
                                     city="Paris")
    by_name = Client.objects.create(owner=alice, first_name="theo", last_name="VASSEUR", name_key="theo vasseur",
                                    city="Metz")
    report = _run(alice_api, "clients.csv", EXCEL_FR.encode("cp1252"), duplicates="update")
    assert (report["rows_created"], report["rows_updated"]) == (0, 2)
    by_email.refresh_from_db()
    by_name.refresh_from_db()
    assert (by_email.last_name, by_email.city, by_email.phone) == ("Carrère", "Bordeaux", "+33612345678")
    assert (by_name.city, by_name.email) == ("Nancy", "theo.vasseur@example.fr")
    city = ClientChange.objects.get(client=by_email, field="city")
    assert (city.old_value, city.new_value, city.source) == ("Paris", "Bordeaux", ChangeSource.IMPORT)
    assert Client.objects.filter(owner=alice).count() == 2


def test_an_empty_cell_never_clears_a_field_on_update(alice_api, alice):
    theo = Client.objects.create(owner=alice, first_name="Théo", last_name="Vasseur",
                                 email="theo.vasseur@example.fr", phone="+33698765432")
    _run(alice_api, "clients.csv", EXCEL_FR.encode("cp1252"), duplicates="update")
    theo.refresh_from_db()
    assert theo.phone == "+33698765432"


def test_skip_leaves_matching_clients_alone_and_create_makes_new_ones(alice_api, alice):
    mel = Client.objects.create(owner=alice, first_name="Mélisande", last_name="Carrère", city="Paris",
                                name_key="melisande carrere")
    skipped = _run(alice_api, "clients.csv", EXCEL_FR.encode("cp1252"), duplicates="skip")
    assert (skipped["rows_created"], skipped["rows_skipped"]) == (1, 1)
    mel.refresh_from_db()
    assert mel.city == "Paris" and not mel.changes.exists()
    created = _run(alice_api, "clients.csv", EXCEL_FR.encode("cp1252"), duplicates="create")
    assert (created["rows_created"], created["rows_skipped"]) == (2, 0)
    assert Client.objects.filter(owner=alice, last_name="Carrère").count() == 2


def test_two_rows_of_one_new_person_make_one_client_when_updating(alice_api, alice):
    text = "first_name,last_name,email,city\nIrène,Bastide,irene@example.com,Nîmes\nIrene,BASTIDE,,Arles\n"
    report = _run(alice_api, "c.csv", text, duplicates="update")
    assert (report["rows_created"], report["rows_updated"]) == (1, 1)
    assert list(Client.objects.filter(owner=alice).values_list("city", flat=True)) == ["Arles"]


def test_bad_rows_are_reported_by_line_and_write_nothing(alice_api, alice):
    text = ("first_name,last_name,email,phone,age\n"
            "Ok,Premier,ok1@example.com,,30\n"
            "Bad,Email,not-an-email,,31\n"
            "\n"
            "Bad,Phone,,+33 1,32\n"
            ",,,,44\n"
            '"Multi\nline",Ok,ok2@example.com,,\n'
            "Bad,Age,,,two hundred\n")
    report = _run(alice_api, "c.csv", text, duplicates="skip", language="en")
    assert (report["rows_total"], report["rows_created"], report["rows_failed"]) == (6, 2, 4)
    lines = {e["line"]: e["reason"] for e in report["errors"]}
    assert sorted(lines) == [3, 5, 6, 9]
    assert "email" in lines[3] and "not a valid email address" in lines[3]
    assert "phone" in lines[5]
    assert "nothing identifies the client" in lines[6]
    assert "age" in lines[9]
    assert sorted(Client.objects.filter(owner=alice).values_list("last_name", flat=True)) == ["Ok", "Premier"]
    assert not Client.objects.filter(first_name="Bad").exists()


def test_another_users_clients_are_never_matched(alice_api, alice, bob):
    bobs = Client.objects.create(owner=bob, first_name="Mélisande", last_name="Carrère",
                                 email="melisande@example.fr", city="Paris", name_key="melisande carrere")
    report = _run(alice_api, "clients.csv", EXCEL_FR.encode("cp1252"), duplicates="update")
    assert report["rows_created"] == 2
    bobs.refresh_from_db()
    assert bobs.city == "Paris" and not bobs.changes.exists()


def test_an_edited_mapping_is_used(alice_api, alice):
    text = "Nom complet,Entreprise,Ville\nVasseur,Forges Lambrecht,Nancy\n"
    report = _run(alice_api, "c.csv", text, duplicates="skip", mapping=["last_name", "company", ""])
    assert report["mapping"] == ["last_name", "company", ""]
    client = Client.objects.get(owner=alice)
    assert (client.last_name, client.company, client.city) == ("Vasseur", "Forges Lambrecht", "")


@pytest.mark.parametrize(("data", "reason"), [
    ({"duplicates": "merge"}, "unknown duplicates policy"),
    ({"mapping": "[1, 2"}, "mapping is not JSON"),
    ({"mapping": ["first_name"]}, "the mapping names 1 column(s) but the file has 8"),
    ({"mapping": ["first_name", "first_name"] + [""] * 6}, "mapped to more than one column: first_name"),
    ({"mapping": ["shoe_size"] + [""] * 7}, "unknown field(s) in the mapping: shoe_size"),
    ({"mapping": [""] * 8}, "no column is mapped"),
    ({"delimiter": "ab"}, "unknown delimiter 'ab'"),
])
def test_a_bad_request_is_400_and_queues_nothing(alice_api, data, reason):
    answer = _import(alice_api, "clients.csv", EXCEL_FR, language="en", **{"duplicates": "skip", **data})
    assert answer.status_code == 400
    assert reason in answer.json()["detail"]
    assert not ImportJob.objects.exists()


def test_another_users_import_is_404(alice_api, bob_api):
    answer = _import(alice_api, "clients.csv", EXCEL_FR, duplicates="skip")
    assert bob_api.get(answer.json()["status_url"]).status_code == 404
    assert [job["id"] for job in alice_api.get("/api/imports").json()] == [answer.json()["id"]]
    assert bob_api.get("/api/imports").json() == []


def test_csv_export_imports_back_unchanged(alice_api, alice):
    Client.objects.create(owner=alice, first_name="Hiram", last_name="Quennell", email="hiram@example.com",
                          notes="=1+1 is two", budget=950, name_key="hiram quennell")
    exported = b"".join(alice_api.get("/api/clients/export.csv").streaming_content)
    report = _run(alice_api, "clients.csv", exported, duplicates="update")
    assert (report["rows_unchanged"], report["rows_created"], report["rows_failed"]) == (1, 0, 0)
    assert Client.objects.get(owner=alice).notes == "=1+1 is two"  # the export's apostrophe is taken off


def test_vcard_export_imports_into_another_account(alice_api, bob_api, alice, bob):
    Client.objects.create(owner=alice, first_name="Zoé", last_name="Lefèvre-Marchal", age=41,
                          email="zoe.lefevre@example.fr", phone="+33612345678", city="Lyon",
                          company="Ateliers Brunel; fils", job_title="Directrice", budget=12500, notes="Line 1\nLine 2")
    cards = b"".join(alice_api.get("/api/clients/export.vcf").streaming_content)
    preview = bob_api.post("/api/imports/preview", {"file": _upload("alice.vcf", cards)}).json()
    assert (preview["format"], preview["rows_total"], preview["rows"][0]["line"]) == ("vcard", 1, 1)
    report = _run(bob_api, "alice.vcf", cards, duplicates="skip")
    assert report["rows_created"] == 1
    fields = ["first_name", "last_name", "age", "email", "phone", "city", "company", "job_title", "budget", "notes"]
    assert (list(Client.objects.filter(owner=bob).values_list(*fields))
            == list(Client.objects.filter(owner=alice).values_list(*fields)))


def test_a_broken_vcard_is_reported_and_the_others_imported(alice_api, alice):
    card = vobject.vCard()
    card.add("fn").value = "Anouk Delorme"
    card.add("n").value = vobject.vcard.Name(family="Delorme", given="Anouk")
    good = card.serialize()
    text = good + "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Broken\r\nthis line has no colon\r\nEND:VCARD\r\n" + good
    report = _run(alice_api, "c.vcf", text, duplicates="create", language="en")
    assert (report["rows_created"], report["rows_failed"]) == (2, 1)
    assert report["errors"][0]["line"] == len(good.splitlines()) + 1
    assert "not a readable vCard" in report["errors"][0]["reason"]


def test_a_phone_without_country_code_is_read_in_the_uploaders_region_as_patch_reads_it(alice_api, alice):
    from voicecrm.accounts.models import UserSettings

    UserSettings.objects.update_or_create(user=alice, defaults={"phone_region": "US"})
    report = _run(alice_api, "c.csv", "first_name,last_name,phone\nDorian,Achterberg,(415) 555-0132\n",
                  duplicates="skip")
    assert report["rows_created"] == 1
    assert Client.objects.get(owner=alice).phone == "+14155550132"
    patched = alice_api.patch(f"/api/clients/{Client.objects.get(owner=alice).pk}", {"phone": "(201) 555-0123"},
                              content_type="application/json")
    assert patched.json()["phone"] == "+12015550123"


def test_a_lost_import_is_queued_again_and_goes_on_after_its_last_committed_row(alice):
    from datetime import timedelta

    from django.utils import timezone

    from voicecrm.exchange.services import import_create
    from voicecrm.exchange.tasks import MAIN_QUEUE, _queued_ids, imports_reap

    text = "first_name,last_name\nAda,Premiere\nBrice,Seconde\nCyrielle,Troisieme\n"
    job = import_create(owner=alice, name="c.csv", data=text.encode(), duplicates="skip")
    try:
        # Never queued (the web process died before its commit hook ran): the workers' tick queues it.
        assert job.enqueued_at is None
        assert imports_reap() == 1
        assert job.pk in _queued_ids()
        # A worker took it, committed the first row's chunk, then died: no progress for VOICECRM_STALE_AFTER.
        ImportJob.objects.filter(pk=job.pk).update(status="running", rows_done=1)
        ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
        imports_reap()
        job.refresh_from_db()
        assert job.status == "pending"
        import_run(job_id=job.pk, enqueue=import_enqueue)
    finally:
        for task in list(MAIN_QUEUE.pending()):
            if task.name == "run_import" and task.args == (job.pk,):
                MAIN_QUEUE.revoke_by_id(task.id)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_created) == ("completed", 3, 2)
    assert sorted(Client.objects.filter(owner=alice).values_list("first_name", flat=True)) == ["Brice", "Cyrielle"]


def test_the_report_is_in_the_uploaders_language(alice_api):
    report = _run(alice_api, "c.csv", "Prénom;Nom;Ville\r\n;;Lille\r\n", duplicates="skip")
    assert report["errors"] == [{"line": 2, "reason": "rien n'identifie le client : la ligne n'a ni prénom ni nom, "
                                                      "ni e-mail, ni téléphone, ni société"}]
