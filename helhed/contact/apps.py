from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "helhed.contact"
    label = "contact"

    def ready(self):
        from helhed.contact.facts import conversations_from_appointments
        from helhed.rules.facts import register_provider

        register_provider("conversations", conversations_from_appointments)
