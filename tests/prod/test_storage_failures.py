"""Disk full or unwritable media folder at upload: a clear 507/500 JSON error and nothing half-written.

The full disk is a real one: a 256 kB tmpfs mounted for the test and filled up (we run as root, so
permissions alone would not stop a write)."""

import os
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from voicecrm.pipeline.workers import worker_beat
from voicecrm.recordings.models import AudioRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(tmp_path):
    mount = tmp_path / "media"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip()}): needs root in a machine "
                    "that allows mounts")
    filler = mount / "filler"
    try:
        with open(filler, "wb") as out:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
    except OSError:
        pass
    yield mount, filler
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _storage(settings, location) -> None:
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(location)}}}


def _upload(client, content: bytes):
    return client.post("/api/audio/upload", {"audio": SimpleUploadedFile("a.webm", content, "audio/webm")})


def test_a_full_disk_answers_507_keeps_no_record_and_no_partial_file(alice_api, settings, full_disk,
                                                                     new_client_webm):
    mount, filler = full_disk
    _storage(settings, mount)
    answer = _upload(alice_api, new_client_webm.read_bytes())
    assert answer.status_code == 507
    assert "disk is full" in answer.json()["detail"] and str(mount) not in answer.json()["detail"]
    assert AudioRecord.objects.count() == 0
    assert [p.name for p in mount.rglob("*") if p.is_file()] == ["filler"]

    filler.unlink()
    answer = _upload(alice_api, new_client_webm.read_bytes())
    assert answer.status_code == 202
    assert AudioRecord.objects.get().file.read() == new_client_webm.read_bytes()


def test_health_reports_the_full_disk(client, settings, full_disk):
    mount, _ = full_disk
    _storage(settings, mount)
    settings.HEALTH_MIN_FREE_MB = 1
    from django.utils import timezone

    worker_beat(name="h:1", hostname="h", pid=1, processes=1, generation=0, started_at=timezone.now())
    answer = client.get("/health")
    assert answer.status_code == 503
    assert not answer.json()["checks"]["disk"]["ok"]


def test_a_media_folder_that_cannot_be_created_answers_500_and_keeps_no_record(alice_api, settings, tmp_path,
                                                                               new_client_webm):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    _storage(settings, blocker / "media")
    answer = _upload(alice_api, new_client_webm.read_bytes())
    assert answer.status_code == 500
    assert "could not be stored" in answer.json()["detail"]
    assert str(tmp_path) not in answer.json()["detail"]
    assert AudioRecord.objects.count() == 0
    assert os.listdir(tmp_path) == ["not-a-folder"]
