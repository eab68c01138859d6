"""Test helpers: speech made with espeak-ng, and a real VoiceCRM server + worker in subprocesses."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
VOICECRM = [sys.executable, "-m", "voicecrm.cli"]


def require_tool(name: str) -> None:
    if shutil.which(name) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed (scripts/test installs it)")
        pytest.skip(f"{name} is not installed; run scripts/test, which installs it")


def make_speech(text: str, path: Path, *, voice: str = "en-us", fmt: str = "wav") -> Path:
    """Speak text with espeak-ng into path; other formats are encoded by ffmpeg as browsers would."""
    require_tool("espeak-ng")
    wav = path.with_suffix(".wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(wav), text], check=True)
    if fmt == "wav":
        return wav
    require_tool("ffmpeg")
    codec = {"webm": ["-c:a", "libopus"], "ogg": ["-c:a", "libopus"], "m4a": ["-c:a", "aac"],
             "mp3": ["-c:a", "libmp3lame"], "flac": ["-c:a", "flac"]}[fmt]
    out = path.with_suffix(f".{fmt}")
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), *codec, str(out)], check=True)
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_available(host: str, port: int, what: str) -> None:
    """Skip (or, under CI=true, fail) when a local service does not answer."""
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        message = f"{what} is not answering on {host}:{port} (see ../shared/services.md to start it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


_MIGRATED: Path | None = None


def _migrated_sqlite() -> Path:
    """A SQLite database migrated by `voicecrm migrate`, made once per test session (in the suite's data dir)."""
    global _MIGRATED
    if _MIGRATED is None:
        folder = Path(os.environ.get("VOICECRM_DATA_DIR", ROOT / "var/test")) / f"migrated-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        subprocess.run([*VOICECRM, "migrate", "--noinput"], env={**os.environ, "VOICECRM_DATA_DIR": str(folder)},
                       check=True, capture_output=True, timeout=300)
        _MIGRATED = folder / "voicecrm.sqlite3"
    return _MIGRATED


class VoiceCRMServer:
    """`voicecrm serve` (and optionally separate `voicecrm worker`s) on a free port with its own data dir."""

    def __init__(self, data_dir: Path, *, env: dict[str, str] | None = None, workers: int = 0,
                 embedded_worker: bool = True, web_processes: int = 1) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        models = Path(os.environ.get("VOICECRM_DATA_DIR", ROOT / "var/test")) / "models"
        self.env = {**os.environ, "VOICECRM_DATA_DIR": str(data_dir), "VOICECRM_REAPER_INTERVAL": "1",
                    "VOICECRM_UPLOAD_RATE": "1000/m",
                    "VOICECRM_RETRY_DELAYS": "1,2", "PYTHONUNBUFFERED": "1",
                    # One worker process (one model) per server unless a test asks for more: the suite starts
                    # many servers on 2 cores. The default (VOICECRM_WORKERS) is measured by bench/.
                    "VOICECRM_WORKERS": "1", **(env or {})}
        data_dir.mkdir(parents=True, exist_ok=True)
        # Share the joined model between servers: joining it is the slow part of a first start.
        models.mkdir(parents=True, exist_ok=True)
        if not (data_dir / "models").exists():
            (data_dir / "models").symlink_to(models)
        self.embedded_worker = embedded_worker
        self.web_processes = web_processes
        self.extra_workers = workers
        self.procs: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def run(self, *args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*VOICECRM, *args], env=self.env, input=input, capture_output=True, text=True,
                              check=check, timeout=300)

    def spawn(self, *args: str, name: str) -> subprocess.Popen:
        log = self.data_dir / f"{name}-{len(self.logs)}.log"
        self.logs.append(log)
        proc = subprocess.Popen([*VOICECRM, *args], env=self.env, stdout=open(log, "w"),
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def migrate(self) -> None:
        """Migrate the server's database. A new SQLite database is a copy of one migrated once per test session
        (migrating costs seconds of CPU and the suite starts about twenty servers); others are migrated."""
        database = self.data_dir / "voicecrm.sqlite3"
        if self.env.get("DATABASE_URL") or database.exists():
            self.run("migrate", "--noinput")
            return
        with sqlite3.connect(_migrated_sqlite()) as source, sqlite3.connect(database) as copy:
            source.backup(copy)

    def start(self) -> VoiceCRMServer:
        self.migrate()
        args = ["serve", "--no-migrate", "--port", str(self.port), "--web-processes", str(self.web_processes)]
        if not self.embedded_worker:
            args.append("--no-worker")
        self.spawn(*args, name="serve")
        for _ in range(self.extra_workers):
            self.start_worker()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/api/docs", timeout=5)
                return self
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or busy starting
                if self.procs[0].poll() is not None:
                    break
                time.sleep(0.2)
        raise RuntimeError(f"server did not start:\n{self.output()}")

    def start_worker(self, workers: int = 1) -> subprocess.Popen:
        return self.spawn("worker", "-w", str(workers), name="worker")

    def output(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-6000:]}" for log in self.logs if log.exists())

    def stop(self) -> None:
        import signal

        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    def user_token(self, username: str = "alice", password: str = "correct horse battery") -> str:
        env = {**self.env, "DJANGO_SUPERUSER_PASSWORD": password}
        subprocess.run([*VOICECRM, "createsuperuser", "--noinput", "--username", username,
                        "--email", f"{username}@example.com"], env=env, capture_output=True, text=True)
        answer = requests.post(self.url + "/api/auth/token", json={"username": username, "password": password},
                               timeout=10)
        answer.raise_for_status()
        return answer.json()["token"]


class Api:
    """A small API client with a bearer token."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def upload(self, path: Path, **data) -> requests.Response:
        with open(path, "rb") as fh:
            return self.session.post(self.base + "/api/audio/upload", files={"audio": (path.name, fh)},
                                     data=data, timeout=30)

    def status(self, record_id: int) -> dict:
        answer = self.session.get(f"{self.base}/api/audio/status/{record_id}", timeout=10)
        answer.raise_for_status()
        return answer.json()

    def wait(self, record_id: int, *, until=("completed", "failed"), timeout: float = 120,
             interval: float = 0.1) -> dict:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            state = self.status(record_id)
            if not seen or seen[-1] != state["status"]:
                seen.append(state["status"])
            if state["status"] in until:
                state["seen"] = seen
                return state
            time.sleep(interval)
        raise AssertionError(f"record {record_id} still {seen} after {timeout}s")

    def client(self, client_id: int) -> dict:
        answer = self.session.get(f"{self.base}/api/clients/{client_id}", timeout=10)
        answer.raise_for_status()
        return answer.json()
