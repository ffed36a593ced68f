"""Keeping the 75 % figures current: every write that can change them bumps the municipality's generation.

The bump runs after the write commits, so a page that counted before the commit and stores its figures later is
caught by the generation check in `selectors.contact_quota` (it stores only if the generation it read is still the
current one). Bulk writes that skip signals (the demo generator) leave no stale figures behind as long as they run
before anyone opens the page, or the figures age out after `QuotaCount.MAX_AGE`.
"""

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from helhed.citizens.models import Case, TargetGroupPeriod
from helhed.contact.models import QuotaCount, QuotaDecision
from helhed.core.models import StaffMember


def bump(municipality_id: int) -> None:
    updated = QuotaCount.objects.filter(municipality_id=municipality_id).update(generation=F("generation") + 1)
    if not updated:
        QuotaCount.objects.get_or_create(municipality_id=municipality_id)


def _changed(sender, instance, **kwargs):
    municipality_id = instance.municipality_id
    if municipality_id is not None:
        transaction.on_commit(lambda: bump(municipality_id))


def connect() -> None:
    for model in (TargetGroupPeriod, Case, QuotaDecision, StaffMember):
        post_save.connect(_changed, sender=model, dispatch_uid=f"quota_counts_{model.__name__}_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"quota_counts_{model.__name__}_delete")
