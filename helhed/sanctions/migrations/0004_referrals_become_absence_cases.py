"""Referrals made before absence cases existed become absence cases at the stage they were in: an open referral
is with the sanction officer, a closed one was resolved; the absence day is the day of the referral (the best
known), and the history rows follow."""

from django.db import migrations
from django.db.models import Q


def forwards(apps, schema_editor):
    for name in ("SanctionCase", "HistoricalSanctionCase"):
        model = apps.get_model("sanctions", name)
        rows = model.objects.filter(referred_to__isnull=False, stage="documenting")
        rows.filter(status="open").update(stage="referred")
        rows.filter(status="closed").update(stage="resolved")
        for row in model.objects.filter(~Q(referred_at=None)).only("pk", "referred_at", "event_on"):
            if row.referred_at.date() < row.event_on:
                model.objects.filter(pk=row.pk).update(event_on=row.referred_at.date())


class Migration(migrations.Migration):
    dependencies = [("sanctions", "0003_absence_cases")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
