"""Staff pages for what citizens send through the portal (outside /borger/, with the staff session)."""

from helhed.portal.views import appointments, hearings, messages, mydata, plan

app_name = "portal_staff"

urlpatterns = [
    *plan.staff_urlpatterns,
    *appointments.staff_urlpatterns,
    *messages.staff_urlpatterns,
    *hearings.staff_urlpatterns,
    *mydata.staff_urlpatterns,
]
