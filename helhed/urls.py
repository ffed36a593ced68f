from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from helhed.core import security
from helhed.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", core_views.metrics, name="metrics"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("bekraeft/", security.reauthenticate, name="reauthenticate"),
    path("sprog/", set_language, name="set_language"),
    path("", include("helhed.core.urls")),
    path("", include("helhed.casefile.urls")),
    path("borgere/", include("helhed.citizens.urls")),
    path("", include("helhed.contact.urls")),
    path("", include("helhed.plans.urls")),
    path("", include("helhed.coordination.urls")),
    path("", include("helhed.offers.urls")),
    path("", include("helhed.sanctions.urls")),
    path("", include("helhed.meetings.urls")),
    path("", include("helhed.programmes.urls")),
    path("", include("helhed.outreach.urls")),
    path("", include("helhed.insight.urls")),
    path("", include("helhed.audit.urls")),
    path("", include("helhed.rules.urls")),
    path("borger/", include("helhed.portal.urls")),
    path("", include("helhed.portal.staff_urls")),
    path("", include("helhed.api.urls")),
]

handler403 = "helhed.core.views.permission_denied"
handler404 = "helhed.core.views.not_found"
# The development identity provider answers 404 unless settings.DEV_IDP (helhed/portal/dev_provider.py).
urlpatterns.append(path("test-mitid/", include("helhed.portal.dev_provider_urls")))
