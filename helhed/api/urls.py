from django.urls import path
from oauth2_provider.views import TokenView

from helhed.api import views
from helhed.api.v1 import api

app_name = "api"

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/oauth/token/", TokenView.as_view(), name="token"),
    path("api-klienter/", views.clients, name="clients"),
    path("api-klienter/ny/", views.client_add, name="client_add"),
]
