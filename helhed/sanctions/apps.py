from django.apps import AppConfig


class SanctionsConfig(AppConfig):
    name = "helhed.sanctions"
    label = "sanctions"

    def ready(self):
        from helhed.sanctions import extensions  # noqa: F401  (the sanction-case reason, personal data)
