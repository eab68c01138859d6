"""The web process reuses the memory of one upload for the next (server/asgi._keep_freed_memory)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
import requests

from tests.helpers import VoiceCRMServer


def minor_faults(pid: int) -> int:
    """Page faults served without I/O: each one is a fresh page the process touched for the first time."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[7])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc to count page faults")
def test_one_megabyte_uploads_fault_in_no_new_memory_once_warm(tmp_path, new_client_webm):
    # Measured: 110-130 faults per 1 MB upload here without the malloc settings (950 under the benchmark), 2-5 with.
    # 4 web threads: more of them, more arenas whose freed blocks glibc would hand back.
    server = VoiceCRMServer(tmp_path / "server", embedded_worker=False, env={"VOICECRM_WEB_THREADS": "4"}).start()
    try:
        token = server.user_token()
        content = new_client_webm.read_bytes() + os.urandom(1024 * 1024)
        web = psutil.Process(server.procs[0].pid)

        def upload() -> None:
            answer = requests.post(server.url + "/api/audio/upload", headers={"Authorization": f"Bearer {token}"},
                                   files={"audio": ("big.webm", content, "audio/webm")}, timeout=30)
            assert answer.status_code == 202, answer.text

        with ThreadPoolExecutor(6) as clients:  # concurrent, as the web threads' buffers then come and go
            list(clients.map(lambda _: upload(), range(30)))  # warm: the first uploads grow the heap once
            before = minor_faults(web.pid)
            list(clients.map(lambda _: upload(), range(60)))
            per_upload = (minor_faults(web.pid) - before) / 60
    finally:
        server.stop()
    assert per_upload < 30, f"{per_upload:.0f} page faults per 1 MB upload"
