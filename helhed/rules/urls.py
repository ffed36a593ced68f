from django.urls import path

from helhed.rules import views

app_name = "helhed_rules"
urlpatterns = [
    path("borgere/<int:pk>/fritagelse/", views.exemption_add, name="exemption_add"),
]
