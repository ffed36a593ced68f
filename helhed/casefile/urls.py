from django.urls import path

from helhed.casefile import views

app_name = "casefile"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("borgere/<int:pk>/", views.overview, name="overview"),
    path("borgere/<int:pk>/team/", views.team_view, name="team_view"),
    path("det-skal-ske/", views.worklist, name="worklist"),
]
