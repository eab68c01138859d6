from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "voicecrm.crm"
