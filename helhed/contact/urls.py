from django.urls import path

from helhed.contact import views

app_name = "contact"
urlpatterns = [
    path("borgere/<int:pk>/notat/ny/", views.journal_note_add, name="journal_note_add"),
    path("borgere/<int:pk>/notat/<int:note_pk>/ret/", views.journal_note_correct, name="journal_note_correct"),
    path("borgere/<int:pk>/dokumenter/ny/", views.document_upload, name="document_upload"),
    path("borgere/<int:pk>/dokumenter/<int:document_pk>/", views.document_download, name="document_download"),
]
