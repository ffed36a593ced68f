from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render


def staff_required(view):
    """Logged in and linked to a staff member (every page of the case platform needs both)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles):
    """Staff member holding at least one of `roles`; everyone else gets 403."""

    def decorator(view):
        @wraps(view)
        @staff_required
        def wrapper(request, *args, **kwargs):
            if not set(roles) & set(request.staff.role_codes()):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def home(request):
    if request.user.is_authenticated:
        return redirect("casefile:start")
    return redirect("login")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
