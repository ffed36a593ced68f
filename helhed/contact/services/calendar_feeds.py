"""Calendar feeds on secret, revocable addresses. Only the SHA-256 of the token is stored."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.contact.models import CalendarFeed
from helhed.contact.models.feeds import token_hash


def create_feed(*, created_by, staff=None, citizen=None) -> str:
    """A new feed for a staff member or a citizen; returns the token, which is shown once and never stored.
    A citizen has one working address: a new one revokes the old."""
    if (staff is None) == (citizen is None):
        raise ValueError("A feed belongs to a staff member or to a citizen.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        if citizen is not None:
            revoke_citizen_feeds(citizen=citizen)
        CalendarFeed.objects.create(municipality=created_by.municipality, token_hash=token_hash(token),
                                    created_by=created_by, staff=staff, citizen=citizen)
    return token


def revoke_feed(feed: CalendarFeed) -> CalendarFeed:
    if feed.revoked_at is not None:
        raise ValidationError(_("The calendar address has already been revoked."))
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    return feed


def revoke_citizen_feeds(*, citizen) -> int:
    return CalendarFeed.objects.filter(citizen=citizen, revoked_at__isnull=True).update(revoked_at=timezone.now())


def mark_used(feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
