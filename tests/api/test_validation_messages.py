"""A malformed request is told what is wrong with each field in the caller's language (French or English): by
pydantic error type for the request's shape, and in the services' own words for what a schema cannot state (an
empty search, a due that is no date, a webhook URL). pydantic's list stays in `errors`, for programs."""

import pytest
from django.utils import translation

from voicecrm.api import validation_reason
from voicecrm.crm.models import Client

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _detail(answer) -> str:
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["code"] == "invalid", body
    return body["detail"]


@pytest.mark.parametrize(("headers", "expected"), [
    (FR, "requête invalide : title: texte attendu; due: obligatoire; client_id: nombre entier attendu"),
    (EN, "invalid request: title: text expected; due: required; client_id: a whole number expected"),
])
def test_a_body_of_the_wrong_shape_names_each_field_and_why_in_the_callers_language(alice_api, headers, expected):
    answer = alice_api.post("/api/tasks", data={"title": ["not", "text"], "client_id": "seven"},
                            content_type="application/json", **headers)
    assert _detail(answer) == expected
    assert {error["type"] for error in answer.json()["errors"]} == {"string_type", "missing", "int_parsing"}


def test_query_parameters_choices_and_flags_are_explained_in_french(alice_api):
    assert _detail(alice_api.get("/api/clients?limit=abc", **FR)) == "requête invalide : limit: nombre entier attendu"
    assert _detail(alice_api.get("/api/tasks?status=later", **FR)) == (
        "requête invalide : status: une de ces valeurs attendue : 'open', 'done' ou 'all'")
    assert _detail(alice_api.patch("/api/auth/settings", data={"review_before_apply": "maybe"},
                                   content_type="application/json", **FR)) == (
        "requête invalide : review_before_apply: true ou false attendu")


def test_a_length_limit_is_stated_with_its_number_singular_or_plural(alice, alice_api):
    client = Client.objects.create(owner=alice, first_name="Odile", last_name="Marchetti")
    detail = _detail(alice_api.post(f"/api/clients/{client.pk}/interactions", data={"note": "x" * 20001},
                                    content_type="application/json", **FR))
    assert detail == "requête invalide : note: au plus 20000 caractères"
    with translation.override("en"):
        assert validation_reason({"type": "string_too_short", "loc": ("body", "payload", "text"),
                                  "ctx": {"min_length": 1}}) == "text: at least 1 character"
        assert validation_reason({"type": "greater_than_equal", "loc": ("query", "page"), "ctx": {"ge": 1}}) == (
            "page: 1 or more expected")


@translation.override("fr")
def test_an_error_type_without_a_message_of_ours_keeps_pydantics():
    assert validation_reason({"type": "uuid_parsing", "loc": ("path", "id"), "msg": "Input should be a valid UUID"}) \
        == "id: Input should be a valid UUID"
    # A context that lacks the value the message names does not break the answer.
    assert validation_reason({"type": "string_too_long", "loc": ("body", "x"), "msg": "too long", "ctx": {}}) == (
        "x: too long")


@pytest.mark.parametrize(("method", "url", "data", "french"), [
    ("get", "/api/search?q=%20%22%22", None, "tapez au moins un mot à chercher"),
    ("post", "/api/tasks", {"title": "Relancer", "due": "demain"},
     "l'échéance doit être une date (AAAA-MM-JJ) ou une date et heure ISO 8601 comme 2026-12-02T10:00:00+01:00 "
     "(reçu : 'demain')"),
    ("post", "/api/tasks", {"title": "  ", "due": "2026-12-03"}, "le titre est vide : dites ce qu'il faut faire"),
    ("post", "/api/webhooks", {"url": "ftp://example.com/hooks", "events": ["client.created"]},
     "l'URL doit être une adresse https:// avec un hôte, par ex. https://example.com/hooks"),
    ("patch", "/api/auth/settings", {"time_zone": "Mars/Olympus"},
     "fuseau horaire inconnu 'Mars/Olympus' : donnez un nom IANA comme Europe/Paris"),
])
def test_what_a_schema_cannot_state_is_refused_in_the_callers_language(alice_api, method, url, data, french):
    kwargs = {"data": data, "content_type": "application/json"} if data is not None else {}
    assert _detail(getattr(alice_api, method)(url, **kwargs, **FR)) == french
    assert _detail(getattr(alice_api, method)(url, **kwargs, **EN)) != french
