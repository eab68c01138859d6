"""Long polling of a recording's status, held on the event loop instead of in one of Django's few threads.

``GET /api/audio/status/{id}?wait=<status>/<stage>`` (the state the page last saw, e.g. ``pending/queued``)
is answered by Django as any status request, but only once the recording's state differs from ``wait``, or
after VOICECRM_STATUS_WAIT_SECONDS (20 s). Until then the request waits here, on the event loop: a web
process has VOICECRM_WEB_THREADS (2) threads for Django, and a waiting request must not hold one.

One task per process reads the state of every watched recording in one query every POLL_SECONDS (0.1 s), on
one thread of its own, so a page learns a stage within about 0.1 s whatever the number of waiting pages.
At most VOICECRM_STATUS_WAITERS requests wait per process; beyond that, and for a request that is not its
owner's (session cookie or bearer token), the request goes to Django at once: the page then polls every 2 s
(an answer that waited here carries ``X-Long-Poll: held``; the page asks again at once only after those).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from importlib import import_module
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.db import close_old_connections, connection

from voicecrm.accounts.services import token_user
from voicecrm.recordings.push import record_states

log = logging.getLogger("voicecrm.push")

STATUS_PATH = re.compile(r"^/api/audio/status/(\d+)$")
# The response header of an answer that waited here: the page asks again at once, else in 2 s.
HELD_HEADER = b"x-long-poll"
POLL_SECONDS = 0.1


def _session_user_id(session_key: str) -> int | None:
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    user_id = store.get("_auth_user_id")
    return int(user_id) if user_id is not None and str(user_id).isdigit() else None


def _caller(headers: dict[bytes, bytes]) -> int | None:
    """The user id a request authenticates as: its bearer token, else its session cookie; None for neither."""
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    if authorization.lower().startswith("bearer "):
        user = token_user(key=authorization[7:].strip())
        return user.pk if user is not None else None
    cookie = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
    morsel = cookie.get(settings.SESSION_COOKIE_NAME)
    return _session_user_id(morsel.value) if morsel else None


class StatusWatch:
    """The waiting requests of this process, by recording, and the one task that reads their states."""

    def __init__(self) -> None:
        self._waiting: dict[int, list[tuple[str, asyncio.Future[None]]]] = {}
        self._count = 0
        self._task: asyncio.Task[None] | None = None
        # One thread, one database connection: every read of the watch happens on it.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="status-watch")

    async def _in_thread(self, function: Callable[..., Any], *args: Any) -> Any:
        def call() -> Any:
            close_old_connections()
            try:
                return function(*args)
            except Exception:
                connection.close()  # a broken connection is opened again at the next read
                raise
        return await asyncio.get_running_loop().run_in_executor(self._thread, call)

    async def may_wait(self, headers: dict[bytes, bytes], record_id: int) -> bool:
        """Whether a request may wait for `record_id`: room is left, and it is its owner's."""
        if self._count >= settings.STATUS_WAITERS:
            return False
        try:
            user_id = await self._in_thread(_caller, headers)
            states = await self._in_thread(functools.partial(record_states, record_ids=[record_id]))
        except Exception:
            log.exception("status watch: could not read who asks for record=%s", record_id)
            return False
        return user_id is not None and record_id in states and states[record_id][0] == user_id

    async def wait(self, record_id: int, seen: str, timeout: float) -> None:
        """Return once `record_id`'s ``status/stage`` differs from `seen`, or after `timeout` seconds."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (seen, future)
        self._waiting.setdefault(record_id, []).append(entry)
        self._count += 1
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._watch())
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            pass
        finally:
            self._count -= 1
            waiting = self._waiting.get(record_id, [])
            if entry in waiting:
                waiting.remove(entry)
            if not waiting:
                self._waiting.pop(record_id, None)

    async def _watch(self) -> None:
        while self._waiting:
            ids = list(self._waiting)
            try:
                states = await self._in_thread(functools.partial(record_states, record_ids=ids))
            except Exception:
                log.exception("status watch: the states could not be read; the waiting requests are answered")
                states = {}
            for record_id in ids:
                state = states.get(record_id, (None, None))[1]
                for seen, future in self._waiting.get(record_id, []):
                    if state != seen and not future.done():
                        future.set_result(None)
            await asyncio.sleep(POLL_SECONDS)


_watch = StatusWatch()
App = Callable[[Any, Any, Any], Awaitable[None]]


async def hold_status_request(scope: Any, receive: Any, send: Any, app: App) -> bool:
    """Handle a status long poll (see the module): wait here, then let `app` (Django) answer it. False for any
    other request, which the caller passes on itself."""
    match = STATUS_PATH.match(scope.get("path", ""))
    if scope["method"] != "GET" or match is None:
        return False
    seen = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("wait", [""])[0]
    if not seen:
        return False
    record_id = int(match[1])
    headers = dict(scope.get("headers") or [])
    if await _watch.may_wait(headers, record_id):
        request = await receive()  # a GET's one empty body; the next message only comes when the client leaves
        gone = asyncio.ensure_future(receive())
        waiting = asyncio.ensure_future(_watch.wait(record_id, seen, settings.STATUS_WAIT_SECONDS))
        await asyncio.wait({gone, waiting}, return_when=asyncio.FIRST_COMPLETED)
        if gone.done():
            waiting.cancel()
            return True
        gone.cancel()
        replayed = [request]

        async def replay() -> Any:
            return replayed.pop() if replayed else await receive()

        async def marked(message: Any) -> None:
            # Tells the page this answer was held (it may ask again at once), unlike one answered at once.
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (HELD_HEADER, b"held")]}
            await send(message)

        await app(scope, replay, marked)
        return True
    await app(scope, receive, send)
    return True
