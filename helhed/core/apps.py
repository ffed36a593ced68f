from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "helhed.core"
    label = "core"

    def ready(self):
        # Connects the user_logged_in receiver that stamps the login time in the session.
        from helhed.core import security  # noqa: F401
