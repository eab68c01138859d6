"""A webhook receiver on loopback (http.server in a thread): it keeps every request, and answers each path as
a test scripts it (200, an error status, or a hang past the sender's timeout)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int | str
    at: float = field(default_factory=time.time)

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """Listens on 127.0.0.1:`port` (0: any free port) until close(). `script(path, [answer, …])`: the next
    requests to `path` get these answers in turn ("hang" waits `hang_seconds` before a 200), then 200."""

    def __init__(self, port: int = 0, *, hang_seconds: float = 3.0) -> None:
        self.requests: list[Received] = []
        self.scripts: dict[str, list[int | str]] = {}
        self.hang_seconds = hang_seconds
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    queue = receiver.scripts.get(self.path, [])
                    answer = queue.pop(0) if queue else 200
                    receiver.requests.append(Received(self.path, dict(self.headers.items()), body, answer))
                if answer == "hang":
                    time.sleep(receiver.hang_seconds)
                    answer = 200
                try:
                    self.send_response(int(answer))
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"ok" if answer == 200 else b"receiver error")
                except (BrokenPipeError, ConnectionResetError):  # the sender gave up waiting
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def script(self, path: str, answers: list[int | str]) -> None:
        with self.lock:
            self.scripts[path] = list(answers)

    def at(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def wait(self, path: str, count: int, *, timeout: float = 60) -> list[Received]:
        """The requests to `path` once there are at least `count` of them (AssertionError after `timeout` s)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.at(path)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        raise AssertionError(f"{path}: {len(self.at(path))} request(s) after {timeout}s, expected {count}: "
                             f"{[r.headers.get('X-VoiceCRM-Event') for r in self.at(path)]}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
