from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "helhed.plans"
    label = "plans"

    def ready(self):
        from helhed.plans import extensions  # noqa: F401  (facts, sections, entry check, personal data)
