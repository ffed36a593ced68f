import datetime
import time

from django.core.management.base import BaseCommand

from helhed.rules.services import refresh_everyone


class Command(BaseCommand):
    help = "Evaluate the rules for every citizen with an open case and store the results (the scheduler runs it nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, as_of=None, **options):
        started = time.perf_counter()
        citizens, stored = refresh_everyone(as_of)
        self.stdout.write(f"{citizens} citizens, {stored} obligations in {time.perf_counter() - started:.1f} s")
