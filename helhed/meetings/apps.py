from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "helhed.meetings"
    label = "meetings"

    def ready(self):
        from helhed.meetings import extensions  # noqa: F401  (sections, worklist source, personal data, titles)
