import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from voicecrm.pipeline.processes import stop_with_parent
from voicecrm.server.listener import BalancedListener, ConnectionCounts


class Command(BaseCommand):
    help = "Run the web server, with an embedded worker process unless --no-worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.SERVE_HOST, help="default VOICECRM_HOST: 127.0.0.1")
        parser.add_argument("--port", type=int, default=settings.SERVE_PORT, help="default VOICECRM_PORT: 8000")
        parser.add_argument("--no-worker", action="store_true", help="workers run elsewhere (voicecrm worker)")
        parser.add_argument("-w", "--workers", type=int, default=settings.WORKERS,
                            help="worker processes of the embedded worker")
        parser.add_argument("--web-processes", type=int, default=settings.WEB_PROCESSES,
                            help="web processes sharing the port (default VOICECRM_WEB_PROCESSES: cores, up to 2)")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, host, port, no_worker, workers, web_processes, no_migrate, **options):
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        worker = None
        if not no_worker:
            # A separate process, not a thread: the job's hard timeout needs process workers.
            # It stops gracefully (SIGTERM) with this server, even one killed with SIGKILL.
            worker = subprocess.Popen([sys.executable, "-m", "voicecrm.cli", "worker", "-w", str(workers)],
                                      preexec_fn=stop_with_parent)
        self.stdout.write(f"VoiceCRM on http://{host}:{port}/ ({'no worker' if no_worker else f'{workers} worker(s)'})")
        try:
            _serve(host=host, port=port, web_processes=web_processes)
        finally:
            if worker is not None and worker.poll() is None:
                # The worker's graceful stop: its running job finishes or is handed back.
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=settings.SHUTDOWN_TIMEOUT + 15)
                except subprocess.TimeoutExpired:
                    worker.kill()


def _serve(*, host: str, port: int, web_processes: int) -> None:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("voicecrm.server.asgi:application", host=host, port=port, workers=web_processes,
                            lifespan="off", log_level=settings.ACCESS_LOG_LEVEL)
    if web_processes == 1:
        server = uvicorn.Server(config)
        server.run()
        if not server.started:  # the port is taken, or the app failed to import: say so by the exit code
            sys.exit(3)
        return
    # uvicorn binds the shared socket without naming TCP (proto 0), so asyncio leaves Nagle's algorithm on
    # for every connection it accepts: a response's body then waits for the ACK of its head, ~40 ms of
    # delayed ACK per request. The same socket, declared TCP, gets TCP_NODELAY on each connection.
    shared = config.bind_socket()
    if settings.BALANCE_CONNECTIONS:  # connections spread evenly over the processes (listener.py says why)
        tcp = BalancedListener.wrap(shared, ConnectionCounts(web_processes), proto=socket.IPPROTO_TCP)
    else:
        tcp = socket.socket(shared.family, shared.type, socket.IPPROTO_TCP, fileno=shared.detach())
    Multiprocess(config, sockets=[tcp]).run()
