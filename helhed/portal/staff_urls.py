"""Staff pages for what citizens send through the portal (outside /borger/, with the staff session)."""

from helhed.portal.views import appointments, messages

app_name = "portal_staff"

urlpatterns = [*appointments.staff_urlpatterns, *messages.staff_urlpatterns]
