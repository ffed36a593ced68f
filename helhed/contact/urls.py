from django.urls import path

from helhed.contact import appointment_views, calendar_views, quota_views, views

app_name = "contact"
urlpatterns = [
    path("borgere/<int:pk>/notat/ny/", views.journal_note_add, name="journal_note_add"),
    path("borgere/<int:pk>/notat/<int:note_pk>/ret/", views.journal_note_correct, name="journal_note_correct"),
    path("borgere/<int:pk>/dokumenter/ny/", views.document_upload, name="document_upload"),
    path("borgere/<int:pk>/dokumenter/<int:document_pk>/", views.document_download, name="document_download"),
    path("borgere/<int:pk>/aftaler/ny/", appointment_views.appointment_book, name="appointment_book"),
    path("borgere/<int:pk>/aftaler/bagefter/", appointment_views.conversation_afterwards, name="conversation_afterwards"),
    path("borgere/<int:pk>/aftaler/<int:apk>/", appointment_views.appointment_detail, name="appointment_detail"),
    path("borgere/<int:pk>/aftaler/<int:apk>/flyt/", appointment_views.appointment_move, name="appointment_move"),
    path("borgere/<int:pk>/aftaler/<int:apk>/afholdt/", appointment_views.appointment_held, name="appointment_held"),
    path("borgere/<int:pk>/aftaler/<int:apk>/ikke-afholdt/", appointment_views.appointment_not_held,
         name="appointment_not_held"),
    path("borgere/<int:pk>/kalenderadresse/", calendar_views.citizen_feed_create, name="citizen_feed_create"),
    path("borgere/<int:pk>/kalenderadresse/tilbagekald/", calendar_views.citizen_feed_revoke, name="citizen_feed_revoke"),
    path("borgere/<int:pk>/25-procent/ny/", quota_views.quota_decision_add, name="quota_decision_add"),
    path("borgere/<int:pk>/25-procent/afslut/", quota_views.quota_decision_end, name="quota_decision_end"),
    path("kontaktforloeb-75-procent/", quota_views.contact_quota, name="contact_quota"),
    path("kalender/", calendar_views.week, name="week"),
    path("kalender/adresser/", calendar_views.staff_feeds, name="staff_feeds"),
    path("kalender/adresser/<int:feed_pk>/tilbagekald/", calendar_views.staff_feed_revoke, name="staff_feed_revoke"),
    path("ical/<str:token>.ics", calendar_views.ical_feed, name="ical_feed"),
    path("udbakke/", calendar_views.outbox, name="outbox"),
]
