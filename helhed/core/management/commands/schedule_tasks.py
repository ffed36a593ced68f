"""The scheduler: enqueues the periodic tasks that `manage.py db_worker` runs.

django-tasks has no periodic tasks, so this small loop adds them: reminders every minute, the rules scan nightly.
A task is not enqueued again while an earlier run of it still waits in the queue, so a stopped worker does not
pile up work. Run one scheduler per installation, beside one or more workers.
"""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from helhed.contact.tasks import send_due_reminders
from helhed.rules.tasks import evaluate_obligations_nightly


def _waiting(task) -> bool:
    return DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).exists()


def tick(now: datetime.datetime, last_nightly: datetime.date | None) -> tuple[list[str], datetime.date | None]:
    """Enqueue what is due at `now`; returns the names enqueued and the day of the latest nightly run."""
    enqueued = []
    if not _waiting(send_due_reminders):
        send_due_reminders.enqueue()
        enqueued.append("send_due_reminders")
    local = timezone.localtime(now)
    hour, minute = (int(part) for part in settings.HELHED_NIGHTLY_AT.split(":"))
    if last_nightly != local.date() and (local.hour, local.minute) >= (hour, minute):
        already = DBTaskResult.objects.filter(
            task_path=evaluate_obligations_nightly.module_path,
            enqueued_at__gte=local.replace(hour=hour, minute=minute, second=0, microsecond=0),
        ).exists()
        if not already:
            evaluate_obligations_nightly.enqueue()
            enqueued.append("evaluate_obligations_nightly")
        last_nightly = local.date()
    return enqueued, last_nightly


class Command(BaseCommand):
    help = "Enqueue periodic tasks (reminders every minute, the rules scan nightly) for `manage.py db_worker`."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between ticks")
        parser.add_argument("--once", action="store_true", help="one tick, then stop")

    def handle(self, *args, interval=60.0, once=False, **options):
        last_nightly = None
        while True:
            enqueued, last_nightly = tick(timezone.now(), last_nightly)
            if enqueued and options["verbosity"] > 1:
                self.stdout.write(f"{timezone.localtime():%H:%M:%S} enqueued {', '.join(enqueued)}")
            if once:
                return
            time.sleep(interval)
