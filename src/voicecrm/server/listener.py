"""The listening socket that web processes share, spreading connections evenly between them.

With several uvicorn processes on one socket, the kernel wakes them all for a new connection and the
first to run accepts everything waiting: 10 clients connecting at once all landed in one process (9/1
or 10/0 in 3 runs of 4), which then served them alone while the other idled, so p99 upload latency at
10 clients was worse with 2 web processes than with 1 (bench/, README "Performance"). Browsers keep
their connection open, so an uneven split lasts.

Here each process counts the connections it holds in a small shared array, and one that holds more
than another live process waits up to 2 ms before it accepts: the other, woken for the same connection,
takes it first. A process never refuses a connection, so nothing waits longer than that.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import time
from multiprocessing.reduction import DupFd
from typing import Any

# Time an over-share process gives the others to accept a connection first, looking again every step.
YIELD_SECONDS, YIELD_STEP = 0.002, 0.0004


class ConnectionCounts:
    """[pid, connections] for each web process, in memory shared by the parent and its children."""

    def __init__(self, processes: int) -> None:
        self.slots = processes + 2  # a restarted process takes a dead one's slot; spare room all the same
        self.array = multiprocessing.get_context("spawn").Array("q", 2 * self.slots)

    def claim(self) -> int:
        """This process's slot: a free one, or the slot of a process that is gone."""
        pid = os.getpid()
        with self.array.get_lock():
            for slot in range(self.slots):
                owner = self.array[2 * slot]
                if owner == pid:
                    return slot
                if owner == 0 or not _alive(owner):
                    self.array[2 * slot], self.array[2 * slot + 1] = pid, 0
                    return slot
        raise RuntimeError("no free connection-count slot")  # more processes than slots: a bug

    def add(self, slot: int, delta: int) -> None:
        with self.array.get_lock():
            self.array[2 * slot + 1] += delta

    def over_share(self, slot: int) -> bool:
        """True when this process holds more connections than some other live web process."""
        values = self.array[:]
        mine = values[2 * slot + 1]
        return any(values[2 * other] and other != slot and values[2 * other + 1] < mine
                   for other in range(self.slots))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, under another user
    return True


class _CountedConnection(socket.socket):
    """An accepted connection that leaves its process's count when closed."""

    _counts: ConnectionCounts | None = None
    _slot = -1

    def close(self) -> None:
        counts, self._counts = self._counts, None
        if counts is not None:
            counts.add(self._slot, -1)
        super().close()


class BalancedListener(socket.socket):
    """A listening socket that hands its connections to whichever web process holds fewest."""

    def __init__(self, *args: Any, counts: ConnectionCounts, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts = counts
        self._slot: int | None = None

    @classmethod
    def wrap(cls, sock: socket.socket, counts: ConnectionCounts, proto: int | None = None) -> BalancedListener:
        """Take over `sock` (bound and listening); `proto` declares it (uvicorn's leaves it 0)."""
        return cls(sock.family, sock.type, sock.proto if proto is None else proto, fileno=sock.detach(),
                   counts=counts)

    def accept(self) -> tuple[socket.socket, Any]:
        if self._slot is None:
            self._slot = self.counts.claim()
        waited = 0.0
        while waited < YIELD_SECONDS and self.counts.over_share(self._slot):
            time.sleep(YIELD_STEP)  # the accept below raises BlockingIOError if another process took it
            waited += YIELD_STEP
        fd, address = self._accept()
        conn = _CountedConnection(self.family, self.type, self.proto, fileno=fd)
        conn._counts, conn._slot = self.counts, self._slot
        self.counts.add(self._slot, 1)
        if socket.getdefaulttimeout() is None and self.gettimeout():
            conn.setblocking(True)
        return conn, address

    def __reduce__(self) -> tuple:
        # Passed to each uvicorn process (spawned, so pickled): the same socket, still balanced.
        return _rebuild, (DupFd(self.fileno()), self.family, self.type, self.proto, self.counts)


def _rebuild(fd: Any, family: int, type_: int, proto: int, counts: ConnectionCounts) -> BalancedListener:
    listener = BalancedListener(family, type_, proto, fileno=fd.detach(), counts=counts)
    # Counted from the start, so that the others leave it its share even before it first accepts.
    listener._slot = counts.claim()
    return listener
