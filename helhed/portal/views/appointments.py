"""The portal's pages: appointments. (Stubs until built.)"""

from django.http import HttpResponse
from django.urls import path

from helhed.portal.session import citizen_required


@citizen_required
def appointments(request, **kwargs):
    return HttpResponse("appointments")


@citizen_required
def move_request(request, **kwargs):
    return HttpResponse("move_request")


@citizen_required
def report_absence(request, **kwargs):
    return HttpResponse("report_absence")


@citizen_required
def appointments_ics(request, **kwargs):
    return HttpResponse("appointments_ics")


urlpatterns = [
    path("aftaler/", appointments, name="appointments"),
    path("aftaler/<int:pk>/flyt/", move_request, name="move_request"),
    path("aftaler/<int:pk>/afbud/", report_absence, name="report_absence"),
    path("aftaler.ics", appointments_ics, name="appointments_ics"),
]

# Staff pages of this area (mounted outside the portal's path).
staff_urlpatterns = []
