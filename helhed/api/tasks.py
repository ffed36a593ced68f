"""The webhook sender as a periodic task (django-tasks): the scheduler enqueues it every minute."""

from django_tasks import task

from helhed.api import webhooks
from helhed.core.schedule import register_periodic


@task()
def deliver_webhooks() -> dict:
    return webhooks.send_due()


register_periodic(deliver_webhooks, every_minutes=1)
