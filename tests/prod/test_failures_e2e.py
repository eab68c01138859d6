"""No job lost, whatever fails: a real `serve --no-worker` and real `voicecrm worker`s on PostgreSQL (behind
a proxy we can cut) and a private Redis, with a transcription API we can hold mid-request."""

import os
import signal
import subprocess
import time

import pytest
import requests

from tests.helpers import Api, VoiceCRMServer, free_port, service_available

from .fakes import GatedTranscriber, PrivateRedis, TcpProxy, postgres_create, postgres_drop, postgres_query

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    service_available("127.0.0.1", 5432, "PostgreSQL")
    gate, redis, database = GatedTranscriber(), PrivateRedis(), postgres_create()
    redis.start()
    proxy = TcpProxy(5432)
    server = VoiceCRMServer(tmp_path_factory.mktemp("failures"), embedded_worker=False, env={
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{proxy.port}/{database}",
        "VOICECRM_QUEUE_URL": redis.url, "VOICECRM_TRANSCRIBER": "openai", "OPENAI_BASE_URL": gate.url,
        "OPENAI_API_KEY": "sk-test", "VOICECRM_STALE_AFTER": "3", "VOICECRM_HEARTBEAT_INTERVAL": "0.5",
        "VOICECRM_SHUTDOWN_TIMEOUT": "3", "VOICECRM_UPLOAD_RATE": "1000/m",
        # A notifier that cannot be reached: jobs must complete all the same.
        "VOICECRM_NOTIFY_URLS": f"json://127.0.0.1:{free_port()}/"})
    server.start()
    server.database, server.gate, server.redis, server.proxy = database, gate, redis, proxy
    token = server.user_token()
    server.api = Api(server.url, token)
    server.api.session.put(server.url + "/api/auth/notifications", json={"email": False, "channels": True})
    yield server
    server.stop()
    gate.close()
    proxy.close()
    redis.stop()
    postgres_drop(database)


@pytest.fixture
def worker(stack):
    """One `voicecrm worker` for the test; stopped (SIGKILL, if it must) afterwards."""
    stack.gate.release()
    proc = stack.start_worker()
    _wait_healthy(stack)
    yield proc
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    stack.gate.release()


