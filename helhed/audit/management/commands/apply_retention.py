import datetime

from django.core.management.base import BaseCommand

from helhed.audit.services.retention import apply_retention, retention_years
from helhed.core.progress import Progress


class Command(BaseCommand):
    help = "Anonymise citizens whose last case closed more than HELHED_RETENTION_YEARS ago (run nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who is due; change nothing")
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, dry_run=False, as_of=None, **options):
        progress = Progress("apply_retention", unit="citizens", stream=self.stderr, verbosity=options["verbosity"])
        result = apply_retention(as_of=as_of, dry_run=dry_run, progress=progress)
        progress.finish()
        if dry_run:
            self.stdout.write(f"{len(result)} citizens are due for anonymisation ({retention_years()} years).")
            return
        for record in result:
            self.stdout.write(f"citizen {record.citizen_id}: removed {record.removed}")
        self.stdout.write(self.style.SUCCESS(f"Anonymised {len(result)} citizens."))
