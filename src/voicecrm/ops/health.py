"""What a load balancer asks: can this instance take uploads and will they be processed?"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection

from voicecrm.pipeline.queue import queue_depth
from voicecrm.pipeline.workers import workers_alive


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "detail": f"the database does not answer: {exc}".strip()}
    return {"ok": True, "detail": connection.vendor}


def _queue() -> dict[str, Any]:
    depth = queue_depth()
    if depth is None:
        return {"ok": False, "detail": "the queue does not answer (VOICECRM_QUEUE_URL); uploads are kept "
                                       "and queued when it is back"}
    return {"ok": True, "detail": f"{depth} job(s) waiting", "depth": depth}


def _workers() -> dict[str, Any]:
    try:
        alive = list(workers_alive().values_list("name", flat=True))
    except Exception as exc:
        return {"ok": False, "detail": f"worker heartbeats cannot be read: {exc}"}
    if not alive:
        return {"ok": False, "detail": f"no worker has reported in the last {settings.STALE_AFTER:g}s: "
                                       "start `voicecrm worker`"}
    return {"ok": True, "detail": f"{len(alive)} worker(s) alive", "workers": alive}


def _disk() -> dict[str, Any]:
    if not isinstance(default_storage, FileSystemStorage):
        return {"ok": True, "detail": f"audio kept by {type(default_storage).__name__}, not on a local disk"}
    path = Path(default_storage.location)
    while not path.exists() and path != path.parent:
        path = path.parent
    free_mb = shutil.disk_usage(path).free / 1048576
    ok = free_mb >= settings.HEALTH_MIN_FREE_MB
    detail = f"{free_mb:.0f} MB free for audio" + ("" if ok else f", below {settings.HEALTH_MIN_FREE_MB:g} MB")
    return {"ok": ok, "detail": detail, "free_mb": round(free_mb, 1)}


def health_report() -> dict[str, Any]:
    """Each check with ok and a readable detail; the whole is ok only when every check is."""
    checks = {"database": _database(), "queue": _queue(), "workers": _workers(), "disk": _disk()}
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "unhealthy", "checks": checks}
