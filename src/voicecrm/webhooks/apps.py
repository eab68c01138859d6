from django.apps import AppConfig

from voicecrm.crm.signals import client_created, client_deleted, client_updated, task_created, task_done
from voicecrm.pipeline.signals import job_finished, worker_tick


class WebhooksConfig(AppConfig):
    name = "voicecrm.webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Webhooks listen to the CRM and the pipeline, which never import them. The delivery task is imported
        # here so that every worker knows it (and because Django's models are only ready now).
        from . import receivers, tasks

        for signal, receiver in ((client_created, receivers.on_client_created),
                                 (client_updated, receivers.on_client_updated),
                                 (client_deleted, receivers.on_client_deleted),
                                 (task_created, receivers.on_task_created),
                                 (task_done, receivers.on_task_done),
                                 (job_finished, receivers.on_job_finished)):
            signal.connect(receiver, dispatch_uid=f"voicecrm.webhooks.{receiver.__name__}")
        worker_tick.connect(tasks.deliveries_resume, dispatch_uid="voicecrm.webhooks.resume")
