from django.apps import AppConfig

from voicecrm.pipeline.signals import job_finished, stage_finished, worker_tick


class OpsConfig(AppConfig):
    name = "voicecrm.ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Ops listens to the pipeline rather than being called by it: nothing below ops imports ops.
        # (Receivers are imported here because Django's models are only ready now.)
        from .digest import digests_send
        from .notifications import record_notify
        from .timings import stage_timing_record

        stage_finished.connect(stage_timing_record, dispatch_uid="voicecrm.ops.timings")
        job_finished.connect(record_notify, dispatch_uid="voicecrm.ops.notifications")
        worker_tick.connect(digests_send, dispatch_uid="voicecrm.ops.digest")
