"""A real HTTP server on loopback that answers OpenAI chat-completion requests from a script.

Each request takes the next step of the script (the last step repeats): a JSON answer, a raw HTTP
status with headers, or a delay before answering. Every request body is kept for inspection.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    status: int = 200
    content: str | None = None  # the assistant message content
    body: Any = None  # a raw JSON body, for error answers
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    refusal: str | None = None


def answer(fields: dict[str, Any], *, delay: float = 0.0) -> Step:
    """A well-formed answer whose content is the JSON of ``fields`` (every field name present)."""
    from voicecrm.extraction import FIELD_NAMES

    content = {name: fields.get(name) for name in FIELD_NAMES}
    return Step(content=json.dumps(content), delay=delay)


def error(status: int, message: str = "error", **headers: str) -> Step:
    return Step(status=status, body={"error": {"message": message, "type": "server_error"}},
                headers={k.replace("_", "-"): v for k, v in headers.items()})


class ChatServer:
    def __init__(self) -> None:
        self.script: list[Step] = []
        self.requests: list[dict[str, Any]] = []
        self.times: list[float] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append({"path": self.path, "body": body,
                                        "authorization": self.headers.get("authorization")})
                server.times.append(time.monotonic())
                step = server.script[min(len(server.requests) - 1, len(server.script) - 1)]
                if step.delay:
                    time.sleep(step.delay)
                if step.status != 200:
                    payload = step.body
                else:
                    payload = {
                        "id": f"chatcmpl-{len(server.requests)}",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": body.get("model", "test"),
                        "choices": [{
                            "index": 0,
                            "message": {"role": "assistant", "content": step.content,
                                        "refusal": step.refusal},
                            "finish_reason": "stop",
                        }],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    }
                data = json.dumps(payload).encode()
                try:
                    self.send_response(step.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in step.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as the timeout tests want

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
