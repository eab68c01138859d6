"""The webhooks API and the events the CRM publishes, in process (real database; sending is tested end to end
in test_webhooks_e2e.py)."""

from __future__ import annotations

import json
import socket
import threading
from datetime import date

import pytest

from voicecrm.crm.dues import Due
from voicecrm.crm.models import Client
from voicecrm.crm.services import client_create, client_delete, client_update
from voicecrm.crm.tasks import task_create, task_update
from voicecrm.webhooks.models import Delivery, Webhook
from voicecrm.webhooks.services import (
    InvalidWebhookError,
    deliveries_expire,
    delivery_attempt,
    signature,
    url_clean,
    webhook_create,
)

pytestmark = pytest.mark.django_db(transaction=True)

ALL = ["client.created", "client.updated", "client.deleted", "recording.completed", "recording.failed",
       "task.created", "task.done"]


def post(api, path, payload):
    return api.post(path, json.dumps(payload), content_type="application/json")


@pytest.mark.parametrize("url", ["https://hooks.example.com/in", "http://127.0.0.1:8080/x", "http://localhost/x",
                                 "http://[::1]:9/x", "https://example.com:8443/a?b=c"])
def test_https_and_loopback_http_urls_are_accepted(url):
    assert url_clean(f"  {url} ") == url


@pytest.mark.parametrize(("url", "reason"), [
    ("http://example.com/hook", "must use https"), ("ftp://example.com/x", "https://"), ("", "empty"),
    ("https:///nohost", "with a host"), ("https://exa mple.com/", "spaces"), ("https://example.com:x/", "cannot"),
    ("https://example.com/" + "a" * 2000, "limit")])
def test_other_urls_are_refused_with_the_reason(url, reason):
    with pytest.raises(InvalidWebhookError, match=reason):
        url_clean(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/x", "https://localhost/x", "https://10.1.2.3/x",
                                 "https://192.168.0.10/hook", "https://169.254.169.254/latest/meta-data",
                                 "https://[::1]/x", "https://[fd00::1]/x"])
def test_in_production_this_machine_and_private_networks_are_refused(url, settings):
    """No server-side request forgery: a user's webhook is not a way into the server's own network."""
    settings.WEBHOOK_PRIVATE_NETWORK = False
    with pytest.raises(InvalidWebhookError, match="private network"):
        url_clean(url)
    assert url_clean("https://93.184.215.14/in") == "https://93.184.215.14/in"


def test_in_production_a_delivery_to_a_name_that_resolves_inside_is_refused_at_each_attempt(alice, settings):
    """A host name accepted when the webhook was made can point inside later: each attempt checks its address."""
    webhook = webhook_create(owner=alice, url="http://localhost:9/in", events=["client.created"])
    settings.WEBHOOK_PRIVATE_NETWORK = False
    settings.WEBHOOK_RETRY_DELAYS = []
    client_create(owner=alice, fields={"first_name": "Ilse"})
    delivery = Delivery.objects.get(webhook=webhook)
    delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.last_error.startswith("refused: localhost resolves to 127.0.0.1")


def test_in_production_a_name_that_resolves_outside_then_inside_is_sent_to_the_address_checked(alice, settings,
                                                                                              monkeypatch):
    """DNS rebinding: an attacker's name server answers a public address when the delivery's address is checked
    and this machine's the next time it is asked. The attempt must connect to the address it checked, so a
    listener on loopback is never even connected to. (The name server is the one part faked: a resolver that
    answers differently each time, in front of the real socket.getaddrinfo.)"""
    listener = socket.create_server(("127.0.0.1", 0))
    port, accepted = listener.getsockname()[1], []

    def accept() -> None:
        try:
            while True:
                connection, peer = listener.accept()
                accepted.append(peer)
                connection.close()
        except OSError:  # closed at the end of the test
            pass

    threading.Thread(target=accept, daemon=True).start()
    real_getaddrinfo = socket.getaddrinfo
    answers = ["93.184.215.14"]  # public; every later answer is loopback, where the listener is

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        if host != "hooks.rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        address = answers.pop(0) if answers else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    try:
        webhook = webhook_create(owner=alice, url=f"https://hooks.rebind.test:{port}/in", events=["client.created"])
        settings.WEBHOOK_PRIVATE_NETWORK, settings.WEBHOOK_RETRY_DELAYS, settings.WEBHOOK_TIMEOUT = False, [], 0.5
        monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
        client_create(owner=alice, fields={"first_name": "Ilse"})
        delivery = Delivery.objects.get(webhook=webhook)
        delivery_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert accepted == [], "the attempt connected to the address of a second DNS answer"
        assert answers == [] and delivery.status == "failed" and delivery.status_code is None
        assert delivery.last_error.startswith(("timeout", "connection failed")), delivery.last_error
    finally:
        listener.close()


