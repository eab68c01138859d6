"""The ASGI application uvicorn serves: Django's WSGI handler behind a2wsgi's bridge, in a pool of threads.

Every view of VoiceCRM is synchronous. Django's own ASGI handler runs such a stack by hopping between the
event loop and threads for each middleware and for the view, which cost a third more CPU per upload and
twice the latency of running the same synchronous handler in one thread (bench/, README "Performance").
a2wsgi's `WSGIMiddleware` runs the whole request in one pool thread. What is ours around it, each for a
measured or tested reason: the request body is read and its size checked on the event loop before a
thread is taken (413; a chunked body then has the Content-Length Django needs), and glibc keeps freed
upload memory.
"""

from __future__ import annotations

import ctypes
import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from tempfile import SpooledTemporaryFile
from typing import Any
from wsgiref.util import FileWrapper

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voicecrm.settings")

from a2wsgi import WSGIMiddleware  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, parse_cookie  # noqa: E402
from django.urls import get_resolver  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.formats import number_format  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

django_application = get_wsgi_application()
# The URLconf (and with it every view, the API and its schemas) is imported now rather than by the first
# request, which would otherwise wait ~0.5 s for it in each web process.
_url_patterns = get_resolver().url_patterns

from .push import hold_status_request  # noqa: E402  (reads the models: after Django's set-up)


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

# A file response (an audio download) goes out in blocks of this size, one event-loop hop each.
_FILE_BLOCK = 256 * 1024


def _with_file_wrapper(environ: dict, start_response: Callable) -> Any:
    """Django with PEP 3333's `wsgi.file_wrapper`, which a2wsgi does not offer: without it Django streams a
    FileResponse in 4 kB blocks, each a hop to the event loop (a 1 MB recording: 42 ms of web CPU instead
    of 9 ms, medians of 6 runs in bench/; README "Performance")."""
    environ["wsgi.file_wrapper"] = lambda filelike, _block_size=None: FileWrapper(filelike, _FILE_BLOCK)
    return django_application(environ, start_response)


# More requests than threads wait their turn in the pool's queue (settings.WEB_THREADS says why few).
_bridge = WSGIMiddleware(_with_file_wrapper, workers=settings.WEB_THREADS)
# A body read on the loop goes to the Django thread in pieces of this size, one loop hop each.
_REPLAY_PIECE = 1024 * 1024


def body_limit() -> int:
    """The largest request body accepted, in bytes: the upload limit (VOICECRM_UPLOAD_MAX_MB) and 64 KiB
    for the multipart envelope and the other form fields."""
    return int(settings.UPLOAD_MAX_MB * 1024 * 1024) + 64 * 1024


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    """The ASGI entry point (settings.ASGI_APPLICATION): HTTP only; lifespan is off in `voicecrm serve`.

    A request with a body is read here, on the event loop, before a thread runs Django for it: a 413 from
    its Content-Length before anything is read, or once a chunked body passes the limit while it arrives;
    nothing when the client goes away mid-body. A thread is then busy for the request's work only, not
    for as long as a slow network takes to send it (README "Performance": status requests while slow
    uploads arrive).
    """
    if scope["type"] != "http":
        return
    headers = dict(scope.get("headers") or [])
    length = headers.get(b"content-length")
    if length is None and b"transfer-encoding" not in headers:
        # No body; a status long poll waits on the loop first (push.py), holding no thread.
        if not await hold_status_request(scope, receive, send, _bridge):
            await _bridge(scope, receive, send)
        return
    if length is not None and length.isdigit() and int(length) > body_limit():
        await _refuse_too_large(scope, send, int(length))
        return
    # Kept as Django's own ASGI handler keeps a body: in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, on disk beyond.
    with SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, mode="w+b") as body:
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > body_limit():
                await _refuse_too_large(scope, send, None)
                return
            body.write(chunk)
            more = message.get("more_body", False)
        body.seek(0)

        async def replay() -> Message:
            piece = body.read(_REPLAY_PIECE)
            return {"type": "http.request", "body": piece, "more_body": body.tell() < size}

        # Django reads only CONTENT_LENGTH bytes of a WSGI body, and none without it (Django ticket #35838):
        # a chunked body gets its length, now known.
        forwarded = [(k, v) for k, v in scope["headers"] if k not in (b"content-length", b"transfer-encoding")]
        await _bridge({**scope, "headers": [*forwarded, (b"content-length", str(size).encode())]}, replay, send)


def _megabytes(size: float) -> str:
    """``size`` bytes in MB (2**20 bytes) to one decimal, written in the active language ("71.5", "71,5", "25")."""
    megabytes = round(size / 1048576, 1)
    return number_format(int(megabytes) if megabytes.is_integer() else megabytes)


async def _refuse_too_large(scope: Scope, send: Send, length: int | None) -> None:
    """Answer 413 ``{"detail", "code": "too_large"}`` in the caller's language (Accept-Language, or the
    language cookie) without reading the rest of the body; the connection closes after it."""
    request = HttpRequest()
    headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
    request.META["HTTP_ACCEPT_LANGUAGE"] = headers.get("accept-language", "")
    request.COOKIES = parse_cookie(headers.get("cookie", ""))
    with translation.override(translation.get_language_from_request(request)):
        limit = _megabytes(settings.UPLOAD_MAX_MB * 1048576)
        if length is not None:
            detail = _("the request is %(size)s MB; the upload limit is %(limit)s MB") % {
                "size": _megabytes(length), "limit": limit}
        else:
            detail = _("the request is over %(size)s MB; the upload limit is %(limit)s MB") % {
                "size": _megabytes(body_limit()), "limit": limit}
    body = json.dumps({"detail": detail, "code": "too_large"}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
