from django.utils.functional import SimpleLazyObject


def _staff_for(request):
    user = request.user
    if not user.is_authenticated:
        return None
    from helhed.core.models import StaffMember

    return (
        StaffMember.objects.select_related("user", "unit", "municipality")
        .prefetch_related("roles")
        .filter(user=user)
        .first()
    )


class StaffMemberMiddleware:
    """Puts the logged-in user's StaffMember (or None) on request.staff, loaded lazily."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.staff = SimpleLazyObject(lambda: _staff_for(request))
        return self.get_response(request)


class DanishFirstLocaleMiddleware:
    """Danish unless the user chose another language with the language button (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a caseworker whose browser is
    set to English would meet an English system without asking for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
