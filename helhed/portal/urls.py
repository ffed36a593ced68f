"""The portal's URLs, under /borger/. Each area's view module ends with its own `urlpatterns`."""

from helhed.portal.views import appointments, hearings, messages, mydata, plan, signin

app_name = "portal"

urlpatterns = [
    *signin.urlpatterns,
    *plan.urlpatterns,
    *appointments.urlpatterns,
    *messages.urlpatterns,
    *hearings.urlpatterns,
    *mydata.urlpatterns,
]
