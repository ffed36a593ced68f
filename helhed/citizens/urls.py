from django.urls import path

from helhed.citizens import views

app_name = "citizens"
urlpatterns = [
    path("", views.my_citizens, name="my_citizens"),
    path("ny/", views.citizen_create, name="create"),
    path("<int:pk>/sag/", views.case_edit, name="case_edit"),
    path("<int:pk>/maalgruppe/", views.target_group_change, name="target_group_change"),
    path("<int:pk>/sikkerhed/", views.safety_marker_add, name="safety_marker_add"),
    path("<int:pk>/sikkerhed/<int:marker_pk>/fjern/", views.safety_marker_remove, name="safety_marker_remove"),
    path("<int:pk>/samtykke/", views.consent_add, name="consent_add"),
    path("<int:pk>/samtykke/<int:consent_pk>/tilbagekald/", views.consent_withdraw, name="consent_withdraw"),
]
