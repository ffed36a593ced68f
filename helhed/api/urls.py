from django.urls import path
from oauth2_provider.views import TokenView

from helhed.api import proposals, views
from helhed.api.v1 import api

app_name = "api"

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/oauth/token/", TokenView.as_view(), name="token"),
    path("api-klienter/", views.clients, name="clients"),
    path("api-klienter/ny/", views.client_add, name="client_add"),
    path("api-klienter/<int:pk>/deaktiver/", views.client_deactivate, name="client_deactivate"),
    path("borgere/<int:pk>/aftaleforslag/<int:proposal_pk>/haandteret/", proposals.proposal_handled,
         name="proposal_handled"),
]
