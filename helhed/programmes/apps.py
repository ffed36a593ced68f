from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "helhed.programmes"
    label = "programmes"

    def ready(self):
        from helhed.programmes import extensions  # noqa: F401
