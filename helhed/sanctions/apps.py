from django.apps import AppConfig


class SanctionsConfig(AppConfig):
    name = "helhed.sanctions"
    label = "sanctions"
