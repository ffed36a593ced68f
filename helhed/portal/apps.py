from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "helhed.portal"
    label = "portal"
    verbose_name = "Citizen portal"

    def ready(self):
        from helhed.portal import extensions  # noqa: F401
