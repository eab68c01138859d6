"""The SQLite backend's writers: threads take turns on a lock, other processes are waited for, nothing leaks."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
import requests
from django.db import OperationalError, connections

from tests.helpers import VoiceCRMServer
from voicecrm.sqlite_backend.base import DatabaseWrapper, _write_lock


@pytest.fixture
def database(tmp_path, django_db_blocker):
    path = tmp_path / "writers.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        conn.execute("INSERT INTO counter VALUES (0)")
    with django_db_blocker.unblock():
        yield path


def wrapper(path, timeout: float = 5) -> DatabaseWrapper:
    settings = {**connections["default"].settings_dict, "ENGINE": "voicecrm.sqlite_backend", "NAME": str(path),
                "OPTIONS": {"timeout": timeout, "transaction_mode": "IMMEDIATE",
                            "init_command": f"PRAGMA busy_timeout={int(timeout * 1000)}"}}
    return DatabaseWrapper(settings, alias="writers")


@contextmanager
def transaction(db: DatabaseWrapper):
    """What transaction.atomic() does for an outermost block on SQLite."""
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        yield db.cursor()
    except BaseException:
        db.rollback()
        raise
    else:
        db.commit()
    finally:
        db.set_autocommit(True)


def busy_timeout(db: DatabaseWrapper) -> int:
    with db.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        return cursor.fetchone()[0]


def test_the_threads_of_a_process_take_turns_and_every_write_counts(database):
    def increments(count: int) -> None:
        db = wrapper(database)
        try:
            for _ in range(count):
                with transaction(db) as cursor:
                    cursor.execute("SELECT n FROM counter")
                    n = cursor.fetchone()[0]
                    time.sleep(0.001)  # another thread would overwrite this read if the turns overlapped
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
        finally:
            db.close()

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(increments, [15] * 6))
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT n FROM counter").fetchone()[0] == 90
    assert not _write_lock(str(database)).locked()


def test_a_failed_transaction_gives_the_lock_back(database):
    db = wrapper(database)
    with pytest.raises(RuntimeError), transaction(db) as cursor:
        cursor.execute("UPDATE counter SET n = 5")
        assert _write_lock(str(database)).locked()
        raise RuntimeError("the block fails")
    assert not _write_lock(str(database)).locked()
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT n FROM counter").fetchone()[0] == 0  # rolled back
    db.close()


def test_a_writer_in_another_process_is_waited_for(database):
    other = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, other.execute, ["COMMIT"]).start()
    db = wrapper(database, timeout=5)
    started = time.monotonic()
    with transaction(db) as cursor:
        waited = time.monotonic() - started
        cursor.execute("UPDATE counter SET n = 1")
    assert 0.25 < waited < 3
    assert busy_timeout(db) == 5000  # SQLite's own handler is back for statements outside transactions
    assert not _write_lock(str(database)).locked()
    db.close()
    other.close()


def test_past_the_busy_timeout_the_transaction_fails_as_sqlite_would(database):
    other = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    db = wrapper(database, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="database is locked"), transaction(db):
        pass
    assert time.monotonic() - started >= 0.29
    assert busy_timeout(db) == 300
    assert not _write_lock(str(database)).locked()
    other.execute("ROLLBACK")
    with transaction(db) as cursor:  # and it works again once the other writer is gone
        cursor.execute("UPDATE counter SET n = 2")
    db.close()
    other.close()


def test_concurrent_uploads_over_two_web_processes_never_pass_the_rate_limit(tmp_path, new_client_webm):
    """The upload's rate check and insert are one SQLite write turn, whichever web process answers."""
    server = VoiceCRMServer(tmp_path / "server", embedded_worker=False, web_processes=2,
                            env={"VOICECRM_UPLOAD_RATE": "5/m"}).start()
    try:
        token = server.user_token()
        content = new_client_webm.read_bytes()

        def upload(_: int) -> int:
            return requests.post(server.url + "/api/audio/upload", headers={"Authorization": f"Bearer {token}"},
                                 files={"audio": ("new.webm", content, "audio/webm")}, timeout=30).status_code

        with ThreadPoolExecutor(12) as pool:
            statuses = sorted(pool.map(upload, range(12)))
    finally:
        server.stop()
    assert statuses == [202] * 5 + [429] * 7, server.output()


def test_a_forked_child_does_not_wait_for_a_lock_its_parent_held_at_the_fork(database):
    """Huey forks its worker processes while other threads of the worker may be in a transaction."""
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        holder = wrapper(database)
        with transaction(holder) as cursor:
            cursor.execute("UPDATE counter SET n = 1")
            held.set()
            done.wait(10)
        holder.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(10)
    assert _write_lock(str(database)).locked()
    pid = os.fork()
    if pid == 0:  # the child: the parent's thread (and its SQLite lock) is not here, only its Python lock was
        code = 1
        try:
            assert not _write_lock(str(database)).locked()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    done.set()
    thread.join()
    assert os.waitstatus_to_exitcode(status) == 0
