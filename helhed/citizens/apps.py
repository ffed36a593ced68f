from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "helhed.citizens"
    label = "citizens"
