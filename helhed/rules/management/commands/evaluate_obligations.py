import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from helhed.core.progress import Progress
from helhed.rules.services import refresh_everyone


class Command(BaseCommand):
    help = "Evaluate the rules for every citizen with an open case and store the results (the scheduler runs it nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--processes", type=int, default=settings.HELHED_SCAN_PROCESSES,
                            help="evaluate in this many processes at once (default HELHED_SCAN_PROCESSES, 1)")

    def handle(self, *args, as_of=None, processes=1, **options):
        started = time.perf_counter()
        progress = Progress("evaluate_obligations", unit="citizens", stream=self.stderr, verbosity=options["verbosity"])
        citizens, stored = refresh_everyone(as_of, progress=progress, processes=processes)
        progress.finish()
        self.stdout.write(f"{citizens} citizens, {stored} obligations in {time.perf_counter() - started:.1f} s")
