import datetime
import time

from django.core.management.base import BaseCommand

from helhed.citizens.models import Case
from helhed.rules.services import refresh


class Command(BaseCommand):
    help = "Evaluate the rules for every citizen with an open case and store the results (run nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, as_of=None, **options):
        started = time.perf_counter()
        citizen_ids = list(
            Case.objects.filter(status=Case.Status.OPEN).order_by("citizen_id").values_list("citizen_id", flat=True)
        )
        stored = refresh(citizen_ids, as_of, everyone=True)
        self.stdout.write(f"{len(citizen_ids)} citizens, {stored} obligations in {time.perf_counter() - started:.1f} s")
