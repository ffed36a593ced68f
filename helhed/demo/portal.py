"""The citizen portal in the demo: the citizens the development identity provider offers first (those with an open
hearing) get what the portal shows — a coming meeting with something to bring, two progression scorings, small
steps in their words, and a welcome message from their caseworker. Written through the services, as staff would."""

import datetime

from django.utils import timezone

from helhed.citizens.access import RESPONSIBLE
from helhed.citizens.models import AccessLogEntry, Case
from helhed.contact.models import Appointment
from helhed.contact.services.appointments import book_appointment
from helhed.core.models import Role
from helhed.plans import services as plan_services
from helhed.plans.models import Scoring, SmallStep
from helhed.plans.selectors import builtin_instrument
from helhed.portal.dev_provider import demo_citizens
from helhed.portal.services.messages import staff_start_thread
from helhed.sanctions.extensions import SANCTION_CASE
from helhed.sanctions.models import SanctionCase

SMALL_STEPS = ["Stod op og var klar, da mentoren kom", "Ringede selv til lægen", "Var med på gåturen to gange"]


class DemoPortal:
    def __init__(self, municipality):
        self.municipality = municipality

    def run(self):
        instrument = builtin_instrument()
        items = list(instrument.items.all())
        for n, (citizen, _hearing) in enumerate(demo_citizens(self.municipality)[:3]):
            case = Case.objects.filter(citizen=citizen, status=Case.Status.OPEN).select_related("responsible").first()
            if case is None:
                continue
            worker = case.responsible
            if not Appointment.objects.filter(citizen=citizen, status=Appointment.Status.BOOKED,
                                              starts_at__gte=timezone.now()).exists():
                starts = timezone.localtime().replace(hour=10 + n, minute=0, second=0, microsecond=0)
                book_appointment(staff=worker, citizen=citizen, starts_at=starts + datetime.timedelta(days=2),
                                 place="Jobcentret, Vestergade 3, 8000 Aarhus C", overlap_confirmed=True,
                                 message_to_citizen="Tag din lønseddel og dit sundhedskort med.")
            if not Scoring.objects.filter(citizen=citizen).exists():
                today = timezone.localdate()
                for days, lift in ((75, 0), (12, 2)):
                    plan_services.record_scoring(
                        staff=worker, citizen=citizen, instrument=instrument, scored_on=today - datetime.timedelta(days=days),
                        values={item.code: min(10, 3 + (i % 3) + lift) for i, item in enumerate(items)})
            if not SmallStep.objects.filter(citizen=citizen).exists():
                for days, text in zip((40, 20, 5), SMALL_STEPS):
                    plan_services.add_small_step(staff=worker, citizen=citizen, text=text,
                                                 happened_on=timezone.localdate() - datetime.timedelta(days=days))
            self._looked_at(citizen, worker, case)
            staff_start_thread(staff=worker, citizen=citizen, subject="Velkommen til Min side", body=(
                f"Hej {citizen.first_name}. Her kan du skrive til mig. Du kan også bede om at flytte et møde. "
                f"Hilsen {worker.user.first_name}"))

    def _looked_at(self, citizen, worker, case):
        """The read log the citizen sees on "who has looked at my case": the caseworker, and the sanction officer
        their absence case was sent to."""
        now = timezone.now()
        rows = [(worker, Role.CASEWORKER, RESPONSIBLE, "casefile:overview", now - datetime.timedelta(days=3, hours=2))]
        sanction_case = SanctionCase.objects.filter(citizen=citizen, referred_to__isnull=False).first()
        if sanction_case:
            rows.append((sanction_case.referred_to, Role.SANCTION_OFFICER, SANCTION_CASE, "sanctions:case",
                         now - datetime.timedelta(days=6, hours=5)))
        for staff, role, reason, page, at in rows:
            AccessLogEntry.objects.create(municipality=citizen.municipality, user=staff.user, staff=staff,
                                          citizen=citizen, at=at, role=role, page=page,
                                          path=f"/borgere/{citizen.pk}/", reason=reason)
