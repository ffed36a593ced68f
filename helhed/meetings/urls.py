from django.urls import path

from helhed.meetings import views

app_name = "meetings"
urlpatterns = [
    path("koordinering/", views.desk, name="desk"),
    path("borgere/<int:pk>/eksterne/ny/", views.external_add, name="external_add"),
    path("borgere/<int:pk>/moeder/nyt/", views.meeting_add, name="meeting_add"),
    path("borgere/<int:pk>/moeder/<int:meeting_pk>/", views.meeting, name="meeting"),
    path("borgere/<int:pk>/handlinger/<int:action_pk>/udfoert/", views.action_done, name="action_done"),
    path("borgere/<int:pk>/opgaver/ny/", views.task_add, name="task_add"),
    path("borgere/<int:pk>/opgaver/<int:task_pk>/", views.task, name="task"),
    path("borgere/<int:pk>/opgaver/<int:task_pk>/udfoert/", views.task_done, name="task_done"),
]
