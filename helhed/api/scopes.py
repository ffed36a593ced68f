"""django-oauth-toolkit's scopes backend: a client may ask only for the scopes the administrator gave it, and gets
all of them when it asks for none."""

from oauth2_provider.scopes import BaseScopes

from helhed.api.models import SCOPES


class ClientScopes(BaseScopes):
    def get_all_scopes(self):
        return {code: str(label) for code, label in SCOPES.items()}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        from helhed.api.models import ApiClient

        if application is None:
            return list(SCOPES)
        client = ApiClient.objects.filter(application=application, active=True).first()
        return list(client.scopes) if client else []

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)
