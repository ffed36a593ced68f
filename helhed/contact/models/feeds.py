"""Calendar feeds (ICS) on a secret, revocable URL, for a staff member or for a citizen.

Only a hash of the token is stored: the address is shown once, when it is made. Revoking stops it at once.
"""

import hashlib

from django.db import models
from django.utils import timezone

from helhed.citizens.models import Citizen
from helhed.core.models import Municipality, StaffMember


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    staff = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds")
    citizen = models.ForeignKey(Citizen, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(citizen__isnull=False) ^ models.Q(staff__isnull=False), name="feed_one_owner"
            ),
        ]
