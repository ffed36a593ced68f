from django_tasks import task

from helhed.contact import reminders


@task()
def send_due_reminders() -> dict:
    return reminders.send_due()
