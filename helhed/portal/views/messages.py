"""The portal's pages: messages. (Stubs until built.)"""

from django.http import HttpResponse
from django.urls import path

from helhed.portal.session import citizen_required


@citizen_required
def threads(request, **kwargs):
    return HttpResponse("messages")


@citizen_required
def new_thread(request, **kwargs):
    return HttpResponse("message_new")


@citizen_required
def thread(request, **kwargs):
    return HttpResponse("thread")


@citizen_required
def attachment(request, **kwargs):
    return HttpResponse("attachment")


urlpatterns = [
    path("beskeder/", threads, name="messages"),
    path("beskeder/ny/", new_thread, name="message_new"),
    path("beskeder/<int:pk>/", thread, name="thread"),
    path("beskeder/bilag/<int:pk>/", attachment, name="attachment"),
]

# Staff pages of this area (mounted outside the portal's path).
staff_urlpatterns = []
