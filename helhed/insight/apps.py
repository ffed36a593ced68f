from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "helhed.insight"
    label = "insight"

    def ready(self):
        from helhed.insight import extensions  # noqa: F401
