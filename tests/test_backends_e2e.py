"""The same pipeline against the local PostgreSQL, MariaDB and Redis: web without the embedded worker
and a separate `voicecrm worker`, as a team would run it."""

import uuid

import pytest

from tests.helpers import Api, VoiceCRMServer, service_available
from tests.prod.fakes import mariadb_create, mariadb_drop, postgres_create, postgres_drop

pytestmark = pytest.mark.slow


def _redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


TOPOLOGIES = {
    "postgresql+redis": ("postgresql", "redis"),
    "mariadb+redis": ("mariadb", "redis"),
    "mariadb+postgresql-queue": ("mariadb", "postgresql"),
}


@pytest.fixture(params=list(TOPOLOGIES), scope="module")
def topology(request, tmp_path_factory):
    database, queue = TOPOLOGIES[request.param]
    cleanups = []
    env = {}
    if database == "postgresql" or queue == "postgresql":
        service_available("127.0.0.1", 5432, "PostgreSQL")
    if database == "mariadb":
        service_available("127.0.0.1", 3306, "MariaDB")
    if queue == "redis":
        service_available("127.0.0.1", 6379, "Redis")
    if database == "postgresql":
        name = postgres_create()
        cleanups.append(lambda: postgres_drop(name))
        env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    else:
        name = mariadb_create()
        cleanups.append(lambda: mariadb_drop(name))
        env["DATABASE_URL"] = f"mysql://root:@127.0.0.1:3306/{name}"
    if queue == "redis":
        url = "redis://127.0.0.1:6379/9"
        env["VOICECRM_QUEUE_URL"] = url
        env["VOICECRM_QUEUE_NAME"] = f"voicecrm-test-{uuid.uuid4().hex[:8]}"
        cleanups.append(lambda: _redis_flush(url))
    else:
        qname = postgres_create()
        cleanups.append(lambda: postgres_drop(qname))
        env["VOICECRM_QUEUE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{qname}"
    server = VoiceCRMServer(tmp_path_factory.mktemp(request.param), env=env, embedded_worker=False, workers=1)
    server.start()
    yield server
    server.stop()
    for cleanup in reversed(cleanups):
        cleanup()


def test_upload_is_processed_by_a_separate_worker_and_updates_the_same_client(topology, new_client_webm,
                                                                             moved_webm):
    api = Api(topology.url, topology.user_token())
    created = api.wait(api.upload(new_client_webm).json()["audio_record_id"], timeout=120)
    assert created["status"] == "completed", topology.output()
    assert (created["client_action"], created["client_name"]) == ("created", "Robert Miller")
    moved = api.wait(api.upload(moved_webm, client_id=created["client_id"]).json()["audio_record_id"])
    assert (moved["status"], moved["client_action"]) == ("completed", "updated")
    client = api.client(created["client_id"])
    assert (client["city"], client["age"], client["last_name"]) == ("Seattle", 42, "Miller")
    again = api.wait(api.upload(new_client_webm).json()["audio_record_id"])
    assert (again["client_action"], again["client_id"]) == ("updated", created["client_id"])
