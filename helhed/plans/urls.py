from django.urls import path

from helhed.plans import views

app_name = "plans"
urlpatterns = [
    path("borgere/<int:pk>/plan/", views.plan_page, name="plan"),
    path("borgere/<int:pk>/plan/ret/", views.plan_edit, name="plan_edit"),
    path("borgere/<int:pk>/plan/min-del/", views.plan_part, name="plan_part"),
    path("borgere/<int:pk>/plan/historik/", views.plan_history, name="plan_history"),
    path("borgere/<int:pk>/plan/underskriv/", views.plan_sign, name="plan_sign"),
    path("borgere/<int:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("borgere/<int:pk>/progression/ny/", views.scoring_add, name="scoring_add"),
    path("borgere/<int:pk>/smaa-skridt/ny/", views.small_step_add, name="small_step_add"),
    path("borgere/<int:pk>/min-historie/", views.story, name="story"),
]
