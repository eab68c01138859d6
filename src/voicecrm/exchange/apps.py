from django.apps import AppConfig

from voicecrm.pipeline.signals import worker_tick


class ExchangeConfig(AppConfig):
    name = "voicecrm.exchange"
    verbose_name = "Import and export"

    def ready(self) -> None:
        # The import task must be registered in every process that runs the queue's consumer (the worker
        # imports only the pipeline's tasks); the worker's periodic tick takes back import jobs it lost.
        # (Imported here because Django's models are only ready now.)
        from .tasks import imports_reap

        worker_tick.connect(imports_reap, dispatch_uid="voicecrm.exchange.imports_reap")
