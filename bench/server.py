"""A real `voicecrm serve` (and `voicecrm worker`s) in subprocesses, with its own data dir, for measuring."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
VOICECRM = [sys.executable, "-m", "voicecrm.cli"]
# The joined model is shared between runs: joining it is setup, not something we measure.
MODELS = ROOT / "var" / "bench-models"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """The kernel's high-water mark of the process's resident memory (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Server:
    """`voicecrm serve` on a free port; workers embedded (default) or started apart with start_worker()."""

    def __init__(self, data_dir: Path, *, env: dict[str, str] | None = None, embedded_worker: bool = True,
                 workers: int | None = None, web_processes: int | None = None,
                 command: list[str] | None = None) -> None:
        self.data_dir = data_dir
        if data_dir.exists():
            shutil.rmtree(data_dir)
        data_dir.mkdir(parents=True)
        MODELS.mkdir(parents=True, exist_ok=True)
        (data_dir / "models").symlink_to(MODELS)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "VOICECRM_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1",
                    "VOICECRM_REAPER_INTERVAL": "5", "DJANGO_SETTINGS_MODULE": "voicecrm.settings",
                    **(env or {})}
        self.embedded_worker = embedded_worker
        self.workers = workers
        self.web_processes = web_processes
        self.command = command  # another ASGI server command line instead of `voicecrm serve`
        self.procs: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def run(self, *args: str) -> str:
        return subprocess.run([*VOICECRM, *args], env=self.env, capture_output=True, text=True, check=True,
                              timeout=600).stdout

    def spawn(self, *args: str, name: str, program: list[str] = VOICECRM) -> subprocess.Popen:
        log = self.data_dir / f"{name}-{len(self.logs)}.log"
        self.logs.append(log)
        proc = subprocess.Popen([*program, *args], env=self.env, stdout=open(log, "w"),
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def start(self) -> Server:
        self.run("migrate", "--noinput")
        if self.command:
            self.spawn(*self.command, "--port", str(self.port), "--log-level", "warning", "--lifespan", "off",
                       name="server", program=[sys.executable])
            self.wait_http()
            return self
        args = ["serve", "--no-migrate", "--port", str(self.port)]
        if self.web_processes is not None:  # otherwise the default (VOICECRM_WEB_PROCESSES)
            args += ["--web-processes", str(self.web_processes)]
        if self.workers is not None:  # otherwise the default (VOICECRM_WORKERS)
            args += ["-w", str(self.workers)]
        if not self.embedded_worker:
            args.append("--no-worker")
        self.spawn(*args, name="serve")
        self.wait_http()
        return self

    def wait_http(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.procs[0].poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.output()}")

    def start_worker(self, workers: int = 1, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
        if extra_env:
            saved, self.env = self.env, {**self.env, **extra_env}
            try:
                return self.spawn("worker", "-w", str(workers), name="worker")
            finally:
                self.env = saved
        return self.spawn("worker", "-w", str(workers), name="worker")

    def wait_model_loaded(self, count: int = 1, timeout: float = 120) -> None:
        """Wait until `count` worker processes logged that their speech model is loaded."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.output().count("whisper model") >= count:
                return
            time.sleep(0.1)
        raise RuntimeError(f"worker model not loaded after {timeout}s:\n{self.output()}")

    def token(self, username: str = "bench") -> str:
        env = {**self.env, "DJANGO_SUPERUSER_PASSWORD": "bench-password-123"}
        subprocess.run([*VOICECRM, "createsuperuser", "--noinput", "--username", username,
                        "--email", f"{username}@example.com"], env=env, capture_output=True, check=True)
        return self.run("createtoken", username).strip()

    def output(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-6000:]}" for log in self.logs if log.exists())

    def processes(self) -> dict[str, list[psutil.Process]]:
        """The live processes by role: 'web' (uvicorn) and 'worker' (Huey consumer and its workers)."""
        roles: dict[str, list[psutil.Process]] = {"web": [], "worker": []}
        for proc in self.procs:
            try:
                root = psutil.Process(proc.pid)
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            for p in tree:
                try:
                    cmd = " ".join(p.cmdline())
                except psutil.Error:
                    continue
                # Worker processes are forked from `voicecrm worker`, so they keep its command line.
                roles["worker" if "voicecrm.cli worker" in cmd else "web"].append(p)
        return roles

    def web_cpu_seconds(self) -> float:
        """CPU time (user + system, s) the web processes have used so far."""
        total = 0.0
        for proc in self.processes()["web"]:
            try:
                times = proc.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
        return total

    def peak_rss(self) -> dict[str, float]:
        """Largest peak RSS of one web process and of one worker process, in MB."""
        return {role: max((peak_rss_mb(p.pid) for p in procs), default=0.0)
                for role, procs in self.processes().items()}

    def stop(self) -> None:
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
                proc.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
