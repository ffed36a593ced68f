from django.urls import path

from helhed.insight import views

app_name = "insight"
urlpatterns = [
    path("ledelsesoverblik/", views.overview, name="overview"),
    path("ledelsesoverblik/hent/", views.download, name="download"),
    path("ledelsesoverblik/ikke-set/", views.parked, name="parked"),
]
