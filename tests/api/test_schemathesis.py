"""Schemathesis against a live `voicecrm serve` holding real data: a user and a token, clients, a recording
processed by the real worker and one that failed (silence), a task. Every check, a fixed seed, a few examples per
operation: the suite fails on any 5xx, any answer that breaks the schema, any status the schema does not list.

Also, through the same server: the failed recording's code and whether a Retry can help come from the real job.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.helpers import Api, VoiceCRMServer

pytestmark = pytest.mark.slow

SEED = 20261130
# Bounded: the fuzzing phase makes at most this many requests per operation (the coverage phase its own
# deterministic set): about 10 s for the whole run on the idle 2-core VM (README, Errors).
MAX_EXAMPLES = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("schemathesis")).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def data(server, new_client_webm, silence_wav):
    """Real data: a processed recording (its client), a failed one, a task, throw-away clients and a throw-away
    token for the destructive operations."""
    api = Api(server.url, server.user_token())
    processed = api.wait(api.upload(new_client_webm).json()["audio_record_id"])
    assert processed["status"] == "completed", server.output()
    silent = api.wait(api.upload(silence_wav).json()["audio_record_id"])
    task = api.session.post(f"{server.url}/api/tasks", json={"title": "Send the brochure", "due": "2026-12-03",
                                                              "client_id": processed["client_id"]}, timeout=10)
    assert task.status_code == 201, task.text
    made = server.run("shell", "-c", (
        "from django.contrib.auth import get_user_model; from voicecrm.crm.models import Client; "
        "from voicecrm.accounts.services import token_create; "
        "alice = get_user_model().objects.get(username='alice'); "
        "ids = [Client.objects.create(owner=alice, first_name='Throwaway', last_name=str(n)).pk for n in range(2)]; "
        "token_create(user=alice, name='throwaway'); "
        "from voicecrm.accounts.models import ApiToken; "
        "print(ids[0], ids[1], ApiToken.objects.get(name='throwaway').pk)")).stdout.splitlines()[-1].split()
    return {"api": api, "processed": processed, "silent": silent, "task_id": task.json()["id"],
            "throwaway_clients": [int(made[0]), int(made[1])], "throwaway_token": int(made[2])}


def test_silence_fails_as_no_speech_and_offers_no_retry(data, server):
    silent, api = data["silent"], data["api"]
    assert silent["status"] == "failed"
    assert (silent["error_code"], silent["retryable"]) == ("no_speech", False)
    french = api.session.get(f"{server.url}/api/audio/status/{silent['id']}", headers={"Accept-Language": "fr"},
                             timeout=10).json()
    assert french["error"].startswith("Aucune parole détectée dans l'enregistrement (3,0 s)"), french["error"]
    retry = api.session.post(f"{server.url}/api/audio/{silent['id']}/retry", timeout=10)
    assert (retry.status_code, retry.json()["code"]) == (409, "not_retryable")


def _config(data, path: Path) -> Path:
    processed = data["processed"]
    # Real ids, so that operations reach their data and not only their 404.
    path.write_text(f"""
[parameters]
"path.record_id" = {processed["id"]}
"path.client_id" = {processed["client_id"]}
"path.task_id" = {data["task_id"]}

# An uploaded file's content (audio, a CSV or vCard) is not something a schema can describe: a valid-looking
# multipart body may still be refused (400, 413, 415).
[[operations]]
include-path-regex = "^/api/(audio/upload|imports)"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "404", "409", "413", "415", "429"]

# Nor are a calendar date's validity ("2026-02-30"), an email's domain, a phone number's plan or what a search
# counts as a word: a due, an email, a phone or a query that fits the schema may still be refused, 400 with why.
[[operations]]
include-path-regex = '^/api/((tasks|clients)(/\\{{(task|client)_id\\}})?|search)$'
include-method-regex = '^(GET|POST|PATCH)$'
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "404", "409", "429"]
""")
    return path


def _schemathesis(server, config: Path, token: str, *options: str) -> tuple[subprocess.CompletedProcess, float]:
    binary = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("schemathesis is not installed (requirements.lock)")
        pytest.skip("schemathesis is not installed: .venv/bin/pip install -r requirements.lock")
    started = time.monotonic()
    run = subprocess.run(
        [binary, "--config-file", str(config), "run", f"{server.url}/api/openapi.json", "--checks", "all",
         "--seed", str(SEED), "--max-examples", str(MAX_EXAMPLES),
         # One worker: with two, Hypothesis describes filters by parsing lambdas' source (`ast.parse`) in two threads
         # at once, and CPython 3.11.7's AST constructor keeps its recursion depth per interpreter, not per thread:
         # 1 run in 6 aborted with "SystemError: AST constructor recursion depth mismatch" (CPython gh-106905).
         "--workers", "1", "--header", f"Authorization: {token}", "--request-timeout", "30",
         # The stateful phase follows links between operations; the schema declares none, and it doubled the run.
         "--phases", "examples,coverage,fuzzing", *options],
        capture_output=True, text=True, timeout=600, cwd=config.parent)
    seconds = time.monotonic() - started
    errors = [line for log in server.logs for line in log.read_text().splitlines()
              if "trace_id=" in line or line.startswith(("Traceback", "  File", "    ")) or "Error" in line]
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-3000:] + "\nserver errors:\n" + "\n".join(
        errors)[-8000:]
    return run, seconds


def test_schemathesis_finds_no_server_error_schema_violation_or_undocumented_status(data, server, tmp_path):
    token = data["api"].session.headers["Authorization"]
    config = _config(data, tmp_path / "schemathesis.toml")
    # Every operation but the destructive ones: revoking a token (its generated ids include the run's own token:
    # tested in test_errors.py) and deleting a client (run last, below: it takes the client's recordings).
    _, seconds = _schemathesis(server, config, token, "--exclude-name", "DELETE /api/auth/tokens/{token_id}",
                               "--exclude-name", "DELETE /api/clients/{client_id}")
    print(f"schemathesis: {seconds:.0f}s")
    assert requests.get(f"{server.url}/api/clients", headers={"Authorization": token}, timeout=10).ok
    # Then the client deletes, on data nothing needs any more.
    _, seconds = _schemathesis(server, config, token, "--include-name", "DELETE /api/clients/{client_id}")
    print(f"schemathesis, client deletes: {seconds:.0f}s")
