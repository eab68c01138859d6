"""A real HTTP server on loopback that speaks enough of the OpenAI protocol to fail in chosen ways."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOpenAI:
    def __init__(self) -> None:
        self.mode = "ok"
        self.text = "Hi, my name is Robert Miller."
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                fake.requests.append(self.path)
                if fake.mode == "unauthorized":
                    return self._json(401, {"error": {"message": "Incorrect API key provided: sk-wrong.",
                                                      "type": "invalid_request_error"}})
                if fake.mode == "slow":
                    time.sleep(30)
                if fake.mode == "error":
                    return self._json(500, {"error": {"message": "The server had an error"}})
                return self._json(200, {"text": fake.text, "language": "english", "duration": 2.0})

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except BrokenPipeError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
