"""Retention: after the configured number of years from the last closed case, personal data is removed.

The citizen row is kept but anonymised (the read log and statistics refer to it); everything else about the
citizen — journal notes, documents (rows and files), appointments with what was agreed, absences, reminders and
messages, calendar feeds, target-group and benefit periods, markers, consents, team, sanction referrals,
stated-reason accesses, closed cases and the change history of all of them — is deleted. Each citizen handled
gets a RetentionRecord listing what was removed. Read-log rows are kept: they hold no personal data beyond
the link to the anonymised row, and they document who saw the data while it existed.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from helhed.audit.models import RetentionRecord, StatedReasonAccess
from helhed.audit.selectors import CITIZEN_MODELS
from helhed.citizens.models import Case, Citizen
from helhed.contact.models import (
    Absence,
    AgreedItem,
    Appointment,
    CalendarFeed,
    ConversationRecord,
    Document,
    JournalNote,
    OutboxMessage,
    Reminder,
)
from helhed.plans.models import (
    MyStory,
    Plan,
    PlanSignature,
    PlanStep,
    PlanVersion,
    Score,
    Scoring,
    SmallStep,
)

ANONYMISED_NAME = "Anonymiseret"


def retention_years() -> int:
    return int(getattr(settings, "HELHED_RETENTION_YEARS", 5))


def citizens_due(as_of: datetime.date | None = None):
    """Citizens with no open case whose last case closed more than the retention period ago."""
    as_of = as_of or timezone.localdate()
    years = retention_years()
    try:
        cutoff = as_of.replace(year=as_of.year - years)
    except ValueError:  # 29 February
        cutoff = as_of.replace(year=as_of.year - years, day=28)
    open_case = Case.objects.filter(citizen=OuterRef("pk"), status=Case.Status.OPEN)
    return (
        Citizen.objects.exclude(Exists(open_case))
        .exclude(first_name=ANONYMISED_NAME, last_name="")
        .annotate(last_closed=Max("cases__closed_on"))
        .filter(last_closed__isnull=False, last_closed__lt=cutoff)
    )


def _delete(queryset) -> int:
    """Delete without signals or the collector: append-only models refuse the ordinary delete on purpose."""
    return queryset._raw_delete(queryset.db)


@transaction.atomic
def anonymise(citizen: Citizen, *, last_closed: datetime.date) -> RetentionRecord:
    # Staff reminders about the citizen's appointments went to staff: keep those messages, drop the link.
    OutboxMessage.objects.filter(reminder__appointment__citizen=citizen).exclude(citizen=citizen).update(reminder=None)
    removed = {
        "agreed_items": _delete(AgreedItem.objects.filter(record__appointment__citizen=citizen)),
        "conversation_records": _delete(ConversationRecord.objects.filter(appointment__citizen=citizen)),
        "absences": _delete(Absence.objects.filter(citizen=citizen)),
        "messages": _delete(OutboxMessage.objects.filter(citizen=citizen)),
        "reminders": _delete(Reminder.objects.filter(appointment__citizen=citizen)),
        "calendar_feeds": _delete(CalendarFeed.objects.filter(citizen=citizen)),
    }
    removed.update({
        "plan_signatures": _delete(PlanSignature.objects.filter(version__plan__citizen=citizen)),
        "plan_versions": _delete(PlanVersion.objects.filter(plan__citizen=citizen)),
        "plan_steps": _delete(PlanStep.objects.filter(plan__citizen=citizen)),
        "plans": _delete(Plan.objects.filter(citizen=citizen)),
        "scores": _delete(Score.objects.filter(scoring__citizen=citizen)),
        "scorings": _delete(Scoring.objects.filter(citizen=citizen)),
        "small_steps": _delete(SmallStep.objects.filter(citizen=citizen)),
        "stories": _delete(MyStory.objects.filter(citizen=citizen)),
    })
    Appointment.other_staff.through.objects.filter(appointment__citizen=citizen).delete()
    removed["appointments"] = _delete(Appointment.objects.filter(citizen=citizen))
    removed["journal_notes"] = _delete(JournalNote.objects.filter(citizen=citizen))
    documents = list(Document.objects.filter(citizen=citizen))
    for document in documents:
        document.file.delete(save=False)
    removed["documents"] = _delete(Document.objects.filter(citizen=citizen))
    removed["stated_reason_accesses"] = _delete(StatedReasonAccess.objects.filter(citizen=citizen))
    for model in CITIZEN_MODELS:
        label = model._meta.model_name
        if model is Citizen:
            removed[f"{label}_history"] = _delete(model.history.filter(id=citizen.pk))
            continue
        removed[f"{label}_history"] = _delete(model.history.filter(citizen_id=citizen.pk))
        removed[label] = _delete(model.objects.filter(citizen=citizen))
    Citizen.objects.filter(pk=citizen.pk).update(
        cpr=f"X{citizen.pk:09d}", first_name=ANONYMISED_NAME, last_name="", search_name="", address="",
        postal_code="", city="", phone="", email="", reachability_notes="", interpreter_needed=False,
    )
    return RetentionRecord.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, last_case_closed_on=last_closed,
        retention_years=retention_years(), removed={k: v for k, v in removed.items() if v},
    )


def apply_retention(*, as_of: datetime.date | None = None, dry_run: bool = False) -> list:
    due = list(citizens_due(as_of))
    if dry_run:
        return due
    return [anonymise(citizen, last_closed=citizen.last_closed) for citizen in due]
