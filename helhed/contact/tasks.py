from django_tasks import task

from helhed.contact.services import reminders


@task()
def send_due_reminders() -> dict:
    return reminders.send_due()
