from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "voicecrm.ops"
    verbose_name = "Operations"
