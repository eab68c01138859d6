from django.apps import AppConfig


class ServerConfig(AppConfig):
    name = "voicecrm.server"
    verbose_name = "Web server"
