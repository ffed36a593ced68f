"""Reads for the citizen's own pages. Every query is scoped to the signed-in citizen."""

from django.utils import timezone

from helhed.contact.models import Appointment
from helhed.plans.models import PlanVersion
from helhed.portal.models import Message, PlanAnswer
from helhed.sanctions.models import Hearing, SanctionCase


def open_hearings(citizen):
    return (Hearing.objects.filter(citizen=citizen, answered_on__isnull=True, case__stage=SanctionCase.Stage.HEARING)
            .select_related("case", "letter").order_by("deadline"))


def upcoming_appointments(citizen):
    return (Appointment.objects.filter(citizen=citizen, status=Appointment.Status.BOOKED,
                                       ends_at__gte=timezone.now())
            .select_related("organiser__user", "meeting_place").order_by("starts_at"))


def unread_messages(citizen) -> int:
    return Message.objects.filter(thread__citizen=citizen, author__isnull=False, read_by_citizen_at__isnull=True).count()


def plan_waiting_for_answer(citizen) -> PlanVersion | None:
    """The newest plan version, if the citizen has neither signed it nor answered it."""
    version = PlanVersion.objects.filter(plan__citizen=citizen).order_by("-number").first()
    if version is None or PlanAnswer.objects.filter(version=version).exists():
        return None
    if hasattr(version, "signature"):
        return None
    return version


def home_summary(citizen) -> dict:
    return {
        "next_appointment": upcoming_appointments(citizen).first(),
        "hearings": list(open_hearings(citizen)),
        "unread": unread_messages(citizen),
        "plan_to_answer": plan_waiting_for_answer(citizen),
    }
