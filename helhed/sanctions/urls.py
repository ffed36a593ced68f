from django.urls import path

from helhed.sanctions import views

app_name = "sanctions"
CASE = "borgere/<int:pk>/fravaer/<int:case_pk>/"
urlpatterns = [
    path("fravaer/", views.worklist, name="worklist"),
    path("fravaer/statistik/", views.statistics, name="statistics"),
    path("fravaer/satser/", views.rates, name="rates"),
    path("borgere/<int:pk>/fravaer/ny/", views.refusal_add, name="refusal_add"),
    path("borgere/<int:pk>/sanktionsvejledning/", views.guidance_add, name="guidance_add"),
    path(CASE, views.case, name="case"),
    path(CASE + "kontekst/", views.context, name="context"),
    path(CASE + "kontaktforsoeg/", views.attempt, name="attempt"),
    path(CASE + "afklaret/", views.resolve, name="resolve"),
    path(CASE + "send/", views.refer, name="refer"),
    path(CASE + "vurdering/", views.assess, name="assess"),
    path(CASE + "partshoering/", views.hearing, name="hearing"),
    path(CASE + "svar/", views.answer, name="answer"),
    path(CASE + "afgoerelse/", views.decide, name="decide"),
    path(CASE + "breve/<int:letter_pk>.pdf", views.letter_pdf, name="letter_pdf"),
]
