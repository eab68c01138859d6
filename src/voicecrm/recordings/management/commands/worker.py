import logging
import os
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

log = logging.getLogger("voicecrm.jobs")


def run_reaper(stop: threading.Event) -> None:
    """Every VOICECRM_REAPER_INTERVAL seconds, take back dead jobs and queue lost ones."""
    from django.db import connection

    from voicecrm.recordings.services import records_reap

    while not stop.wait(settings.REAPER_INTERVAL):
        try:
            counts = records_reap()
            if any(counts.values()):
                log.info("reaper: %s", counts)
        except Exception:
            log.exception("reaper failed; it will try again")
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Run queue workers: N processes, each loading the speech model once and reusing it."

    def add_arguments(self, parser):
        parser.add_argument("-w", "--workers", type=int, default=int(os.environ.get("VOICECRM_WORKERS", "1")))
        parser.add_argument("--no-reaper", action="store_true", help="leave reaping to other workers")

    def handle(self, *args, workers, no_reaper, **options):
        from huey.contrib.djhuey import HUEY

        import voicecrm.recordings.tasks  # noqa: F401  (registers the tasks)

        os.environ["VOICECRM_WORKER_PROCESSES"] = str(workers)
        consumer = HUEY.create_consumer(
            workers=workers, worker_type="process", periodic=False,
            initial_delay=settings.WORKER_POLL_DELAY, max_delay=settings.WORKER_MAX_POLL_DELAY, backoff=1.1,
            check_worker_health=True, health_check_interval=1)
        stop = threading.Event()
        if not no_reaper:
            threading.Thread(target=run_reaper, args=(stop,), name="reaper", daemon=True).start()
        self.stdout.write(f"voicecrm worker: {workers} process(es) on {settings.QUEUE_URL.split('@')[-1]}")
        try:
            consumer.run()
        finally:
            stop.set()
