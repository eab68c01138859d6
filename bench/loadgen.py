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
    latencies: list[float] = field(default_factory=list)  # seconds, accepted uploads only
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0  # connection errors and timeouts

    @property
    def accepted(self) -> int:
        return self.statuses.get(202, 0)

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        return {"concurrency": self.concurrency, "requests": sum(self.statuses.values()) + self.errors,
                "accepted": self.accepted, "errors": self.errors + sum(
                    n for status, n in self.statuses.items() if status != 202),
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
        if status == 202:
            result.latencies.append(elapsed)
        if close:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run(port: int, request: bytes, concurrency: int, requests: int, seconds: float,
               timeout: float) -> LoadResult:
    result = LoadResult(concurrency=concurrency, wall=0.0)
    remaining = [requests]
    started = time.monotonic()
    await asyncio.gather(*(_client(port, request, result, started + seconds, remaining, timeout)
                           for _ in range(concurrency)))
    result.wall = time.monotonic() - started
    return result


def upload_load(*, port: int, request: bytes, concurrency: int, requests: int, seconds: float = 60,
                timeout: float = 30) -> LoadResult:
    """Send `requests` uploads from `concurrency` keep-alive clients (or stop after `seconds`)."""
    return asyncio.run(_run(port, request, concurrency, requests, seconds, timeout))
