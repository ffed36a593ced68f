"""The colleagues whose free and busy times a staff member has chosen to see in the week calendar."""

from django.db import models
from django.utils import timezone

from helhed.core.models import Municipality, StaffMember

# A week calendar shows the free and busy times of at most this many chosen colleagues: enough to plan a meeting,
# never a whole unit.
MAX_CALENDAR_COLLEAGUES = 20


class CalendarColleague(models.Model):
    """`staff` chose to see `colleague`'s free and busy times (times only) in their week calendar. Kept until they
    take the colleague off again, across sessions and devices."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="calendar_colleagues")
    colleague = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff", "colleague"], name="calendar_colleague_once"),
            models.CheckConstraint(condition=~models.Q(staff=models.F("colleague")), name="calendar_colleague_not_self"),
        ]

    def __str__(self):
        return f"{self.staff_id} → {self.colleague_id}"
