import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from helhed.core.progress import Progress
from helhed.rules.services import refresh_changed, refresh_everyone


class Command(BaseCommand):
    help = ("Evaluate the rules for the citizens with an open case whose results can have changed, and store the "
            "results (the scheduler runs it nightly). --full evaluates everyone.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--processes", type=int, default=settings.HELHED_SCAN_PROCESSES,
                            help="evaluate in this many processes at once (default HELHED_SCAN_PROCESSES, 1)")
        parser.add_argument("--full", action="store_true",
                            help="evaluate every citizen with an open case, not only those whose results can change")

    def handle(self, *args, as_of=None, processes=1, full=False, **options):
        started = time.perf_counter()
        progress = Progress("evaluate_obligations", unit="citizens", stream=self.stderr, verbosity=options["verbosity"])
        scan = refresh_everyone if full else refresh_changed
        citizens, stored = scan(as_of, progress=progress, processes=processes)
        progress.finish()
        self.stdout.write(f"{citizens} citizens evaluated{' (all)' if full else ''}, {stored} obligations in {time.perf_counter() - started:.1f} s")
