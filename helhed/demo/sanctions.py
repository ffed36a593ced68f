"""Absence cases for the demo municipality, made through the sanctions services so that every stage looks as it
would in use: being documented, cleared up by contact, with the sanction officer, hearing sent, and decided (no
sanction, and a deduction). A few dozen cases whatever the size: the path, not the volume, is what a demo shows."""

import datetime
import random

from django.utils import timezone

from helhed.citizens.models import Case, TargetGroupPeriod
from helhed.contact.models import Absence, Appointment
from helhed.sanctions import services
from helhed.sanctions.models import SanctionCase

CONTEXTS = [
    "Ingen afbud. Han har fortalt, at han sover dårligt og har svært ved mødetider.",
    "Mentoren fortæller, at hun har været presset af gæld og ikke har åbnet sin post.",
    "Ingen afbud. Borgeren bor midlertidigt hos en ven og har ingen fast adresse lige nu.",
    "Har tidligere mødt stabilt. Datteren har været syg i ugen op til.",
]
EXPLANATIONS = [
    "Jeg havde ikke penge til bussen, og jeg turde ikke ringe.",
    "Jeg sov over mig. Jeg har fået ny medicin, som gør mig træt.",
    "Jeg glemte det – jeg har så mange breve, og jeg kan ikke overskue dem.",
    "Min søn var syg, og jeg havde ingen til at passe ham.",
]
STAGES = ["documenting", "resolved", "referred", "hearing", "none", "deduction"]


class DemoSanctions:
    def __init__(self, generator, *, demo_caseworker: str, cases: int = 24):
        self.g, self.cases, self.demo_caseworker = generator, cases, demo_caseworker
        self.rng = random.Random(f"sanctions-{generator.seed}")

    def _citizens(self):
        today = timezone.localdate()
        groups = TargetGroupPeriod.objects.filter(municipality=self.g.municipality, group__in=["2", "3"],
                                                  valid_to__isnull=True, valid_from__lte=today - datetime.timedelta(days=90))
        ids = list(groups.values_list("citizen_id", flat=True).order_by("citizen_id")[:400])
        self.rng.shuffle(ids)
        # The demo caseworker's own citizens first, one per stage, so that the demo login has cases to show.
        demo_caseworker = set(Case.objects.filter(
            responsible__user__username=self.demo_caseworker, status=Case.Status.OPEN,
            citizen_id__in=groups.values("citizen_id")).values_list("citizen_id", flat=True).order_by("citizen_id")[
                :len(STAGES)])
        chosen = [*sorted(demo_caseworker), *(pk for pk in ids if pk not in demo_caseworker)][:self.cases]
        cases = {c.citizen_id: c for c in Case.objects.filter(citizen_id__in=chosen, status=Case.Status.OPEN)
                 .select_related("citizen", "responsible")}
        return [cases[pk] for pk in chosen if pk in cases]

    def run(self) -> int:
        officer = self.g.sanction_officers[0]
        made = 0
        for i, case in enumerate(self._citizens()):
            self._one(case, officer, STAGES[i % len(STAGES)], i)
            made += 1
        return made

    def _one(self, open_case, officer, stage, i):
        rng, citizen, worker = self.rng, open_case.citizen, open_case.responsible
        day = timezone.localdate() - datetime.timedelta(days=rng.randint(8, 40))
        services.record_guidance(staff=worker, citizen=citizen, given_on=day - datetime.timedelta(days=60),
                                 how="digital_post")
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + i % 5)))
        appointment = Appointment.objects.create(
            municipality=citizen.municipality, citizen=citizen, starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=45), organiser=worker, booked_by=worker,
            status=Appointment.Status.NOT_HELD, not_held_reason=Appointment.NotHeldReason.CITIZEN_ABSENT,
            settled_at=starts)
        absence = Absence.objects.create(municipality=citizen.municipality, citizen=citizen, appointment=appointment,
                                         notice=Absence.Notice.NONE, context=CONTEXTS[i % len(CONTEXTS)],
                                         recorded_by=worker)
        case = SanctionCase.objects.get(absence=absence)
        if stage == "documenting":
            return
        services.record_contact_attempt(staff=worker, case=case, on=day, kind="phone",
                                        note="Ringede to gange; ingen svar. Sendte en sms.")
        services.record_contact_attempt(staff=worker, case=case, on=day + datetime.timedelta(days=2),
                                        kind="home_visit" if i % 2 else "mentor", reached=True,
                                        note="Fik fat i borgeren og aftalte en ny tid.")
        services.update_context(staff=worker, case=case, citizen_explanation=EXPLANATIONS[i % len(EXPLANATIONS)],
                                staff_note=case.staff_note, contact_on=day + datetime.timedelta(days=2))
        if stage == "resolved":
            services.resolve_by_contact(staff=worker, case=case, note="Forklaringen giver mening; ny samtale aftalt.")
            return
        services.refer(staff=worker, case=case, officer=officer)
        if stage == "referred":
            return
        services.assess(
            staff=officer, case=case, reasonable_cause="yes" if stage == "none" else "no",
            cause_examples=["childcare"] if stage == "none" else [],
            reasonable_cause_assessment=("Barnets sygdom og manglende pasning er en rimelig grund." if stage == "none"
                                         else "Intet i sagen peger på sygdom, pasning eller transport den dag."),
            availability_promoted=stage != "none",
            availability_reasoning="Borgeren har mødt stabilt siden foråret; et fradrag understøtter aftalen.",
            vulnerability_assessment="Stabil bolig; ingen akut krise. Mentoren er enig i vurderingen.")
        services.send_hearing(staff=officer, case=case, deadline=timezone.localdate() + datetime.timedelta(days=14))
        if stage == "hearing":
            return
        services.record_answer(staff=worker, case=case, answer=EXPLANATIONS[i % len(EXPLANATIONS)],
                               answered_on=timezone.localdate())
        reasons = ("Dit barn var sygt, og du havde ingen pasning. Det er en rimelig grund, så vi trækker ikke noget."
                   if stage == "none" else
                   "Du kom ikke til samtalen og havde ikke en rimelig grund. Du var vejledt om reglerne.")
        services.decide(staff=officer, case=case, outcome=stage, reasons=reasons)
