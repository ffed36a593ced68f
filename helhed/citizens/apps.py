from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "helhed.citizens"
    label = "citizens"

    def ready(self):
        from helhed.citizens import extensions, predicates  # noqa: F401  (register the base's sections and perms)
