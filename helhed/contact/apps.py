from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "helhed.contact"
    label = "contact"

    def ready(self):
        from helhed.contact import extensions  # noqa: F401  (facts, sections, reminders, personal data)
