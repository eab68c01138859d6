"""The `voicecrm` commands that are thin shells over services."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from voicecrm.recordings.models import AudioRecord, Status

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_createtoken_prints_a_token_that_the_api_accepts(client, alice):
    token = run("createtoken", "alice").strip()
    assert token.startswith("vcrm_")
    assert client.get("/api/clients", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert "vcrm_" not in "".join(alice.api_tokens.values_list("key_hash", flat=True))


def test_createtoken_for_an_unknown_user_says_how_to_create_one():
    with pytest.raises(CommandError, match="createsuperuser"):
        run("createtoken", "nobody")


def test_jobs_failed_lists_failed_records_with_their_error(alice):
    AudioRecord.objects.create(owner=alice, size=1, status=Status.FAILED, error="audio could not be decoded")
    AudioRecord.objects.create(owner=alice, size=1, status=Status.COMPLETED)
    listing = run("jobs", "failed")
    assert "audio could not be decoded" in listing and "1 failed" in listing


def test_jobs_retry_refuses_a_record_that_did_not_fail(alice):
    done = AudioRecord.objects.create(owner=alice, size=1, status=Status.COMPLETED)
    with pytest.raises(CommandError, match="not failed"):
        run("jobs", "retry", str(done.pk))
    with pytest.raises(CommandError, match="no recording"):
        run("jobs", "retry", "nope")
