"""The API's resources, one module per building block, each with a `router`. The order is the document's order."""

from helhed.api.resources import (
    absences,
    activities,
    appointments,
    attendance,
    citizens,
    events,
    plan,
    programmes,
    referrals,
)

RESOURCE_MODULES = [referrals, attendance, appointments, plan, absences, citizens, activities, programmes, events]
