"""Huey's SQLite queue with WAL and synchronous=NORMAL, as the Django database already uses.

Huey's own SqliteStorage leaves SQLite's default synchronous=FULL: every enqueue waits for an fsync
(about 14 ms here) while holding the storage lock, which capped uploads at ~70/s. With NORMAL a
commit survives a crash of any process; only a power cut may lose the last commits, and then the
reaper queues again every pending record that the queue does not hold (the database is the outbox).
No Django imports here: djhuey loads this class while the apps are still loading.
"""

from __future__ import annotations

import sqlite3

from huey import SqliteHuey
from huey.storage import SqliteStorage


class WalSqliteStorage(SqliteStorage):
    def _create_connection(self) -> sqlite3.Connection:
        conn = super()._create_connection()
        conn.execute("pragma synchronous=NORMAL")
        return conn


class WalSqliteHuey(SqliteHuey):
    storage_class = WalSqliteStorage
