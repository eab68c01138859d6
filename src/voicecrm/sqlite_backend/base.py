"""Django's SQLite backend, with writers that start as soon as the write lock is free.

SQLite lets one writer in at a time. A connection that finds the file locked calls SQLite's busy
handler, which sleeps in growing steps (1, 2, 5, 10, 15, 20, 25, … 100 ms) before it looks again, so
under concurrent uploads a transaction that could have started a millisecond later often started
25 ms later: p99 upload latency at 10 clients was 106–132 ms for a 1 kB upload with 4 web threads
and 42 ms with one thread (bench/, README "Performance"). Here a transaction (BEGIN IMMEDIATE, which
takes the write lock) starts this way instead:

- the threads of one process queue on a lock for the database file, held from BEGIN to COMMIT or
  ROLLBACK, and the next one goes as soon as it is released;
- against other processes (web processes, workers), BEGIN is tried without SQLite's busy handler and
  tried again every fraction of a millisecond until the file's busy timeout has passed, then fails
  with "database is locked" as before.

Statements outside a transaction keep SQLite's own busy handler and timeout.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()
# Between two tries of BEGIN against another process: short, as a transaction here lasts milliseconds.
_RETRY_SLEEP = (0.0002, 0.002)


def _write_lock(name: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(name, threading.Lock())


def _fresh_locks_in_child() -> None:
    """A forked child (Huey's process workers) has one thread: no lock it inherited is held by anyone."""
    global _locks, _locks_guard
    _locks, _locks_guard = {}, threading.Lock()


os.register_at_fork(after_in_child=_fresh_locks_in_child)


class DatabaseWrapper(base.DatabaseWrapper):
    _held_lock: threading.Lock | None = None

    def _busy_timeout(self) -> float:
        return float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))

    def _start_transaction_under_autocommit(self) -> None:
        if self.is_in_memory_db():
            return super()._start_transaction_under_autocommit()
        deadline = time.monotonic() + self._busy_timeout()
        # Past the timeout, go on without the lock and let SQLite answer: never a longer wait than before.
        lock = _write_lock(str(self.settings_dict["NAME"]))
        if lock.acquire(timeout=self._busy_timeout()):
            self._held_lock = lock
        try:
            self._begin_before(deadline)
        except BaseException:
            self._release_write_lock()
            raise

    def _begin_before(self, deadline: float) -> None:
        raw = self.connection
        raw.execute("PRAGMA busy_timeout = 0")
        try:
            pause = _RETRY_SLEEP[0]
            while True:
                try:
                    return super()._start_transaction_under_autocommit()
                except OperationalError as exc:
                    cause = exc.__cause__
                    busy = getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
                    if not busy or time.monotonic() + pause > deadline:
                        raise
                time.sleep(pause)
                pause = min(pause * 2, _RETRY_SLEEP[1])
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout() * 1000)}")

    def _commit(self) -> None:
        try:
            return super()._commit()
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            return super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            return super()._close()
        finally:
            self._release_write_lock()

    def _release_write_lock(self) -> None:
        lock, self._held_lock = self._held_lock, None
        if lock is not None:
            lock.release()
