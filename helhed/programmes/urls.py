from django.urls import path

from helhed.programmes import views

app_name = "programmes"
urlpatterns = [
    path("programmer/", views.programme_list, name="list"),
    path("programmer/nyt/", views.programme_add, name="add"),
    path("programmer/<int:programme_pk>/", views.programme, name="programme"),
    path("programmer/<int:programme_pk>/tilmeld/", views.enrol, name="enrol"),
    path("programmer/<int:programme_pk>/maalgruppe/", views.criterion_change, name="criterion_change"),
    path("programmer/<int:programme_pk>/deltagere/", views.members, name="members"),
    path("programmer/<int:programme_pk>/tal.<str:fmt>", views.figures, name="figures"),
    path("borgere/<int:pk>/programmer/<int:enrolment_pk>/skridt/", views.step, name="step"),
    path("borgere/<int:pk>/programmer/<int:enrolment_pk>/jobformidler/", views.broker, name="broker"),
]
