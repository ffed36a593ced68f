"""Send the webhooks that are due (api/webhooks.py): once, or in a loop beside the web server.

The task `deliver_webhooks` does the same every minute under `manage.py db_worker`; the loop sends sooner. Both may
run at once, in any number: the deliveries are claimed with a lease.
"""

import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from helhed.api import webhooks


class Command(BaseCommand):
    help = "Send the webhooks that are due (--once, the default) or keep sending them (--loop)."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="send what is due, then stop (the default)")
        mode.add_argument("--loop", action="store_true", help="keep sending, every --interval seconds")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between rounds in --loop")

    def handle(self, *args, loop=False, interval=2.0, **options):
        while True:
            try:
                counts = webhooks.send_due()
            except DatabaseError as error:  # e.g. a locked SQLite file or a restarted database: try again
                if not loop:
                    raise
                self.stderr.write(f"{timezone.localtime():%H:%M:%S} {type(error).__name__}: {error}")
                close_old_connections()
                time.sleep(interval)
                continue
            if options["verbosity"] > 1 or (not loop and options["verbosity"] > 0):
                self.stdout.write(f"{timezone.localtime():%H:%M:%S} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            if not loop:
                return
            time.sleep(interval)
