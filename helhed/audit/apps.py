from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "helhed.audit"
    label = "audit"

    def ready(self):
        from helhed.audit import extensions  # noqa: F401  (the stated-reason access, personal data, page titles)
