"""The portal's pages: hearings. (Stubs until built.)"""

from django.http import HttpResponse
from django.urls import path

from helhed.portal.session import citizen_required


@citizen_required
def hearings(request, **kwargs):
    return HttpResponse("hearings")


@citizen_required
def hearing(request, **kwargs):
    return HttpResponse("hearing")


urlpatterns = [
    path("breve/", hearings, name="hearings"),
    path("breve/<int:pk>/", hearing, name="hearing"),
]

# Staff pages of this area (mounted outside the portal's path).
staff_urlpatterns = []
