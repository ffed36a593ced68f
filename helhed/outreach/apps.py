from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "helhed.outreach"
    label = "outreach"

    def ready(self):
        from helhed.outreach import extensions  # noqa: F401
