"""A small HTTP/1.1 load generator on asyncio streams.

It sends prebuilt request bytes over keep-alive connections, so that on a 2-core machine the client
spends as little CPU as possible beside the server it measures.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field


def multipart_upload(*, host: str, token: str, filename: str, content: bytes,
                     content_type: str = "audio/webm") -> bytes:
    """The bytes of one `POST /api/audio/upload` request, as a browser's FormData would send them."""
    boundary = uuid.uuid4().hex
    body = b"".join([
        f"--{boundary}\r\n".encode(),
        f'Content-Disposition: form-data; name="audio"; filename="{filename}"\r\n'.encode(),
        f"Content-Type: {content_type}\r\n\r\n".encode(),
        content,
        f"\r\n--{boundary}--\r\n".encode(),
    ])
    head = (f"POST /api/audio/upload HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


@dataclass
class LoadResult:
    concurrency: int
    wall: float
    latencies: list[float] = field(default_factory=list)  # seconds, accepted requests only
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0  # connection errors and timeouts
    ok: int = 202  # the status of an accepted request

    @property
    def accepted(self) -> int:
        return self.statuses.get(self.ok, 0)

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        return {"concurrency": self.concurrency, "requests": sum(self.statuses.values()) + self.errors,
                "accepted": self.accepted, "errors": self.errors + sum(
                    n for status, n in self.statuses.items() if status != self.ok),
                "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
                "wall_s": round(self.wall, 3), "uploads_per_s": round(self.accepted / self.wall, 1),
                "p50_ms": _ms(percentile(lat, 50)), "p95_ms": _ms(percentile(lat, 95)),
                "p99_ms": _ms(percentile(lat, 99)), "max_ms": _ms(lat[-1] if lat else None)}


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def percentile(sorted_values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile: the value at or below which pct % of the samples fall."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length, close = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            close = True
    if length:
        await reader.readexactly(length)
    return status, close


async def _client(port: int, request: bytes, result: LoadResult, deadline: float, remaining: list[int],
                  timeout: float) -> None:
    reader = writer = None
    while remaining[0] > 0 and time.monotonic() < deadline:
        remaining[0] -= 1
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            status, close = await asyncio.wait_for(_read_response(reader), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            result.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        elapsed = time.monotonic() - started
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if status == result.ok:
            result.latencies.append(elapsed)
        if close:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run(port: int, request: bytes, concurrency: int, requests: int, seconds: float,
               timeout: float, ok: int) -> LoadResult:
    result = LoadResult(concurrency=concurrency, wall=0.0, ok=ok)
    remaining = [requests]
    started = time.monotonic()
    await asyncio.gather(*(_client(port, request, result, started + seconds, remaining, timeout)
                           for _ in range(concurrency)))
    result.wall = time.monotonic() - started
    return result


def upload_load(*, port: int, request: bytes, concurrency: int, requests: int, seconds: float = 60,
                timeout: float = 30, ok: int = 202) -> LoadResult:
    """Send `requests` uploads (or any `request` whose good answer is `ok`) from `concurrency` keep-alive
    clients, or stop after `seconds`."""
    return asyncio.run(_run(port, request, concurrency, requests, seconds, timeout, ok))


def status_request(*, host: str, token: str, record_id: int) -> bytes:
    """The bytes of one `GET /api/audio/status/{id}`, as a browser polls it."""
    return (f"GET /api/audio/status/{record_id} HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\n\r\n").encode()


def file_request(*, host: str, token: str, record_id: int) -> bytes:
    """The bytes of one `GET /api/audio/{id}/file`: the recording itself, as the browser plays it."""
    return (f"GET /api/audio/{record_id}/file HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\n\r\n").encode()


async def _slow_client(port: int, request: bytes, rate: float, statuses: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    piece = 16 * 1024
    try:
        for start in range(0, len(request), piece):
            writer.write(request[start:start + piece])
            await writer.drain()
            await asyncio.sleep(piece / rate)
        statuses.append((await _read_response(reader))[0])
    finally:
        writer.close()


async def _poller(port: int, request: bytes, polls: int, interval: float, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for _ in range(polls):
            started = time.monotonic()
            writer.write(request)
            await _read_response(reader)
            latencies.append(time.monotonic() - started)
            await asyncio.sleep(interval)
    finally:
        writer.close()


async def _slow(port: int, upload: bytes, status: bytes, clients: int, rate: float, polls: int,
                interval: float) -> dict:
    latencies: list[float] = []
    statuses: list[int] = []
    uploads = [asyncio.create_task(_slow_client(port, upload, rate, statuses)) for _ in range(clients)]
    await asyncio.sleep(0.5)  # the slow bodies are under way
    await _poller(port, status, polls, interval, latencies)
    await asyncio.gather(*uploads)
    lat = sorted(latencies)
    return {"slow_clients": clients, "rate_bytes_per_s": rate, "slow_statuses": statuses,
            "status_p50_ms": _ms(percentile(lat, 50)), "status_p99_ms": _ms(percentile(lat, 99)),
            "status_max_ms": _ms(lat[-1] if lat else None)}


def status_during_slow_uploads(*, port: int, upload: bytes, status: bytes, clients: int = 4,
                               rate: float = 256 * 1024, polls: int = 25, interval: float = 0.1) -> dict:
    """Latency of status requests (ms: p50, p99, max) while `clients` send `upload` at `rate` bytes/s each.

    A phone on a slow network sends its recording for seconds; what that costs the other users is what
    this measures (a server that gives a request its thread before the body has arrived lends it for that
    long). `polls` status requests, one every `interval` s, start once the slow bodies are under way.
    """
    return asyncio.run(_slow(port, upload, status, clients, rate, polls, interval))