def test_in_production_a_name_that_does_not_resolve_fails_the_attempt_with_that_reason(alice, settings,
                                                                                       monkeypatch):
    real_getaddrinfo = socket.getaddrinfo

    def unknown_name(host, port, *args, **kwargs):
        if host == "hooks.gone.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, port, *args, **kwargs)

    webhook = webhook_create(owner=alice, url="https://hooks.gone.test/in", events=["client.created"])
    settings.WEBHOOK_PRIVATE_NETWORK, settings.WEBHOOK_RETRY_DELAYS = False, [60]
    monkeypatch.setattr(socket, "getaddrinfo", unknown_name)
    client_create(owner=alice, fields={"first_name": "Ilse"})
    delivery = Delivery.objects.get(webhook=webhook)
    assert delivery_attempt(delivery_id=delivery.pk) == 60
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.last_error == (
        "connection failed: hooks.gone.test cannot be resolved ([Errno -2] Name or service not known)")


def test_create_returns_the_secret_once_and_the_list_does_not(alice_api):
    answer = post(alice_api, "/api/webhooks", {"url": "https://example.com/in", "events": ["task.done",
                                                                                          "client.created"]})
    assert answer.status_code == 201, answer.content
    created = answer.json()
    assert len(created["secret"]) == 64 and created["events"] == ["client.created", "task.done"]
    listed = alice_api.get("/api/webhooks").json()
    assert [w["id"] for w in listed] == [created["id"]] and "secret" not in listed[0]
    assert alice_api.get(f"/api/webhooks/{created['id']}/secret").json() == {"secret": created["secret"]}
    rotated = alice_api.post(f"/api/webhooks/{created['id']}/secret").json()["secret"]
    assert rotated != created["secret"] and len(rotated) == 64


@pytest.mark.parametrize(("payload", "reason"), [
    ({"url": "http://example.com/", "events": ["task.done"]}, "https"),
    ({"url": "https://example.com/", "events": []}, "no event"),
    ({"url": "https://example.com/", "events": ["client.exploded"]}, "unknown event"),
    ({"url": "https://example.com/", "events": ["task.done"], "all_users": True}, "only staff"),
    ({"events": ["task.done"]}, "url")])
def test_bad_webhooks_get_400_with_a_reason_and_nothing_is_stored(alice_api, payload, reason):
    answer = post(alice_api, "/api/webhooks", payload)
    assert answer.status_code == 400 and reason in answer.json()["detail"], answer.content
    assert not Webhook.objects.exists()


def test_patch_changes_what_is_given_and_refuses_null(alice_api, alice):
    hook = webhook_create(owner=alice, url="https://example.com/a", events=["task.done"])
    patched = alice_api.patch(f"/api/webhooks/{hook.pk}", json.dumps({"events": ALL, "active": False}),
                              content_type="application/json")
    assert patched.status_code == 200 and patched.json()["events"] == ALL and patched.json()["active"] is False
    refused = alice_api.patch(f"/api/webhooks/{hook.pk}", json.dumps({"url": None}), content_type="application/json")
    assert refused.status_code == 400 and "cannot be null" in refused.json()["detail"]
    assert Webhook.objects.get().url == "https://example.com/a"


def test_another_users_webhook_answers_404_everywhere(alice_api, bob):
    hook = webhook_create(owner=bob, url="https://example.com/b", events=["task.done"])
    for method, path in [("get", ""), ("get", "/secret"), ("get", "/deliveries"), ("delete", ""), ("post", "/test"),
                         ("post", "/secret")]:
        answer = getattr(alice_api, method)(f"/api/webhooks/{hook.pk}{path}")
        assert answer.status_code == 404, (method, path, answer.content)
        assert answer.json()["detail"] == f"no webhook {hook.pk}"
    assert Webhook.objects.filter(pk=hook.pk).exists() and not Delivery.objects.exists()


def test_delete_removes_the_webhook_and_its_log(alice_api, alice):
    hook = webhook_create(owner=alice, url="https://example.com/a", events=["task.done"])
    assert alice_api.post(f"/api/webhooks/{hook.pk}/test").status_code == 202
    assert alice_api.delete(f"/api/webhooks/{hook.pk}").status_code == 204
    assert not Webhook.objects.exists() and not Delivery.objects.exists()


