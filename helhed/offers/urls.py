from django.urls import path

from helhed.offers import referral_views, supervision_views, views

app_name = "offers"
urlpatterns = [
    path("borgere/<int:pk>/tilbud/", views.citizen_offers, name="citizen_offers"),
    path("borgere/<int:pk>/tilbud/oensker/", views.wishes, name="wishes"),
    path("borgere/<int:pk>/tilbud/praktik/", views.internship_match, name="internship_match"),
    path("borgere/<int:pk>/tilbud/praktik/plads/<int:place_pk>/", views.internship_create, name="internship_create"),
    path("borgere/<int:pk>/tilbud/praktik/egen-plads/", views.internship_found_place, name="internship_found_place"),
    path("borgere/<int:pk>/tilbud/andet/", views.other_offer, name="other_offer"),
    path("borgere/<int:pk>/tilbud/<int:offer_pk>/forlaeng/", views.extend, name="extend"),
    path("borgere/<int:pk>/tilbud/<int:offer_pk>/timer/", views.adjust_hours, name="adjust_hours"),
    path("borgere/<int:pk>/tilbud/<int:offer_pk>/midtvejs/", views.midway, name="midway"),
    path("borgere/<int:pk>/tilbud/<int:offer_pk>/afslut/", views.end, name="end"),
    path("borgere/<int:pk>/tilbud/<int:offer_pk>/dokumentation/", views.documentation, name="documentation"),
    path("borgere/<int:pk>/henvisninger/ny/", referral_views.referral_add, name="referral_add"),
    path("borgere/<int:pk>/henvisninger/<int:referral_pk>/", referral_views.referral, name="referral"),
    path("borgere/<int:pk>/henvisninger/<int:referral_pk>/status/", referral_views.referral_move,
         name="referral_move"),
    path("borgere/<int:pk>/henvisninger/<int:referral_pk>/tid/", referral_views.mentor_time, name="mentor_time"),
    path("borgere/<int:pk>/henvisninger/<int:referral_pk>/fremmoede/", referral_views.attendance, name="attendance"),
    path("borgere/<int:pk>/henvisninger/<int:referral_pk>/fremdrift/", referral_views.progress, name="progress"),
    path("leverandoerer/", supervision_views.providers, name="providers"),
    path("leverandoerer/<int:unit_pk>/tilsyn/", supervision_views.supervision, name="supervision"),
    path("leverandoerer/<int:unit_pk>/tilsyn.pdf", supervision_views.supervision_pdf, name="supervision_pdf"),
    path("leverandoerer/<int:unit_pk>/tilsyn.csv", supervision_views.supervision_csv, name="supervision_csv"),
    path("virksomheder/", views.employers, name="employers"),
    path("virksomheder/ny/", views.employer_add, name="employer_add"),
    path("virksomheder/<int:employer_pk>/", views.employer, name="employer"),
    path("virksomheder/<int:employer_pk>/plads/ny/", views.place_add, name="place_add"),
]
