from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "helhed.coordination"
    label = "coordination"
