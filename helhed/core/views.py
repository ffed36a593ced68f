from functools import partial, wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.core import metrics as prometheus
from helhed.core import services
from helhed.core.forms import MunicipalitySettingsForm, submit
from helhed.core.models import Role


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


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def municipality_settings(request):
    """The administrator's settings of their own municipality: the day it took Helhed into use."""
    municipality = request.staff.municipality
    form = MunicipalitySettingsForm(request.POST or None, initial={"takeover_on": municipality.takeover_on})
    update = partial(services.update_municipality_settings, staff=request.staff)
    if submit(request, form, update, _("The settings were saved.")):
        return redirect("core:municipality_settings")
    return render(request, "core/municipality_settings.html", {"form": form, "municipality": municipality})


def home(request):
    if request.user.is_authenticated:
        return redirect("casefile:start")
    return redirect("login")


def healthz(request):
    """Liveness: the process answers (nothing else is checked, so a busy database never restarts the web tier)."""
    return HttpResponse("ok", content_type="text/plain")


_migrated = False


def readyz(request):
    """Readiness: the database answers and every migration is applied, so a load balancer sends no traffic to a
    process started before `migrate` ran. Once all migrations were seen applied, that is not checked again."""
    global _migrated
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrated:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if pending:
                return HttpResponse(f"{len(pending)} migrations not applied", status=503, content_type="text/plain")
            _migrated = True
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ready", content_type="text/plain")


def metrics(request):
    """Prometheus metrics (helhed/core/metrics.py): no login, no personal data. Only from an address in
    HELHED_METRICS_ALLOW or with the bearer token HELHED_METRICS_TOKEN; anyone else gets the 404 of an unknown page."""
    if not prometheus.allowed(request):
        raise Http404
    return HttpResponse(prometheus.exposition(), content_type=prometheus.CONTENT_TYPE)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    """404, with the explanation a refusal carries (`explanation`: what would give a reason), if any: a refused
    staff member learns why and what to do, and nothing about whether the citizen exists."""
    explanation = getattr(exception, "explanation", None)
    return render(request, "404.html", {"explanation": explanation}, status=404)


def local_next(request, url: str) -> str | None:
    """`url` if it is a path on this site ("/…", not "//…"), else None. Use it for ?next= and redirect with
    HttpResponseRedirect: django's redirect() would take "x" for a view name and fail."""
    if url and url.startswith("/") and not url.startswith("//") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def back_or(request, *fallback, **kwargs) -> HttpResponseRedirect:
    """Go back to ?next= when it is a path on this site, else to the view `fallback` (as django's redirect)."""
    back = local_next(request, request.GET.get("next", ""))
    return HttpResponseRedirect(back) if back else redirect(*fallback, **kwargs)
