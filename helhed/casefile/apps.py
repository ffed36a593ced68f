from django.apps import AppConfig


class CasefileConfig(AppConfig):
    """Composition: the pages made of what the apps register (the case file, the team view, the worklist, the
    role start pages). It may import any app; nothing imports it."""

    name = "helhed.casefile"
    label = "casefile"

    def ready(self):
        from helhed.casefile import extensions  # noqa: F401  (menu items)
