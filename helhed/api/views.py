"""The administrator's pages for API clients (to be written)."""

from django.http import HttpResponse

from helhed.core.views import staff_required


@staff_required
def clients(request):
    return HttpResponse("")


@staff_required
def client_add(request):
    return HttpResponse("")