def _wait_healthy(stack, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = requests.get(stack.url + "/health", timeout=5)
        if answer.status_code == 200:
            return answer.json()
        time.sleep(0.2)
    raise AssertionError(f"never healthy: {answer.json()}\n{stack.output()}")


def _upload_held(stack, new_client_webm) -> int:
    """Upload while the transcription API holds requests; return once the job is in the middle."""
    stack.gate.hold()
    answer = stack.api.upload(new_client_webm)
    assert answer.status_code == 202, answer.text
    stack.gate.wait_arrived()
    record_id = answer.json()["audio_record_id"]
    assert stack.api.status(record_id)["status"] == "processing"
    return record_id


def _outcomes(state: dict) -> list[str]:
    return [attempt["outcome"] for attempt in state["attempts"]]


def test_a_worker_killed_mid_job_is_taken_back_by_the_reaper_and_the_job_completes(stack, worker,
                                                                                   new_client_webm):
    record_id = _upload_held(stack, new_client_webm)
    [(name,)] = postgres_query(stack.database, "SELECT worker FROM recordings_audiorecord WHERE id = %s",
                               record_id)
    os.kill(int(name.rsplit(":", 1)[1]), signal.SIGKILL)
    stack.gate.release()
    done = stack.api.wait(record_id, timeout=60)
    assert done["status"] == "completed", stack.output()
    assert _outcomes(done) == ["abandoned", "succeeded"]
    assert "stopped responding" in done["attempts"][0]["error"]
    assert done["client_name"] == "Robert Miller"


def test_sigterm_lets_the_running_job_finish_then_the_worker_exits(stack, worker, new_client_webm):
    record_id = _upload_held(stack, new_client_webm)
    worker.send_signal(signal.SIGTERM)
    time.sleep(1)
    assert worker.poll() is None, "the worker left before its job was done"
    stack.gate.release()
    assert worker.wait(20) == 0
    done = stack.api.status(record_id)
    assert (done["status"], _outcomes(done)) == ("completed", ["succeeded"])


def test_sigterm_hands_back_a_job_that_outlasts_the_shutdown_timeout(stack, worker, new_client_webm):
    record_id = _upload_held(stack, new_client_webm)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(20) == 0
    state = stack.api.status(record_id)
    assert (state["status"], _outcomes(state)) == ("pending", ["abandoned"])
    assert "worker was stopped" in state["attempts"][0]["error"]
    stack.gate.release()
    replacement = stack.start_worker()
    try:
        done = stack.api.wait(record_id, timeout=60)
        assert (done["status"], _outcomes(done)) == ("completed", ["abandoned", "succeeded"])
    finally:
        replacement.terminate()
        replacement.wait(20)


def test_restart_workers_makes_every_running_worker_exit_after_its_job(stack, worker, new_client_webm):
    other = stack.start_worker()
    record_id = _upload_held(stack, new_client_webm)
    said = stack.run("jobs", "restart-workers").stdout
    assert "will exit after their current job" in said
    time.sleep(2)
    still_running = [p for p in (worker, other) if p.poll() is None]
    assert still_running, "a worker left in the middle of its job"
    stack.gate.release()
    assert worker.wait(20) == 0 and other.wait(20) == 0
    assert stack.api.status(record_id)["status"] == "completed"
    fresh = stack.start_worker()
    try:
        time.sleep(3)
        assert fresh.poll() is None, "a worker started after the restart request must keep running"
        assert stack.api.wait(stack.api.upload(new_client_webm).json()["audio_record_id"])["status"] == "completed"
    finally:
        fresh.terminate()
        fresh.wait(20)


def test_upload_while_redis_is_down_answers_202_and_runs_when_redis_is_back(stack, worker, new_client_webm):
    stack.redis.stop()
    try:
        health = requests.get(stack.url + "/health", timeout=10)
        assert health.status_code == 503 and not health.json()["checks"]["queue"]["ok"]
        answer = stack.api.upload(new_client_webm)
        assert answer.status_code == 202, answer.text
        record_id = answer.json()["audio_record_id"]
        time.sleep(3)
        assert stack.api.status(record_id)["status"] == "pending"
    finally:
        stack.redis.start()
    done = stack.api.wait(record_id, timeout=60)
    assert (done["status"], _outcomes(done)) == ("completed", ["succeeded"]), stack.output()


def test_the_database_gone_for_a_moment_fails_the_attempt_and_it_is_retried(stack, worker, new_client_webm):
    record_id = _upload_held(stack, new_client_webm)
    stack.proxy.cut()
    stack.gate.release()
    time.sleep(1.5)
    stack.proxy.restore()
    done = stack.api.wait(record_id, timeout=60)
    assert done["status"] == "completed", stack.output()
    assert _outcomes(done) == ["retrying", "succeeded"]
    assert done["attempts"][0]["error"]


def test_nothing_is_left_processing_or_pending(stack, worker):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rows = postgres_query(stack.database, "SELECT id, status FROM recordings_audiorecord "
                                              "WHERE status IN ('pending', 'processing')")
        if not rows:
            break
        time.sleep(0.5)
    assert rows == []
    metrics = requests.get(stack.url + "/metrics", timeout=10).text
    assert 'voicecrm_recordings{status="processing"} 0.0' in metrics


def test_a_server_killed_with_sigkill_leaves_no_worker_process_behind(tmp_path):
    """`serve`'s embedded worker, its process workers and its long-audio child (with its own) all die with
    the server, even one killed with SIGKILL: none is left orphaned, polling the queue with a model."""
    import psutil

    server = VoiceCRMServer(tmp_path, env={"VOICECRM_TRANSCRIBER": "openai", "OPENAI_API_KEY": "sk-test",
                                           "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1"})
    server.start()
    try:
        serve = psutil.Process(server.procs[0].pid)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            workers = [p for p in serve.children(recursive=True) if "worker" in " ".join(p.cmdline())]
            # worker, its process worker, the long-audio child and its process worker
            if len(workers) >= 4:
                break
            time.sleep(0.2)
        assert len(workers) >= 4, [p.cmdline() for p in workers]
        serve.kill()  # this process only, not its group
        gone, alive = psutil.wait_procs(workers, timeout=30)
        assert not alive, [(p.pid, p.cmdline()) for p in alive]
    finally:
        server.stop()
