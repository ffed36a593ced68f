from django.utils.functional import SimpleLazyObject

from helhed.core.models import StaffMember


def _staff_for(request):
    user = request.user
    if not user.is_authenticated:
        return None
    staff = StaffMember.objects.select_related("unit", "municipality").prefetch_related("roles").filter(user_id=user.pk).first()
    if staff is not None:
        staff.user = user  # the user the session already loaded, not a second copy joined in
        staff.request_scoped = True  # lives for this request only: selectors may keep per-request work on it
    return staff


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


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response but static files: pages, PDFs, downloads, exports and calendar
    feeds carry personal data, and neither the browser nor a proxy may keep a copy.

    Static files never get here: WhiteNoise answers them before this middleware (it sits right after WhiteNoise);
    a request under STATIC_URL that does reach Django (a missing file) is left alone too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        response = self.get_response(request)
        static = bool(settings.STATIC_URL) and request.path.startswith(settings.STATIC_URL)
        if not static or getattr(getattr(request, "user", None), "is_authenticated", False):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
