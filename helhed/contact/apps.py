from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "helhed.contact"
    label = "contact"
