"""Flere skal med 1 and 2 in the demo municipality: defined through the programme service as a team leader would
enter them (data, not code), FSM 1 enrolled and under way.

The funder's rules are from S2 l.365–375 (domain.md § 8). The programmes ran 2017–2019 and 2019–2021; the demo runs
them in its own time, so that the generated citizens, offers and scorings show on the dashboard. Which group FSM 2 was
for is not in Helhed's sources: the demo uses FSM 1's criterion and says so in the description.

The visitation, job brokers, scorings and small steps of FSM 1's members are written as plain rows, as the generator
writes its history (thousands of members at 100,000 citizens); the enrolment itself goes through the service.
"""

import datetime
import random

from helhed.coordination.models import CaseTeamMember
from helhed.core.bulk import insert_rows
from helhed.core.models import Role, StaffMember
from helhed.plans.models import Score, Scoring, SmallStep
from helhed.plans.selectors import builtin_instrument
from helhed.programmes import services
from helhed.programmes.models import Enrolment, Target

M = Target.Measure
FSM1 = {
    "name": "Flere skal med 1",
    "funder": "STAR (Styrelsen for Arbejdsmarked og Rekruttering)",
    "description": ("Aktivitetsparate kontanthjælpsmodtagere, der har været på offentlig forsørgelse i mindst fem år. "
                    "Hele gruppen startafklares, hver borger får en personlig jobformidler og beholder sin "
                    "sagsbehandler, og progressionen måles. Tilskud: 30 % ved godkendelse, 40 % når hele gruppen er "
                    "afklaret, 30 % når 40 % af gruppen har været i virksomhedspraktik eller ordinære timer i mindst "
                    "tre måneder (S2 l.365–375). Kørte 2017–2019; i demoen kører det i demoens tid."),
    "visit_every_member": True, "job_broker_per_citizen": True, "progression_measured": True,
}
FSM1_TARGETS = [
    {"measure": M.APPROVED, "threshold": 0, "payment_share": 30},
    {"measure": M.VISITED, "threshold": 100, "payment_share": 40},
    {"measure": M.IN_WORK_MONTHS, "threshold": 40, "months": 3, "payment_share": 30},
    {"measure": M.PROGRESSION, "threshold": 100},
]
FSM2 = {
    "name": "Flere skal med 2",
    "funder": "STAR (Styrelsen for Arbejdsmarked og Rekruttering)",
    "description": ("Videreførelsen 2019–2021: når 15 % af gruppen har løntimer eller er i uddannelse i en måned, "
                    "udbetales 40 % af tilskuddet, ved 20 % hele tilskuddet (domain.md § 8). Målgruppen er ikke "
                    "beskrevet i Helheds kilder: her sat som i Flere skal med 1 (ikke bekræftet)."),
    "visit_every_member": True, "job_broker_per_citizen": True, "progression_measured": True,
}
FSM2_TARGETS = [
    {"measure": M.PAID_HOURS_MONTH, "threshold": 15, "payment_share": 40},
    {"measure": M.PAID_HOURS_MONTH, "threshold": 20, "payment_share": 60},
]
GROUP = {"target_groups": ["3", "5"], "min_years_on_benefit": 5, "postal_codes": []}
STEP_TEXTS = [
    "Kom selv til samtalen – første gang i et halvt år.",
    "Har ringet til lægen og bestilt tid.",
    "Gik med i gågruppen i torsdags.",
    "Har åbnet sin e-Boks sammen med mentoren.",
    "Har været i praktikvirksomheden og set arbejdspladsen.",
    "Sov hjemme hele ugen og kom op om morgenen.",
]


