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
