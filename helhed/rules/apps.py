from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "helhed.rules"
    label = "helhed_rules"  # "rules" is taken by django-rules

    def ready(self):
        from helhed.rules import catalogue, extensions  # noqa: F401  (the rules; worklist, section, scan, data)
