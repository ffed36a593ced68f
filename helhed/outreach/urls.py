from django.urls import path

from helhed.outreach import views

app_name = "outreach"
urlpatterns = [
    path("udekontor/", views.offices, name="offices"),
    path("udekontor/diskret/", views.discreet, name="discreet"),
    path("udekontor/<int:office_pk>/", views.office, name="office"),
    path("udekontor/<int:office_pk>/henvendelse/", views.drop_in_add, name="drop_in_add"),
    path("udekontor/<int:office_pk>/maalgruppe/", views.target_group, name="target_group"),
    path("udekontor/<int:office_pk>/maalgruppe/<int:pk>/samtykke/", views.housing_consent, name="housing_consent"),
    path("udekontor/<int:office_pk>/rapport/", views.report, name="report"),
    path("grupper/", views.groups, name="groups"),
    path("grupper/ny/", views.group_add, name="group_add"),
    path("grupper/<int:group_pk>/", views.group, name="group"),
    path("grupper/<int:group_pk>/moeder/<int:session_pk>/", views.session, name="session"),
]
