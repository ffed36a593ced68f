from django.urls import path

from helhed.coordination import rc_views, views

app_name = "coordination"
urlpatterns = [
    path("samarbejde/", rc_views.rc_results, name="rc_results"),
    path("samarbejde/besvar/", rc_views.rc_answer, name="rc_answer"),
    path("borgere/<int:pk>/team/tilfoej/", views.team_member_add, name="team_member_add"),
    path("borgere/<int:pk>/team/<int:member_pk>/afslut/", views.team_member_end, name="team_member_end"),
    path("borgere/<int:pk>/koordinerende/tilbudt/", views.coordinator_offer, name="coordinator_offer"),
    path("borgere/<int:pk>/koordinerende/svar/", views.coordinator_answer, name="coordinator_answer"),
]
