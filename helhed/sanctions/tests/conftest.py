import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from helhed.citizens.models import BenefitPeriod
from helhed.contact.models import Absence, Appointment
from helhed.core.models import Role
from helhed.sanctions import services


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def officer(municipality, make_staff):
    return make_staff(municipality, "sif", role=Role.SANCTION_OFFICER, unit_name="Ydelse og Sanktion", first="Sif",
                      last="Holm")


@pytest.fixture
def benefit(citizen):
    return BenefitPeriod.objects.create(municipality=citizen.municipality, citizen=citizen, kind="kontanthjaelp",
                                        monthly_amount=Decimal("12000"), valid_from=datetime.date(2024, 1, 1))


def miss_conversation(caseworker, citizen, *, on, kind=Appointment.Kind.JOBSAMTALE):
    """A conversation the citizen did not come to, registered as contact registers it (the signal opens the case)."""
    starts = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    appointment = Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, kind=kind, starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1), organiser=caseworker, booked_by=caseworker,
        status=Appointment.Status.NOT_HELD, not_held_reason=Appointment.NotHeldReason.CITIZEN_ABSENT,
    )
    absence = Absence.objects.create(municipality=citizen.municipality, citizen=citizen, appointment=appointment,
                                     notice=Absence.Notice.NONE, context="Ingen afbud. Søren har haft det svært.",
                                     recorded_by=caseworker)
    return absence.sanction_case


SKIP_NOTHING = frozenset()


def prepare(case, *, caseworker, officer, skip=SKIP_NOTHING, cause="no", promoted=True):
    """Every safeguard done for a § 37 deduction, except the steps named in `skip`."""
    if "guidance" not in skip:
        services.record_guidance(staff=caseworker, citizen=case.citizen, given_on=case.event_on - datetime.timedelta(days=30),
                                 how="digital_post")
    if "contact_attempt" not in skip:
        services.record_contact_attempt(staff=caseworker, case=case, on=case.event_on, kind="phone", reached=False,
                                        note="Ringede to gange, ingen svar.")
    services.update_context(staff=caseworker, case=case, citizen_explanation="", staff_note="",
                            contact_on=case.event_on + datetime.timedelta(days=2))
    services.refer(staff=caseworker, case=case, officer=officer)
    if "assessment" not in skip:
        services.assess(
            staff=officer, case=case, reasonable_cause=cause, cause_examples=[],
            reasonable_cause_assessment="Ingen oplysninger peger på sygdom, pasning eller transport den dag.",
            availability_promoted=None if "availability" in skip else promoted,
            availability_reasoning="" if "availability" in skip else
            "Søren har mødt stabilt i tre måneder; fradraget understøtter aftalen om ugentlige samtaler.",
            vulnerability_assessment="" if "vulnerability" in skip else
            "Stabil bolig; ingen aktuelle helbredsforhold, der forklarer udeblivelsen.",
        )
    if "hearing" not in skip:
        services.send_hearing(staff=officer, case=case, deadline=timezone.localdate() + datetime.timedelta(days=14))
        if "answer" not in skip:
            services.record_answer(staff=caseworker, case=case, answer="Jeg glemte det. Undskyld.",
                                   answered_on=timezone.localdate())
    case.refresh_from_db()
    return case
