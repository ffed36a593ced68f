"""The portal's pages: plan. (Stubs until built.)"""

from django.http import HttpResponse
from django.urls import path

from helhed.portal.session import citizen_required


@citizen_required
def plan(request, **kwargs):
    return HttpResponse("plan")


@citizen_required
def plan_answer(request, **kwargs):
    return HttpResponse("plan_answer")


@citizen_required
def progress(request, **kwargs):
    return HttpResponse("progress")


urlpatterns = [
    path("plan/", plan, name="plan"),
    path("plan/svar/", plan_answer, name="plan_answer"),
    path("fremskridt/", progress, name="progress"),
]

# Staff pages of this area (mounted outside the portal's path).
staff_urlpatterns = []
