from django.conf import settings
from django.utils import timezone
from django_tasks import task

from helhed.rules.services import refresh_changed, refresh_everyone


@task()
def evaluate_obligations_nightly() -> dict:
    """Most nights only the citizens whose results can change that day; on `HELHED_FULL_SCAN_WEEKDAY` everyone, as a
    safety net for facts written without telling the rules (the Django admin, a data migration)."""
    full = timezone.localdate().weekday() == settings.HELHED_FULL_SCAN_WEEKDAY
    scan = refresh_everyone if full else refresh_changed
    citizens, stored = scan(processes=settings.HELHED_SCAN_PROCESSES)
    return {"citizens": citizens, "obligations": stored, "full": full}
