"""Places where conversations are held: an outreach office in a housing area, a room at a library … Booked from a
list, so that the place (its name and address) travels with the appointment to the calendar, the calendar feeds and
the reminders."""

import datetime

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from helhed.core.models import Municipality, StaffMember


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class MeetingPlace(models.Model):
    class Kind(models.TextChoices):
        OUTREACH_OFFICE = "outreach_office", _("Outreach office in a housing area")
        OTHER = "other", _("Other place")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OUTREACH_OFFICE)
    address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # Opening days as weekday numbers (0 Monday … 6 Sunday), open from `opens_at` to `closes_at` on each of them.
    opening_days = models.JSONField(_("opening days"), default=list, blank=True)
    opens_at = models.TimeField(_("opens"), null=True, blank=True)
    closes_at = models.TimeField(_("closes"), null=True, blank=True)
    staff_on_duty = models.ManyToManyField(StaffMember, blank=True, related_name="meeting_places",
                                           verbose_name=_("staff on duty"))
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True) | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")), name="meeting_place_closes_after_it_opens"),
        ]

    def __str__(self):
        return self.name

    @property
    def full_address(self) -> str:
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.address, town) if part)

    @property
    def label(self) -> str:
        """The name and address, as the calendar, the feeds and the reminders show it."""
        return f"{self.name}, {self.full_address}" if self.full_address else self.name

    def day_names(self) -> list[str]:
        return [str(Weekday(day).label) for day in sorted(self.opening_days) if day in Weekday.values]

    def hours_text(self) -> str:
        if not (self.opens_at and self.closes_at):
            return ""
        return f"{formats.time_format(self.opens_at, 'H:i')}–{formats.time_format(self.closes_at, 'H:i')}"

    def is_open_on(self, day: datetime.date) -> bool:
        return day.weekday() in self.opening_days
