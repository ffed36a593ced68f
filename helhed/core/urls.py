from django.urls import path

from helhed.core import views

app_name = "core"
urlpatterns = [
    path("indstillinger/", views.municipality_settings, name="municipality_settings"),
]