class DemoProgrammes:
    def __init__(self, *, municipality, as_of: datetime.date, seed: int, team_leader: StaffMember):
        self.m, self.as_of, self.leader = municipality, as_of, team_leader
        self.rng = random.Random(f"programmes-{seed}")

    def run(self) -> int:
        year = self.as_of.year
        fsm1 = services.define_programme(
            staff=self.leader, data={**FSM1, "starts_on": datetime.date(year, 1, 1),
                                     "ends_on": datetime.date(year + 1, 12, 31)},
            criterion=GROUP, targets=FSM1_TARGETS)
        services.define_programme(
            staff=self.leader, data={**FSM2, "starts_on": datetime.date(year + 1, 1, 1),
                                     "ends_on": datetime.date(year + 2, 12, 31)},
            criterion=GROUP, targets=FSM2_TARGETS)
        enrolled_on = min(datetime.date(year, 1, 15), self.as_of)
        services.enrol_group(staff=self.leader, programme=fsm1, on=enrolled_on)
        self._under_way(fsm1, enrolled_on)
        return Enrolment.objects.filter(programme=fsm1).count()

    def _day_after(self, day: datetime.date, at_most_days: int) -> datetime.date:
        span = max(0, min(at_most_days, (self.as_of - day).days))
        return day + datetime.timedelta(days=self.rng.randint(0, span))

    def _under_way(self, programme, enrolled_on):
        rng, m = self.rng, self.m
        brokers = list(StaffMember.objects.filter(municipality=m, roles__role=Role.JOB_BROKER).order_by("pk"))
        instrument = builtin_instrument()
        items = list(instrument.items.all())
        enrolments = list(Enrolment.objects.filter(programme=programme).order_by("pk"))
        # The demo job broker (the first) has a few dozen of them, so the drill-down shows names for that login.
        demo_broker_share = 40 / max(40, len(enrolments))
        team, scorings, steps = [], [], []
        for e in enrolments:
            if rng.random() < 0.85:
                e.visited_on = self._day_after(enrolled_on, 120)
                if rng.random() < 0.75:
                    e.job_broker = brokers[0] if rng.random() < demo_broker_share else rng.choice(brokers)
                    e.job_broker_on = self._day_after(e.visited_on, 30)
                    team.append(CaseTeamMember(
                        municipality=m, citizen_id=e.citizen_id, staff=e.job_broker, organisation_id=e.job_broker.unit_id,
                        role=CaseTeamMember.TeamRole.JOB_BROKER, valid_from=e.job_broker_on, added_by=self.leader,
                        assignment="Personlig jobformidler i Flere skal med 1"))
                if rng.random() < 0.6:
                    e.plan_on = self._day_after(e.visited_on, 60)
                    if rng.random() < 0.6:
                        e.first_step_on = self._day_after(e.plan_on, 60)
                if rng.random() < 0.55:
                    day, level = e.visited_on, rng.randint(2, 5)
                    for _ in range(rng.randint(1, 3)):
                        scorings.append((e.citizen_id, day, level, e.job_broker or self.leader))
                        day, level = self._day_after(day + datetime.timedelta(days=60), 120), min(10, level + rng.randint(-1, 2))
                        if day >= self.as_of:
                            break
                if rng.random() < 0.35:
                    for _ in range(rng.randint(1, 3)):
                        steps.append(SmallStep(municipality=m, citizen_id=e.citizen_id, text=rng.choice(STEP_TEXTS),
                                               happened_on=self._day_after(e.visited_on, 300), noted_by=self.leader))
        Enrolment.objects.bulk_update(enrolments, ["visited_on", "job_broker", "job_broker_on", "plan_on",
                                                   "first_step_on"], batch_size=2000)
        insert_rows(CaseTeamMember, team)
        made = Scoring.objects.bulk_create([
            Scoring(municipality=m, citizen_id=citizen_id, instrument=instrument, scored_on=day, scored_by=by)
            for citizen_id, day, _level, by in scorings], batch_size=2000)
        insert_rows(Score, [Score(municipality=m, scoring=s, item=item, value=max(1, min(10, level + rng.randint(-1, 1))))
                            for s, (_c, _d, level, _b) in zip(made, scorings) for item in items])
        insert_rows(SmallStep, steps)
