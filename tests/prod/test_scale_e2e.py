"""Scale-out with the real speech model: web without the embedded worker, several `voicecrm worker`s,
many concurrent API clients, on PostgreSQL + Redis and on MariaDB + a PostgreSQL queue.

Each user speaks about the same people twice (where they live, where they work), both recordings racing
each other: every recording must complete exactly once, each person must be one client (no duplicate),
holding both facts (no lost update).
"""

import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.helpers import Api, VoiceCRMServer, make_speech, service_available

from .fakes import mariadb_create, mariadb_drop, postgres_create, postgres_drop

pytestmark = pytest.mark.slow

PEOPLE = [("Anna", "Smith", "Boston", "Google"), ("David", "Brown", "Chicago", "Amazon"),
          ("Maria", "Garcia", "Denver", "Oracle"), ("James", "Wilson", "Seattle", "Intel"),
          ("Laura", "Taylor", "Miami", "Adobe")]

# (database, queue, users = concurrent API clients, people per user): 2 recordings per person, so
# 20 clients × 5 people × 2 = 200 recordings on PostgreSQL + Redis, as issue 5 asks, and 20 clients × 2 people × 2
# = 80 on MariaDB + a PostgreSQL queue: the same 20 clients racing on each person, in 90 s less of the suite's time
# (each recording is about 1.3 s of the real model on one core; the suite must stay near 15 minutes).
TOPOLOGIES = {
    "postgresql+redis": ("postgresql", "redis", 20, 5),
    "mariadb+postgresql-queue": ("mariadb", "postgresql", 20, 2),
}


@pytest.fixture(scope="module")
def clips(speech_dir):
    """Two short recordings per person (about 3 s of espeak-ng speech each)."""
    made = {}
    for first, last, city, company in PEOPLE:
        made[(first, "city")] = make_speech(f"My name is {first} {last}, I live in {city}.",
                                            speech_dir / f"scale-{first}-city", fmt="webm")
        made[(first, "company")] = make_speech(f"My name is {first} {last}, I work at {company}.",
                                               speech_dir / f"scale-{first}-company", fmt="webm")
    return made


@pytest.fixture(params=list(TOPOLOGIES))
def topology(request, tmp_path):
    database, queue, users, people = TOPOLOGIES[request.param]
    service_available("127.0.0.1", 5432, "PostgreSQL")
    cleanups = []
    # This test is about concurrency (every recording applied once, no duplicate client, no lost update), so
    # every value heard is written: with beam 1 some words (a city) come out below the default confidence and
    # would wait as suggestions instead (issue 13), which tests of trust cover, not this one. For the same
    # reason the speech model gives no word probabilities here (about 15 % of each transcription's time, on 400).
    env = {"VOICECRM_UPLOAD_RATE": "10/m", "VOICECRM_WHISPER_BEAM_SIZE": "1", "VOICECRM_WHISPER_THREADS": "1",
           "VOICECRM_MIN_CONFIDENCE": "0", "VOICECRM_WHISPER_WORD_TIMESTAMPS": "0"}
    if database == "postgresql":
        name = postgres_create()
        cleanups.append(lambda: postgres_drop(name))
        env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    else:
        service_available("127.0.0.1", 3306, "MariaDB")
        name = mariadb_create()
        cleanups.append(lambda: mariadb_drop(name))
        env["DATABASE_URL"] = f"mysql://root:@127.0.0.1:3306/{name}"
    if queue == "redis":
        service_available("127.0.0.1", 6379, "Redis")
        queue_name = f"voicecrm-prod-{uuid.uuid4().hex[:8]}"
        env["VOICECRM_QUEUE_URL"], env["VOICECRM_QUEUE_NAME"] = "redis://127.0.0.1:6379/11", queue_name
        cleanups.append(lambda: _redis_forget(env["VOICECRM_QUEUE_URL"], queue_name))
    else:
        queue_db = postgres_create()
        cleanups.append(lambda: postgres_drop(queue_db))
        env["VOICECRM_QUEUE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{queue_db}"
    server = VoiceCRMServer(tmp_path, env=env, embedded_worker=False, workers=2, web_processes=2)
    server.users, server.people, server.name = users, people, request.param
    try:
        server.start()
        yield server
    finally:
        server.stop()
        for cleanup in reversed(cleanups):
            cleanup()


def _redis_forget(url: str, queue_name: str) -> None:
    """Delete only our queue's keys: the shared Redis serves other test runs."""
    import redis

    conn = redis.Redis.from_url(url)
    keys = list(conn.scan_iter(match=f"*{queue_name}*"))
    if keys:
        conn.delete(*keys)


def _tokens(server, count: int) -> list[str]:
    """Create the users and their API tokens in one process (a process per user costs seconds each)."""
    code = ("from django.contrib.auth import get_user_model\n"
            "from voicecrm.accounts.services import token_create\n"
            f"for i in range({count}):\n"
            "    user = get_user_model().objects.create_user(f'user{i:02d}', password='pw-scale-123')\n"
            "    print(token_create(user=user))\n")
    # Django's shell may print its own notice first (auto-imports): keep only the tokens.
    return [word for word in server.run("shell", "-c", code).stdout.split() if word.startswith("vcrm_")]


def _user_session(server, token: str, index: int, clips: dict) -> tuple[Api, list[int]]:
    api = Api(server.url, token)
    plan = [(first, fact) for first, *_ in PEOPLE[:server.people] for fact in ("city", "company")]
    random.Random(index).shuffle(plan)
    record_ids = []
    for key in plan:
        answer = api.upload(clips[key], language="en")
        assert answer.status_code == 202, answer.text
        record_ids.append(answer.json()["audio_record_id"])
    return api, record_ids


def test_concurrent_clients_many_workers_every_recording_once_no_duplicate_no_lost_update(topology, clips):
    tokens = _tokens(topology, topology.users)
    assert len(tokens) == topology.users
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=topology.users) as pool:
        sessions = list(pool.map(lambda i: _user_session(topology, tokens[i], i, clips), range(topology.users)))
    uploaded = time.monotonic() - started
    total = sum(len(ids) for _, ids in sessions)
    assert total == topology.users * topology.people * 2

    # The limit is 10 per minute per user, counted in the database: whichever web process answers,
    # a user who has just sent 10 gets 429.
    if topology.people * 2 >= 10:
        refused = sessions[0][0].upload(clips[("Anna", "city")], language="en")
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0

    for api, record_ids in sessions:
        for record_id in record_ids:
            try:
                # Polled once a second: the two workers need the cores more than the status is urgent.
                done = api.wait(record_id, timeout=900, interval=1)
            except requests.HTTPError as exc:
                raise AssertionError(f"{exc}\n{topology.output()}") from exc
            assert done["status"] == "completed", (done, topology.output())
            assert [a["outcome"] for a in done["attempts"]].count("succeeded") == 1
    processed = time.monotonic() - started

    for api, _ in sessions:
        clients = api.session.get(topology.url + "/api/clients?limit=100", timeout=10).json()
        assert clients["count"] == topology.people, clients
        found = {(c["first_name"], c["last_name"], c["city"], c["company"]) for c in clients["results"]}
        assert found == set(PEOPLE[:topology.people])
        for client in clients["results"]:
            history = api.session.get(f"{topology.url}/api/clients/{client['id']}/history", timeout=10).json()
            assert sorted(change["field"] for change in history) == ["city", "company", "first_name",
                                                                     "last_name"]
    print(f"\n{topology.name}: {total} recordings from {topology.users} clients, 2 workers: uploads "
          f"{uploaded:.1f}s, all completed {processed:.1f}s")
