"""The long-audio worker: a `voicecrm worker --queue long` child process that a default worker keeps running.

Huey's consumer serves one queue, and a job cannot be paused: with one queue, a short recording queued
behind a 10-minute one that has started waits for all of it (priorities only order what has not started).
So long recordings have their own queue and their own process, at a lower CPU priority (nice), and the
kernel gives the cores to a short job whenever one runs.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading

from django.conf import settings

from .processes import stop_with_parent

log = logging.getLogger("voicecrm.jobs")


class LongAudioWorker:
    """Starts the child, starts it again if it dies, and stops it (gracefully) with its parent."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._signalled = False  # a second SIGTERM would turn Huey's graceful stop into an abrupt one
        self._thread = threading.Thread(target=self._supervise, name="long-audio-worker", daemon=True)

    def _spawn(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "voicecrm.cli", "worker", "--queue", "long", "-w", "1",
                                      "--no-reaper"], preexec_fn=stop_with_parent)

    def start(self) -> LongAudioWorker:
        self._spawn()
        self._thread.start()
        return self

    def _supervise(self) -> None:
        while not self._stopping.wait(1.0):
            if self.proc is not None and self.proc.poll() is not None and not self._stopping.is_set():
                log.warning("the long-audio worker exited (code %s); starting it again", self.proc.returncode)
                self._spawn()

    def follow_signals(self, consumer) -> None:
        """Pass the consumer's stop signals on to the child at once, so that both stop in parallel
        within one grace period (docker stop signals only the main process)."""
        handle = consumer._handle_signal

        def forward(signum: int, frame: object) -> None:
            if signum in (signal.SIGTERM, signal.SIGINT) and self.proc is not None and self.proc.poll() is None:
                self._stopping.set()
                self._signalled = True
                self.proc.send_signal(signum)
            handle(signum, frame)

        consumer._handle_signal = forward

    def stop(self) -> None:
        self._stopping.set()
        if self.proc is None or self.proc.poll() is not None:
            return
        if not self._signalled:
            self.proc.send_signal(signal.SIGTERM)  # graceful: its job finishes or is handed back
        try:
            self.proc.wait(timeout=settings.SHUTDOWN_TIMEOUT + 10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
