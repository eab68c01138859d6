"""A 10,000-row CSV import as a queued job with real parts: `voicecrm serve` and its embedded worker, the SQLite
database and queue, over HTTP. The job reports its progress while it runs and a report of its bad rows at the
end."""

import time

import pytest

from tests.helpers import Api, VoiceCRMServer

pytestmark = pytest.mark.slow

ROWS = 10_000
BAD_EVERY = 1_000   # rows 1000, 2000, …: an email that does not validate
DUPLICATE_EVERY = 500  # rows 500, 1500, …: the same person as the row before (same email)


def _csv() -> bytes:
    lines = ["Prénom;Nom;E-mail;Téléphone;Ville;Société;Budget"]
    for n in range(1, ROWS + 1):
        email = f"contact{n}@example.com"
        if n % BAD_EVERY == 0:
            email = f"contact{n}-at-example"
        elif n % DUPLICATE_EVERY == 0:
            email = f"contact{n - 1}@example.com"
        lines.append(f"Prénom{n};Nom{n};{email};+33 6 12 {n // 100 % 100:02d} {n % 100:02d} 00;Ville{n % 97};"
                     f"Société {n % 13};{n * 10}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("import-e2e")).start()
    yield srv
    srv.stop()


def test_a_10000_row_csv_imports_as_a_job_with_progress_and_a_report(server):
    api = Api(server.url, server.user_token())
    started = time.monotonic()
    answer = api.session.post(server.url + "/api/imports", files={"file": ("clients.csv", _csv())},
                              data={"duplicates": "update"}, timeout=60)
    assert answer.status_code == 202, answer.text
    accepted = time.monotonic() - started
    progress = []
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        job = api.session.get(server.url + answer.json()["status_url"], timeout=10).json()
        progress.append((job["status"], job["rows_done"]))
        if job["status"] in ("completed", "failed"):
            break
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    print(f"\n10,000-row import: accepted in {accepted:.2f} s, completed in {elapsed:.1f} s "
          f"({len(progress)} polls: {sorted({done for _, done in progress})})")
    assert job["status"] == "completed", (job, server.output())
    assert job["rows_total"] == job["rows_done"] == ROWS
    # Progress was visible while the job ran: counts between none and all, rising.
    running = [done for status, done in progress if status == "running"]
    assert any(0 < done < ROWS for done in running), progress
    assert running == sorted(running)
    bad = ROWS // BAD_EVERY
    duplicates = ROWS // DUPLICATE_EVERY - bad  # every 500th row but the bad ones (every 1000th)
    assert job["rows_failed"] == bad
    assert [e["line"] for e in job["errors"]] == [n + 1 for n in range(BAD_EVERY, ROWS + 1, BAD_EVERY)]
    assert all("not a valid email address" in e["reason"] for e in job["errors"])
    assert job["rows_updated"] == duplicates
    assert job["rows_created"] == ROWS - bad - duplicates
    clients = api.session.get(server.url + "/api/clients", params={"limit": 1}, timeout=10).json()
    assert clients["count"] == job["rows_created"]
    history = api.session.get(f"{server.url}/api/clients/{clients['results'][0]['id']}/history", timeout=10).json()
    assert history and {h["source"] for h in history} == {"import"}
