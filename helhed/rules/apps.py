from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "helhed.rules"
    label = "helhed_rules"  # "rules" is taken by django-rules

    def ready(self):
        from helhed.rules import catalogue  # noqa: F401  (registers the rules)
