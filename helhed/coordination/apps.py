from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "helhed.coordination"
    label = "coordination"

    def ready(self):
        from helhed.coordination import extensions  # noqa: F401  (reasons, facts, sections, personal data)
