"""The scheduler: enqueues the periodic tasks that apps register (`core.schedule`) for `manage.py db_worker`.

django-tasks has no periodic tasks, so this small loop adds them. A task is not enqueued again while an earlier
run of it still waits in the queue, so a stopped worker does not pile up work. Run one scheduler per
installation, beside one or more workers.
"""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from helhed.core.schedule import periodic_tasks


def _waiting(task) -> bool:
    return DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).exists()


def _nightly_at(local: datetime.datetime) -> datetime.datetime:
    hour, minute = (int(part) for part in settings.HELHED_NIGHTLY_AT.split(":"))
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def tick(now: datetime.datetime, last_nightly: datetime.date | None,
         last_run: dict | None = None) -> tuple[list[str], datetime.date | None]:
    """Enqueue what is due at `now`; returns the names enqueued and the day of the latest nightly run.

    `last_run` (task path → time enqueued) spaces tasks that run every few minutes; the loop keeps it."""
    last_run = {} if last_run is None else last_run
    enqueued = []
    local = timezone.localtime(now)
    night_due = last_nightly != local.date() and local >= _nightly_at(local)
    for periodic in periodic_tasks():
        task = periodic.task
        if periodic.nightly:
            already = DBTaskResult.objects.filter(task_path=task.module_path, enqueued_at__gte=_nightly_at(local))
            if night_due and not already.exists():
                task.enqueue()
                enqueued.append(periodic.name)
            continue
        previous = last_run.get(task.module_path)
        if previous is not None and now - previous < datetime.timedelta(minutes=periodic.every_minutes):
            continue
        if not _waiting(task):
            task.enqueue()
            enqueued.append(periodic.name)
            last_run[task.module_path] = now
    return enqueued, local.date() if night_due else last_nightly


class Command(BaseCommand):
    help = "Enqueue the periodic tasks that apps register (e.g. reminders every minute, the rules scan nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between ticks")
        parser.add_argument("--once", action="store_true", help="one tick, then stop")

    def handle(self, *args, interval=60.0, once=False, **options):
        last_nightly, last_run = None, {}
        while True:
            enqueued, last_nightly = tick(timezone.now(), last_nightly, last_run)
            if enqueued and options["verbosity"] > 1:
                self.stdout.write(f"{timezone.localtime():%H:%M:%S} enqueued {', '.join(enqueued)}")
            if once:
                return
            time.sleep(interval)
