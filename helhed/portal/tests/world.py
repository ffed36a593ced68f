"""A citizen with everything the portal shows: a plan, a coming appointment, an open hearing, a staff member's read,
a progression scoring and a small step. Built through the services, as staff would."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from helhed.citizens import services as citizen_services
from helhed.citizens.readlog import log_citizen_view
from helhed.contact.services.appointments import book_appointment
from helhed.core.models import Municipality, OrganisationUnit, Role, StaffMember, StaffRole
from helhed.plans import services as plan_services
from helhed.plans.selectors import builtin_instrument
from helhed.sanctions import services as sanction_services

CPR = "0101901234"


@dataclass
class PortalWorld:
    municipality: Municipality
    caseworker: StaffMember
    officer: StaffMember
    citizen: object
    appointment: object
    case: object


def _staff(municipality, unit, username, role, first, last):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password="test-password-123", first_name=first,
                                                last_name=last)
    staff = StaffMember.objects.create(user=user, municipality=municipality, unit=unit)
    StaffRole.objects.create(staff=staff, role=role)
    return staff


def build_portal_world() -> PortalWorld:
    m = Municipality.objects.create(code="999", name="Fjordby Kommune")
    unit = OrganisationUnit.objects.create(municipality=m, name="Job & Aktivhuset", kind=OrganisationUnit.Kind.EMPLOYMENT)
    sanctions_unit = OrganisationUnit.objects.create(municipality=m, name="Ydelse og Sanktion",
                                                     kind=OrganisationUnit.Kind.BENEFITS_SANCTIONS)
    cw = _staff(m, unit, "anne", Role.CASEWORKER, "Anne", "Sørensen")
    officer = _staff(m, sanctions_unit, "sanktion", Role.SANCTION_OFFICER, "Karin", "Holt")
    citizen = citizen_services.create_citizen(
        staff=cw, cpr=CPR, first_name="Søren", last_name="Ågård", target_group="3",
        target_group_from=datetime.date(2025, 3, 1), target_group_reason="Visiteret ved første samtale.")
    plan_services.save_plan(
        staff=cw, citizen=citizen, base_version=0, involvement="co_creation", citizen_position="agrees",
        content={"kind": "min_plan", "own_goal": "Jeg vil have styr på min søvn og min økonomi.",
                 "job_goal": "Et job med dyr, på nogle timer om ugen.", "stabilising": "Gåholdet om tirsdagen.",
                 "job_search": "", "sections": {"mentor": "Mentoren går med til lægen og til banken."},
                 "steps": [{"kind": "step", "text": "Gå til lægen om søvnen", "owner": "citizen", "due": None,
                            "status": "open"},
                           {"kind": "step", "text": "Finde en praktikplads i en dyrehandel", "owner": "caseworker",
                            "due": None, "status": "open"}]})
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=2)
    appointment = book_appointment(staff=cw, citizen=citizen, starts_at=starts, place="Jobcentret, Vestergade 3",
                                   message_to_citizen="Tag din lønseddel med.")
    case = sanction_services.open_refusal_case(staff=cw, citizen=citizen, summary="Sagde nej til et tilbud.",
                                               event_on=timezone.localdate() - datetime.timedelta(days=6))
    sanction_services.record_contact_attempt(staff=cw, case=case, on=timezone.localdate() - datetime.timedelta(days=5),
                                             kind="phone", reached=True, note="Vi talte sammen.")
    sanction_services.refer(staff=cw, case=case, officer=officer)
    sanction_services.assess(staff=officer, case=case, reasonable_cause="no",
                             reasonable_cause_assessment="Intet i sagen peger på en rimelig grund.",
                             availability_promoted=True, availability_reasoning="Et fradrag understøtter aftalen.",
                             vulnerability_assessment="Stabil bolig.")
    sanction_services.send_hearing(staff=officer, case=case, deadline=timezone.localdate() + datetime.timedelta(days=14))
    instrument = builtin_instrument()
    plan_services.record_scoring(staff=cw, citizen=citizen, instrument=instrument,
                                 values={item.code: 4 for item in instrument.items.all()},
                                 scored_on=timezone.localdate() - datetime.timedelta(days=30))
    plan_services.add_small_step(staff=cw, citizen=citizen, text="Var til lægen selv", happened_on=timezone.localdate())
    return PortalWorld(municipality=m, caseworker=cw, officer=officer, citizen=citizen, appointment=appointment,
                       case=case)


def staff_reads(world: PortalWorld, page: str = "casefile:overview"):
    """A staff read of the citizen, as a case-file page writes it."""
    from django.test import RequestFactory

    request = RequestFactory().get(f"/borgere/{world.citizen.pk}/")
    request.user = world.caseworker.user
    request.staff = world.caseworker
    log_citizen_view(request=request, citizen=world.citizen, page=page, reason="Ansvarlig sagsbehandler",
                     role=Role.CASEWORKER)
