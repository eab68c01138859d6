import logging
import os
import signal
import socket
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from voicecrm.pipeline import engines
from voicecrm.pipeline.long_worker import LongAudioWorker
from voicecrm.pipeline.queue import LONG_QUEUE, MAIN_QUEUE
from voicecrm.pipeline.reaper import records_reap
from voicecrm.pipeline.signals import announce, worker_tick
from voicecrm.pipeline.tasks import process_audio_record  # noqa: F401 (registers the tasks the consumer runs)
from voicecrm.pipeline.workers import restart_generation, worker_beat, worker_gone
from voicecrm.recordings.retention import audio_purge_expired
from voicecrm.recordings.uploads import abandoned_uploads_purge

log = logging.getLogger("voicecrm.jobs")

# The consumer forks its worker processes (at start, and again when one dies) while the reaper and the
# monitor threads may be inside SQLite; a child forked then inherits SQLite's mutex locked and hangs on
# its first query. The threads hold this lock around their database work, and fork() waits for it.
_fork_guard = threading.Lock()
os.register_at_fork(before=_fork_guard.acquire, after_in_parent=_fork_guard.release,
                    after_in_child=_fork_guard.release)


def run_reaper(stop: threading.Event) -> None:
    """Every VOICECRM_REAPER_INTERVAL seconds, take back dead jobs and queue lost ones, then tell the layers above
    (pipeline.signals.worker_tick: the morning digest); every VOICECRM_RETENTION_INTERVAL, delete expired audio
    and uploads abandoned mid-request."""
    next_purge = time.monotonic()
    while not stop.wait(settings.REAPER_INTERVAL):
        with _fork_guard:
            try:
                counts = records_reap()
                if any(counts.values()):
                    log.info("reaper: %s", counts)
                if time.monotonic() >= next_purge:
                    next_purge = time.monotonic() + settings.RETENTION_INTERVAL
                    audio_purge_expired()
                    abandoned_uploads_purge()
                announce(worker_tick)
            except Exception:
                log.exception("reaper failed; it will try again")
            finally:
                connection.close()


def run_monitor(stop: threading.Event, *, consumer, name: str, processes: int, generation: int) -> None:
    """Report this worker alive (for /health) and stop it gracefully when `jobs restart-workers` asks."""
    started_at = timezone.now()
    while True:
        with _fork_guard:
            try:
                worker_beat(name=name, hostname=socket.gethostname(), pid=os.getpid(), processes=processes,
                            generation=generation, started_at=started_at)
                restart = restart_generation() != generation
            except Exception:
                restart = False
                log.warning("worker heartbeat failed; it will try again", exc_info=True)
            finally:
                connection.close()
        if restart:
            log.info("restart requested (`jobs restart-workers`): stopping after the current job(s)")
            # The consumer's own graceful path, but a deploy waits for running jobs to end (none outlives
            # the job timeout) instead of handing them back after the SIGTERM grace period.
            consumer.shutdown_timeout = settings.JOB_TIMEOUT + settings.HEARTBEAT_INTERVAL
            os.kill(os.getpid(), signal.SIGTERM)
            return
        if stop.wait(settings.HEARTBEAT_INTERVAL):
            return


class Command(BaseCommand):
    help = ("Run queue workers: N processes, each loading the speech model once and reusing it. "
            "SIGTERM stops gracefully (running jobs finish within VOICECRM_SHUTDOWN_TIMEOUT, or are handed "
            "back); SIGINT hands running jobs back at once.")

    def add_arguments(self, parser):
        parser.add_argument("-w", "--workers", type=int, default=settings.WORKERS)
        parser.add_argument("--no-reaper", action="store_true", help="leave reaping to other workers")
        parser.add_argument("--queue", choices=("all", "main", "long"), default="all",
                            help="all (default): the main queue, plus a child process for long recordings "
                                 "(VOICECRM_LONG_AUDIO_QUEUE); main or long: that queue only")

    def handle(self, *args, workers, no_reaper, queue, **options):
        if queue == "long":
            # Below the main queue's workers: a short recording gets the cores while a long one runs.
            os.nice(settings.LONG_AUDIO_NICE)
        long_worker = LongAudioWorker() if queue == "all" and settings.LONG_AUDIO_QUEUE else None

        engines.share_cores(workers)
        name = f"{socket.gethostname()}:{os.getpid()}"
        generation = restart_generation()
        connection.close()
        # SIGTERM (systemd, supervisor, docker stop) is the graceful signal: Huey then waits for running
        # jobs up to the shutdown timeout and interrupts the rest, whose attempts are handed back.
        consumer = (LONG_QUEUE if queue == "long" else MAIN_QUEUE).create_consumer(
            workers=workers, worker_type="process", periodic=False,
            initial_delay=settings.WORKER_POLL_DELAY, max_delay=settings.WORKER_MAX_POLL_DELAY, backoff=1.1,
            check_worker_health=True, health_check_interval=1, graceful_signal="TERM",
            shutdown_timeout=settings.SHUTDOWN_TIMEOUT)
        stop = threading.Event()
        if not no_reaper:
            threading.Thread(target=run_reaper, args=(stop,), name="reaper", daemon=True).start()
        threading.Thread(target=run_monitor, args=(stop,), name="monitor", daemon=True,
                         kwargs={"consumer": consumer, "name": name, "processes": workers,
                                 "generation": generation}).start()
        self.stdout.write(f"voicecrm worker {name}: {workers} process(es), {queue} queue(s), on "
                          f"{settings.QUEUE_URL.split('@')[-1]}")
        try:
            if long_worker is not None:
                long_worker.start().follow_signals(consumer)
            consumer.run()
        finally:
            if long_worker is not None:
                long_worker.stop()
            stop.set()
            try:
                worker_gone(name=name)
            except Exception:
                log.warning("worker %s could not remove its heartbeat", name, exc_info=True)
