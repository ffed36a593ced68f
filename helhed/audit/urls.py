from django.urls import path

from helhed.audit import views

app_name = "audit"
urlpatterns = [
    path("adgang/begrundet/", views.stated_access, name="stated_access"),
    path("adgang/gennemgang/", views.access_review, name="access_review"),
    path("adgang/gennemgang/<int:access_pk>/", views.access_review_mark, name="access_review_mark"),
    path("revision/laeselog/", views.read_log, name="read_log"),
    path("borgere/<int:pk>/historik/", views.citizen_history, name="citizen_history"),
    path("borgere/<int:pk>/indsigt/", views.citizen_export_html, name="citizen_export_html"),
    path("borgere/<int:pk>/indsigt.json", views.citizen_export_json, name="citizen_export_json"),
    path("borgere/<int:pk>/indsigt.pdf", views.citizen_export_pdf, name="citizen_export_pdf"),
]
