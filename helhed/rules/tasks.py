from django.conf import settings
from django_tasks import task

from helhed.rules.services import refresh_everyone


@task()
def evaluate_obligations_nightly() -> dict:
    citizens, stored = refresh_everyone(processes=settings.HELHED_SCAN_PROCESSES)
    return {"citizens": citizens, "obligations": stored}
