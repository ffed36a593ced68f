"""The portal's pages: mydata. (Stubs until built.)"""

from django.http import HttpResponse
from django.urls import path

from helhed.portal.session import citizen_required


@citizen_required
def who_looked(request, **kwargs):
    return HttpResponse("who_looked")


@citizen_required
def my_data(request, **kwargs):
    return HttpResponse("my_data")


@citizen_required
def my_data_pdf(request, **kwargs):
    return HttpResponse("my_data_pdf")


@citizen_required
def my_data_json(request, **kwargs):
    return HttpResponse("my_data_json")


urlpatterns = [
    path("hvem-har-set/", who_looked, name="who_looked"),
    path("mine-data/", my_data, name="my_data"),
    path("mine-data/pdf/", my_data_pdf, name="my_data_pdf"),
    path("mine-data/json/", my_data_json, name="my_data_json"),
]

# Staff pages of this area (mounted outside the portal's path).
staff_urlpatterns = []
