"""The ASGI application uvicorn serves: Django's request handler run in a thread pool, one hop per request.

Every view of VoiceCRM is synchronous. Django's own ASGI handler runs such a stack by hopping between the
event loop and threads for each middleware and for the view (about ten hops per request), which cost a
third more CPU per upload and twice the latency of running the same synchronous handler in one thread
(bench/, README "Performance"). So the event loop only reads the body (refusing an oversized upload from
its Content-Length first) and writes the response; Django's WSGI handler does the rest in a pool thread.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from tempfile import SpooledTemporaryFile
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voicecrm.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import get_resolver  # noqa: E402

django_application = get_wsgi_application()
# The URLconf (and with it every view, the API and its schemas) is imported now rather than by the first
# request, which would otherwise wait ~0.5 s for it in each web process.
_url_patterns = get_resolver().url_patterns


def _keep_freed_memory() -> None:
    """Let glibc's malloc reuse the memory of one upload for the next instead of handing it back.

    An upload's buffers (body, multipart parts, the file) are around 1 MB each. By default glibc maps
    such blocks fresh and unmaps them when freed, or trims the freed heap back to the kernel, so every
    upload faulted in ~4 MB of new zeroed pages: ~950 page faults and 2.5–3 ms of CPU per 1 MB upload,
    a quarter of its cost (bench/, README "Performance"). Blocks up to 8 MB now come from the heap, and
    up to 64 MB of freed heap stays with the process. Elsewhere than glibc (musl, macOS) nothing changes.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # <malloc.h>
    libc.mallopt(m_mmap_threshold, 8 * 1024 * 1024)
    libc.mallopt(m_trim_threshold, 64 * 1024 * 1024)


_keep_freed_memory()

# More requests than threads wait their turn in the pool's queue (settings.WEB_THREADS says why few).
_pool = ThreadPoolExecutor(max_workers=settings.WEB_THREADS, thread_name_prefix="django")
# Streamed responses (audio files) go out in pieces of at least this size, one loop hop each.
_STREAM_BATCH = 256 * 1024


async def application(scope: dict, receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return  # no websockets; lifespan is off in `voicecrm serve`
    if scope["method"] == "POST" and await _refuse_oversized(scope, send):
        return
    # Spooled like Django's ASGI handler does: small bodies stay in memory, large ones go to disk.
    body = SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, mode="w+b")
    try:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.write(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body.seek(0)
        loop = asyncio.get_running_loop()
        start, content = await loop.run_in_executor(_pool, _handle, _environ(scope, body), send, loop)
        if start is not None:
            await send(start)
            await send({"type": "http.response.body", "body": content})
    finally:
        body.close()


async def _refuse_oversized(scope: dict, send: Any) -> bool:
    """Refuse a too-large upload from its Content-Length alone, before its body is read."""
    length = dict(scope.get("headers") or []).get(b"content-length")
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024 + 64 * 1024
    if not (length and length.isdigit() and int(length) > limit):
        return False
    body = json.dumps({"detail": f"the request is {int(length) / 1048576:.1f} MB; the upload limit is "
                                 f"{settings.UPLOAD_MAX_MB:g} MB"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
    return True


def _environ(scope: dict, body: Any) -> dict:
    # WSGI strings are latin-1 views of the raw bytes; Django decodes PATH_INFO back to UTF-8.
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode().decode("latin-1"),
        "PATH_INFO": scope["path"].removeprefix(scope.get("root_path", "")).encode().decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "wsgi.version": (1, 0), "wsgi.url_scheme": scope.get("scheme", "http"), "wsgi.input": body,
        "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    server = scope.get("server") or ("localhost", 80)
    environ["SERVER_NAME"], environ["SERVER_PORT"] = server[0], str(server[1] or 80)
    if scope.get("client"):
        environ["REMOTE_ADDR"] = scope["client"][0]
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        value = raw_value.decode("latin-1")
        if key in environ:
            value = environ[key] + ("; " if key == "HTTP_COOKIE" else ",") + value
        environ[key] = value
    return environ


def _handle(environ: dict, send: Any, loop: asyncio.AbstractEventLoop) -> tuple[dict | None, bytes]:
    """Run Django for one request in this thread (its database connection lives in this thread too).

    An ordinary response comes back whole, for the loop to send; a streamed one (a file) is sent from
    here piece by piece, each piece waiting for the loop, so a slow client never fills memory.
    """
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        # Django writes Set-Cookie values with a leading space (WSGI allows it; h11 does not).
        captured["start"] = {"type": "http.response.start", "status": int(status.split(" ", 1)[0]),
                             "headers": [(k.lower().encode("latin-1"), v.strip().encode("latin-1"))
                                         for k, v in headers]}

    response = django_application(environ, start_response)
    try:
        if not getattr(response, "streaming", False):
            return captured["start"], b"".join(response)

        def push(message: dict) -> None:
            asyncio.run_coroutine_threadsafe(send(message), loop).result()

        push(captured["start"])
        pending: list[bytes] = []
        size = 0
        for chunk in response:
            pending.append(chunk)
            size += len(chunk)
            if size >= _STREAM_BATCH:
                push({"type": "http.response.body", "body": b"".join(pending), "more_body": True})
                pending, size = [], 0
        push({"type": "http.response.body", "body": b"".join(pending), "more_body": False})
        return None, b""
    finally:
        # Fires request_finished, which closes this thread's database connection when it is due.
        response.close()
