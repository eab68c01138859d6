from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "voicecrm.pipeline"
    verbose_name = "Processing pipeline"