def test_each_crm_change_publishes_its_event_once_after_commit_to_the_owners_webhook_only(alice, bob):
    mine = webhook_create(owner=alice, url="https://example.com/a", events=ALL)
    bobs = webhook_create(owner=bob, url="https://example.com/b", events=ALL)
    client = client_create(owner=alice, fields={"first_name": "Lina", "last_name": "Okafor", "city": "Nantes"})
    client_update(client=client, fields={"city": "Rennes"}, user=alice)
    client_update(client=client, fields={"city": "Rennes"}, user=alice)  # nothing changes: no event
    task = task_create(owner=alice, title="Call Lina", due=Due(date=date(2026, 12, 3)), client=client)
    task_update(task=task, done=True)
    task_update(task=task, done=True)  # done already: no second event
    client_id = client.pk
    client_delete(client=Client.objects.get(pk=client_id))
    events = [(d.event, json.loads(d.body)["data"]) for d in Delivery.objects.filter(webhook=mine).order_by("id")]
    assert [e for e, _ in events] == ["client.created", "client.updated", "task.created", "task.done",
                                      "client.deleted"]
    assert events[0][1]["city"] == "Nantes" and events[1][1]["city"] == "Rennes"
    assert events[1][1]["changed"] == ["city"]
    assert events[2][1]["title"] == "Call Lina" and events[3][1]["done"] is True
    assert events[4][1]["id"] == client_id and events[4][1]["last_name"] == "Okafor"
    assert not Delivery.objects.filter(webhook=bobs).exists()


def test_a_change_rolled_back_publishes_nothing(alice):
    from django.db import transaction

    webhook_create(owner=alice, url="https://example.com/a", events=ALL)
    with pytest.raises(RuntimeError), transaction.atomic():
        client_create(owner=alice, fields={"first_name": "Nora"})
        raise RuntimeError("rolled back")
    assert not Delivery.objects.exists()


def test_the_delivery_log_is_bounded(alice, settings):
    settings.WEBHOOK_LOG_SIZE = 5
    hook = webhook_create(owner=alice, url="https://example.com/a", events=["task.created"])
    for n in range(8):
        task_create(owner=alice, title=f"task {n}", due=Due(date=date(2026, 12, 3)))
        # delivered ones may be trimmed; pending ones are kept until they are sent or fail
        Delivery.objects.filter(webhook=hook).update(status="delivered")
    titles = [json.loads(d.body)["data"]["title"] for d in Delivery.objects.filter(webhook=hook).order_by("id")]
    assert titles == [f"task {n}" for n in range(3, 8)]


def test_deliveries_past_the_logs_age_expire_unless_still_owed(alice, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.WEBHOOK_LOG_DAYS = 30
    hook = webhook_create(owner=alice, url="https://example.com/a", events=["task.created"])
    old = timezone.now() - timedelta(days=31)
    for status in ("delivered", "failed", "pending"):
        Delivery.objects.create(webhook=hook, event="ping", body="{}", status=status)
    Delivery.objects.update(created_at=old)
    Delivery.objects.create(webhook=hook, event="ping", body="{}", status="delivered")
    assert deliveries_expire() == 2
    assert sorted(Delivery.objects.values_list("status", flat=True)) == ["delivered", "pending"]


def test_the_signature_is_the_hmac_of_timestamp_dot_body():
    # From OpenSSL: printf '1700000000.{}' | openssl dgst -sha256 -hmac k
    assert signature(secret="k", timestamp=1700000000, body=b"{}") == (
        "sha256=c6ef4734033cee2367414a0939385eca0397754aa7a59716da7463a9298b5146")


def test_the_webhooks_page_needs_a_login_and_speaks_the_browsers_language(client, alice):
    import re

    answer = client.get("/webhooks/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login/")
    client.force_login(alice)
    for language, heading, badge in (("fr", "Ajouter un webhook", "livré"), ("en", "Add a webhook", "delivered")):
        page = client.get("/webhooks/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert heading in page and 'value="task.done"' in page
        texts = json.loads(re.search(r'<script id="webhook-texts" type="application/json">(.*?)</script>', page,
                                     re.S).group(1))
        assert texts["status.delivered"] == badge
    assert "Every user's events" not in page  # staff only


def test_the_openapi_schema_lists_every_status_of_the_webhooks_endpoints(alice_api):
    paths = alice_api.get("/api/openapi.json").json()["paths"]
    statuses = {(path, method): set(spec["responses"]) for path, item in paths.items()
                if path.startswith("/api/webhooks") for method, spec in item.items()}
    assert {"201", "400"} <= statuses[("/api/webhooks", "post")]
    assert {"200", "400", "404"} <= statuses[("/api/webhooks/{webhook_id}", "patch")]
    assert {"204", "404"} <= statuses[("/api/webhooks/{webhook_id}", "delete")]
    assert {"202", "404"} <= statuses[("/api/webhooks/{webhook_id}/test", "post")]
    assert {"200", "404"} <= statuses[("/api/webhooks/{webhook_id}/deliveries", "get")]
