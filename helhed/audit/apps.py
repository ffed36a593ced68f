from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "helhed.audit"
    label = "audit"
