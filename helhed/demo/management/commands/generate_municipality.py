import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from helhed.core.models import Municipality
from helhed.core.progress import Progress
from helhed.demo.generator import DEMO_PASSWORD, Generator


class Command(BaseCommand):
    help = "Generate a synthetic demo municipality (deterministic for a given --seed and --as-of)."

    def add_arguments(self, parser):
        parser.add_argument("--citizens", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--code", default="999", help="Three-digit municipality number")
        parser.add_argument("--name", default="Fjordby Kommune")
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None,
                            help="Reference date (YYYY-MM-DD) that dates are generated back from; default today")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any municipality exists")

    def handle(self, *args, **options):
        if options["if_empty"] and Municipality.objects.exists():
            self.stdout.write("The database already holds a municipality; nothing generated.")
            return
        if Municipality.objects.filter(code=options["code"]).exists():
            raise CommandError(f"Municipality {options['code']} exists already. Use another --code or a fresh database.")
        if options["citizens"] < 1:
            raise CommandError("--citizens must be at least 1.")
        started = time.perf_counter()
        progress = Progress("generate_municipality", options["citizens"], unit="citizens", stream=self.stderr,
                            verbosity=options["verbosity"])
        result = Generator(
            citizens=options["citizens"], seed=options["seed"], code=options["code"], name=options["name"],
            as_of=options["as_of"] or timezone.localdate(),
        ).run(progress=progress)
        progress.finish()
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"{result.municipality}: {result.citizens} citizens, {result.staff} staff, {result.notes} journal notes "
            f"in {seconds:.1f} s"
        ))
        if result.logins:
            self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
            for role, username in result.logins.items():
                self.stdout.write(f"  {role.label:<28} {username}")
