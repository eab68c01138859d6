from django.apps import AppConfig

from voicecrm.pipeline.signals import job_finished, stage_finished


class OpsConfig(AppConfig):
    name = "voicecrm.ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Ops listens to the pipeline rather than being called by it: nothing below ops imports ops.
        # (Receivers are imported here because Django's models are only ready now.)
        from .notifications import record_notify
        from .timings import stage_timing_record

        stage_finished.connect(stage_timing_record, dispatch_uid="voicecrm.ops.timings")
        job_finished.connect(record_notify, dispatch_uid="voicecrm.ops.notifications")
