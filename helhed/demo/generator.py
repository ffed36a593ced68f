"""A synthetic municipality: units, staff, providers, employers and citizens with history.

Deterministic for a given seed and reference date (`as_of`): the same arguments give the same rows.
Rows are written with bulk_create in chunks, so 100,000 citizens take minutes, not hours; the
generated data bypasses the services (and therefore change history), but keeps their invariants:
target-group periods never overlap, one open case per citizen, notes are written by staff of the
same municipality. The test suite checks those invariants on a generated municipality.
"""

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from faker import Faker

from helhed.citizens.cpr import age_on
from helhed.citizens.models import BenefitPeriod, Case, Citizen, Consent, SafetyMarker, TargetGroupPeriod
from helhed.citizens.services import EARLIEST_FIRST_APPROACH, UNDER_30_AGE_LIMIT
from helhed.contact.models import Appointment, CalendarColleague, JournalNote, QuotaDecision, Reminder
from helhed.contact.services.reminders import schedule_reminders
from helhed.coordination.models import CaseTeamMember, CoordinatorOffer
from helhed.core.bulk import insert_rows
from helhed.core.models import Municipality, OrganisationUnit, Role, StaffMember, StaffRole
from helhed.core.templatetags.helhed import genitive_of
from helhed.demo import texts
from helhed.demo.offers import DemoOffers
from helhed.demo.outreach import DemoOutreach
from helhed.demo.portal import DemoPortal
from helhed.demo.programmes import DemoProgrammes
from helhed.demo.sanctions import DemoSanctions
from helhed.plans.models import MyStory, Plan, PlanStep, PlanVersion
from helhed.sanctions.models import SanctionCase

DEMO_PASSWORD = "helhed-demo"
INVOLVEMENTS = ["co_creation", "co_creation", "choice", "self_reflection", "democracy"]
TZ = ZoneInfo("Europe/Copenhagen")
CHUNK = 5000
# The most staff a provider's or the benefits unit's team has; the jobcentre has a team per team leader (about 19).
TEAM_SIZE = 25
# The demo logins see the free and busy times of this many colleagues of their own team in the week calendar.
DEMO_CALENDAR_COLLEAGUES = 4
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag"]
# The demo kommune took Helhed into use three months before the demo's "today" (30 November 2026): older deadlines
# are not shown as overdue. Generated back from an earlier reference date, it is three months before that date.
DEMO_TAKEOVER_ON = datetime.date(2026, 9, 1)
TAKEOVER_BEFORE_AS_OF = datetime.timedelta(days=91)
# Target groups with a kontaktforløb, and so a plan (helhed/rules/catalogue.py KONTAKTFORLOEB_GROUPS).
PLAN_GROUPS = {"2", "3", "4", "5", "7", "8", "9", "10"}

# One demo login per staff role; the first staff member of each role gets it.
DEMO_LOGINS = {
    Role.CASEWORKER: "sagsbehandler",
    Role.COORDINATING_CASEWORKER: "koordinator",
    Role.JOB_BROKER: "jobformidler",
    Role.MENTOR: "mentor",
    Role.SANCTION_OFFICER: "sanktion",
    Role.TEAM_LEADER: "teamleder",
    Role.PARTNER: "partner",
    Role.DATA_PROTECTION: "databeskyttelse",
    Role.ADMIN: "admin",
}

# First approach to the kommune for help (LAB § 31 stk. 5): days before the course starts, with weights — usually
# 0–10 days, sometimes some weeks.
FIRST_APPROACH_DAYS_BEFORE = [((0, 10), 90), ((11, 30), 10)]
# Courses of target groups (LAB § 6 codes), oldest first, with weights. Under-30 courses only for citizens under 30.
COURSES_30_PLUS = [
    (["2"], 26), (["3"], 22), (["2", "3"], 14), (["3", "2"], 5), (["3", "8"], 6), (["3", "9"], 4),
    (["3", "8", "9"], 2), (["1"], 3), (["6"], 3), (["2", "3", "8"], 2),
]
COURSES_UNDER_30 = [(["4"], 30), (["5"], 25), (["4", "5"], 20), (["5", "4"], 5), (["2"], 10), (["3"], 5), (["4", "2"], 5)]
BENEFIT_FOR_GROUP = {
    "1": (BenefitPeriod.Kind.DAGPENGE, 19_728),
    "2": (BenefitPeriod.Kind.KONTANTHJAELP, 12_550),
    "3": (BenefitPeriod.Kind.KONTANTHJAELP, 12_550),
    "4": (BenefitPeriod.Kind.UDDANNELSESHJAELP, 7_180),
    "5": (BenefitPeriod.Kind.UDDANNELSESHJAELP, 7_180),
    "6": (BenefitPeriod.Kind.SYGEDAGPENGE, 19_728),
    "8": (BenefitPeriod.Kind.RESSOURCEFORLOEBSYDELSE, 12_550),
    "9": (BenefitPeriod.Kind.LEDIGHEDSYDELSE, 17_755),
}
NOTE_SITUATIONS_BY_GROUP = {
    "2": ["jobsamtale", "jobsamtale", "internship", "small_step", "absence"],
    "3": ["jobsamtale", "mentor", "health", "housing", "debt", "addiction", "coordination", "small_step", "absence",
          "internship"],
    "8": ["coordination", "mentor", "health", "small_step"],
}
VISITATION_WORDS = {"2": "jobparat", "3": "aktivitetsparat", "4": "uddannelsesparat", "5": "aktivitetsparat"}
PROVIDERS = [("Brobyg Mentorhus ApS", None), ("Trinvis Udsyn", "Brobyg Mentorhus ApS"), ("Kompasset Anden Aktør A/S", None)]
EMPLOYER_SECTORS = ["Detailhandel", "Lager og logistik", "Rengøring", "Kantine og køkken", "Ældrepleje",
                    "Genbrug", "Gartneri", "Byggeri", "Autoværksted", "Kontor og administration"]
EMPLOYER_WORDS = ["Nord", "Fjord", "Vest", "Havne", "Østerbro", "Bakke", "Skov", "Lunde", "Å-dal", "Søndre"]


@dataclass
class Result:
    municipality: Municipality
    citizens: int = 0
    staff: int = 0
    notes: int = 0
    logins: dict = field(default_factory=dict)


class Generator:
    def __init__(self, *, citizens: int, seed: int, as_of: datetime.date, code: str = "999", name: str = "Fjordby Kommune"):
        self.n = citizens
        self.seed = seed
        self.as_of = as_of
        self.code = code
        self.name = name
        self.rng = random.Random(seed)
        # Its own stream, so that adding the first approach left every other generated value as it was.
        self.approach_rng = random.Random(f"first-approach-{seed}")
        self.takeover_on = DEMO_TAKEOVER_ON if DEMO_TAKEOVER_ON <= as_of else as_of - TAKEOVER_BEFORE_AS_OF
        fake = Faker("da_DK")
        fake.seed_instance(seed)
        self.first_names = sorted({fake.first_name() for _ in range(3000)})
        self.last_names = sorted({fake.last_name() for _ in range(3000)})
        self.streets = sorted({fake.street_name() for _ in range(1500)})
        self.towns = sorted({(fake.postcode(), fake.city()) for _ in range(60)})
        self.password_hash = make_password(DEMO_PASSWORD, salt="helheddemofjordbykommune")
        self.used_cprs: set[str] = set()

    # --- organisation and staff -------------------------------------------------------------------------------
    def _unit(self, name, kind, parent=None, **extra):
        return OrganisationUnit.objects.create(municipality=self.municipality, name=name, kind=kind, parent=parent, **extra)

    def _teams(self, unit, count):
        """`count` teams under `unit` (of the same kind), or the unit itself when one is enough."""
        if count <= 1:
            return [unit]
        return [self._unit(f"{unit.name} – Team {i + 1}", unit.kind, parent=unit) for i in range(count)]

    def _staff(self, role_list, units, count, prefix, title):
        """`count` staff members, spread over `units` (a unit, or a list of teams) in turn: the first in the first."""
        units = units if isinstance(units, list) else [units]
        User = get_user_model()
        users, people = [], []
        for i in range(count):
            first, last = self.rng.choice(self.first_names), self.rng.choice(self.last_names)
            username = f"{prefix}{self.code}-{i + 1:04d}"
            users.append(User(username=username, first_name=first, last_name=last, password=self.password_hash,
                              email=f"{username}@fjordby.example"))
        users = User.objects.bulk_create(users)
        for i, user in enumerate(users):
            people.append(StaffMember(user=user, municipality=self.municipality, unit=units[i % len(units)], title=title))
        people = StaffMember.objects.bulk_create(people)
        StaffRole.objects.bulk_create([StaffRole(staff=s, role=r) for s in people for r in role_list])
        return people

    def build_organisation(self):
        K = OrganisationUnit.Kind
        self.municipality = Municipality.objects.create(code=self.code, name=self.name, takeover_on=self.takeover_on)
        jobcentre = self._unit("Job & Aktivhuset", K.EMPLOYMENT)
        benefits = self._unit("Ydelse og Sanktion", K.BENEFITS_SANCTIONS)
        social = self._unit("Socialafdelingen, Voksen", K.SOCIAL_SERVICES)
        health = self._unit("Sundhedscentret", K.HEALTH)
        housing = self._unit("Boligsocialt Hus Østparken", K.SOCIAL_HOUSING_PLAN)
        providers = {}
        for name, parent in PROVIDERS:
            kind = K.SUBCONTRACTOR if parent else K.PROVIDER
            providers[name] = self._unit(name, kind, parent=providers.get(parent))
        employers = []
        for i in range(max(10, self.n // 100)):
            sector = EMPLOYER_SECTORS[i % len(EMPLOYER_SECTORS)]
            word = EMPLOYER_WORDS[(i // len(EMPLOYER_SECTORS)) % len(EMPLOYER_WORDS)]
            employers.append(OrganisationUnit(
                municipality=self.municipality, kind=K.EMPLOYER, name=f"{word} {sector} {i + 1}",
                sector=sector, internship_places=self.rng.randint(1, 4), cvr=f"{30000000 + i * 7:08d}",
            ))
        self.employers = OrganisationUnit.objects.bulk_create(employers)

        per = lambda divisor: max(1, math.ceil(self.n / divisor))  # noqa: E731
        # The jobcentre works in teams: one per team leader (a team leader per 500 citizens), each with about 18
        # caseworkers, coordinating caseworkers and job brokers, dealt out over the teams in turn, so the first of
        # each role (the demo logins) share the first team. The data protection adviser and the administrator belong
        # to the jobcentre itself. A provider and the benefits unit split into teams of at most TEAM_SIZE.
        teams = self._teams(jobcentre, per(500))
        self.caseworkers = self._staff([Role.CASEWORKER], teams, per(40), "sb", "Jobrådgiver")
        self.coordinators = self._staff([Role.CASEWORKER, Role.COORDINATING_CASEWORKER], teams, per(150), "ks",
                                        "Koordinerende sagsbehandler")
        self.brokers = self._staff([Role.JOB_BROKER], teams, per(200), "jf", "Virksomhedskonsulent")
        mentor_units = list(providers.values())
        self.mentors = []
        for i, unit in enumerate(mentor_units):
            count = per(100 * len(mentor_units))
            self.mentors += self._staff([Role.MENTOR], self._teams(unit, math.ceil(count / TEAM_SIZE)), count, f"m{i}",
                                        "Mentor")
        sanction = self._staff([Role.SANCTION_OFFICER], self._teams(benefits, math.ceil(per(1000) / TEAM_SIZE)),
                               per(1000), "ys", "Ydelsesmedarbejder")
        leaders = self._staff([Role.TEAM_LEADER], teams, per(500), "tl", "Teamleder")
        partners = (self._staff([Role.PARTNER], housing, 1, "bs", "Boligsocial medarbejder")
                    + self._staff([Role.PARTNER], social, 1, "so", "Socialrådgiver")
                    + self._staff([Role.PARTNER], health, 1, "su", "Sundhedskoordinator"))
        dpo = self._staff([Role.DATA_PROTECTION], jobcentre, 1, "dp", "Databeskyttelsesrådgiver")
        admins = self._staff([Role.ADMIN], jobcentre, 1, "ad", "Systemadministrator")
        self.sanction_officers, self.housing_partner, self.housing = sanction, partners[0], housing
        firsts = {
            Role.CASEWORKER: self.caseworkers[0], Role.COORDINATING_CASEWORKER: self.coordinators[0],
            Role.JOB_BROKER: self.brokers[0], Role.MENTOR: self.mentors[0], Role.SANCTION_OFFICER: sanction[0],
            Role.TEAM_LEADER: leaders[0], Role.PARTNER: partners[0], Role.DATA_PROTECTION: dpo[0],
            Role.ADMIN: admins[0],
        }
        return firsts

    def assign_demo_logins(self, firsts):
        """Give the first staff member of each role a short login, unless another municipality has it already."""
        User = get_user_model()
        logins = {}
        for role, username in DEMO_LOGINS.items():
            if User.objects.filter(username=username).exists():
                continue
            user = firsts[role].user
            user.username = username
            user.save(update_fields=["username"])
            logins[role] = username
        return logins

    def choose_calendar_colleagues(self, firsts):
        """The first staff member of each role sees the free and busy times of a few colleagues of their own team in
        the week calendar (as a person would choose them), so the demo's calendar shows them."""
        rows = []
        for person in firsts.values():
            team = (StaffMember.objects.filter(unit_id=person.unit_id).exclude(pk=person.pk)
                    .order_by("pk").values_list("pk", flat=True)[:DEMO_CALENDAR_COLLEAGUES])
            rows += [CalendarColleague(municipality=self.municipality, staff=person, colleague_id=pk) for pk in team]
        CalendarColleague.objects.bulk_create(rows)

    # --- citizens ---------------------------------------------------------------------------------------------
    def _cpr(self, birth: datetime.date) -> str:
        """A CPR number with a valid date and century digit; about 3 % fail modulus 11, as numbers issued since 2007 may."""
        yy = birth.year % 100
        weights = (4, 3, 2, 7, 6, 5, 4, 3, 2)
        while True:
            if birth.year < 2000:
                century = self.rng.choice("0123")
            else:
                century = self.rng.choice("49" if yy <= 36 else "5678") if yy <= 57 else "4"
            digits = f"{birth.day:02d}{birth.month:02d}{yy:02d}{century}{self.rng.randint(0, 99):02d}"
            if self.rng.random() < 0.03:
                number = digits + str(self.rng.randint(0, 9))
            else:
                rest = sum(w * int(d) for w, d in zip(weights, digits)) % 11
                check = (11 - rest) % 11
                if check == 10:
                    continue
                number = digits + str(check)
            if number not in self.used_cprs:
                self.used_cprs.add(number)
                return number

    def _age(self):
        return min(67, max(18, int(self.rng.triangular(18, 67, 38))))

    def _course(self, age):
        """Groups 4 and 5 (LAB § 6 nr. 4–5) only for the under-30s: a course ends at the reference date, so a
        citizen under 30 then was under 30 when each of its periods started."""
        courses = COURSES_UNDER_30 if age < UNDER_30_AGE_LIMIT else COURSES_30_PLUS
        groups, weights = zip(*courses)
        return self.rng.choices(groups, weights=weights)[0]

    def _first_approach(self, start: datetime.date) -> datetime.date:
        """The first approach to the kommune for help, shortly before the course began (years ago for a long one)."""
        ranges, weights = zip(*FIRST_APPROACH_DAYS_BEFORE)
        low, high = self.approach_rng.choices(ranges, weights=weights)[0]
        return max(EARLIEST_FIRST_APPROACH, start - datetime.timedelta(days=self.approach_rng.randint(low, high)))

    def _years_on_benefit(self, age):
        # About a quarter have five or more years on benefit (the Flere skal med group).
        max_years = max(0.1, age - 18)
        if self.rng.random() < 0.27 and max_years > 5:
            return self.rng.uniform(5, min(15, max_years))
        return self.rng.uniform(0.05, min(5, max_years))

    def _datetime(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, self.rng.randint(8, 15), self.rng.randint(0, 59), tzinfo=TZ)

    def _note_text(self, situation, first_name, caseworker, mentor, employer, group=""):
        templates = texts.JOURNAL_TEMPLATES[situation]
        if situation == "visitation" and group in VISITATION_WORDS:
            # The first note names the target group: pick one that names the citizen's.
            templates = [t for t in templates if VISITATION_WORDS[group] in t[1]] or templates
        kind, template = self.rng.choice(templates)
        return kind, template.format(
            fornavn=first_name, fornavn_s=genitive_of(first_name, "da"), sagsbehandler=caseworker.full_name, mentor=mentor.full_name,
            virksomhed=employer.name, dag=self.rng.choice(WEEKDAYS), timer=self.rng.choice([6, 8, 10, 12, 15, 18, 20]),
        )

    def _reason(self, previous, group):
        reasons = texts.TARGET_GROUP_REASONS.get((previous, group))
        if not reasons:
            return "Visiteret ud fra samtale og de oplysninger, der foreligger i sagen."
        return self.rng.choice(reasons)

    def build_citizens(self, progress=None):
        responsible_pool = self.caseworkers + self.coordinators
        total_notes = 0
        for start in range(0, self.n, CHUNK):
            total_notes += self._build_chunk(min(CHUNK, self.n - start), responsible_pool)
            if progress is not None:
                progress(min(start + CHUNK, self.n), self.n)
        return total_notes

    @transaction.atomic
    def _build_chunk(self, count, responsible_pool):
        rng, as_of, m = self.rng, self.as_of, self.municipality
        plans = []
        citizens = []
        for _ in range(count):
            age = self._age()
            # Day 28 at most, so 29 February (or the 31st) never makes an invalid date; age stays within 18–67.
            birthday = datetime.date(as_of.year - age, as_of.month, min(as_of.day, 28))
            birth = birthday - datetime.timedelta(days=rng.randint(1, 360))
            first, last = rng.choice(self.first_names), rng.choice(self.last_names)
            town = rng.choice(self.towns)
            language = "da" if rng.random() < 0.85 else rng.choice(["ar", "so", "tr", "fa", "ur", "pl", "uk", "ti", "en"])
            start = as_of - datetime.timedelta(days=int(self._years_on_benefit(age) * 365))
            citizens.append(Citizen(
                municipality=m, cpr=self._cpr(birth), first_name=first, last_name=last,
                search_name=Citizen.make_search_name(first, last),
                address=f"{rng.choice(self.streets)} {rng.randint(1, 120)}, {rng.randint(1, 4)}. tv.",
                postal_code=town[0], city=town[1], phone=f"{rng.randint(20, 99)}{rng.randint(100000, 999999)}",
                email=f"{first.lower()}.{rng.randint(1, 999)}@example.dk" if rng.random() < 0.6 else "",
                preferred_language=language, interpreter_needed=language not in ("da", "en") and rng.random() < 0.6,
                reachability_notes=rng.choice(texts.REACHABILITY_NOTES) if rng.random() < 0.3 else "",
                created_at=self._datetime(start),
            ))
            # The course by the exact age on the reference date (from the birth date, as the services count it).
            plans.append((age, start, self._course(age_on(birth, as_of))))
        citizens = Citizen.objects.bulk_create(citizens)

        cases, periods, benefits, notes, markers, appointments = [], [], [], [], [], []
        held = []  # held conversations, as rows
        citizens_with_plans = []  # (citizen, caseworker, latest conversation, group)
        team, consents, sanction_cases = [], [], []
        for citizen, (age, start, course) in zip(citizens, plans):
            responsible = rng.choice(responsible_pool)
            cases.append(Case(municipality=m, citizen=citizen, responsible=responsible, opened_on=start,
                              first_approach_on=self._first_approach(start)))
            # Split the time since `start` into contiguous, non-overlapping periods.
            span = (as_of - start).days
            cuts = sorted(rng.sample(range(1, span), len(course) - 1)) if span > len(course) else []
            bounds = [start] + [start + datetime.timedelta(days=c) for c in cuts]
            course = course[: len(bounds)]  # a very short span leaves room for fewer periods
            previous = ""
            for i, group in enumerate(course):
                valid_to = bounds[i + 1] - datetime.timedelta(days=1) if i + 1 < len(bounds) else None
                periods.append(TargetGroupPeriod(
                    municipality=m, citizen=citizen, group=group, valid_from=bounds[i], valid_to=valid_to,
                    reason=self._reason(previous, group), decided_by=responsible,
                ))
                if group in BENEFIT_FOR_GROUP:
                    kind, amount = BENEFIT_FOR_GROUP[group]
                    if benefits and benefits[-1].citizen is citizen and benefits[-1].kind == kind:
                        benefits[-1].valid_to = valid_to
                    else:
                        benefits.append(BenefitPeriod(
                            municipality=m, citizen=citizen, kind=kind, valid_from=bounds[i], valid_to=valid_to,
                            monthly_amount=Decimal(amount + rng.choice([0, 0, 0, 4_200])),
                        ))
                previous = group
            current = course[-1]
            situations = NOTE_SITUATIONS_BY_GROUP.get(current, NOTE_SITUATIONS_BY_GROUP["2"])
            mentor = rng.choice(self.mentors)
            employer = rng.choice(self.employers)
            # The visitation within the first week, then (for most) the job conversations of the first six months,
            # then notes spread over the rest of the course. Days past the reference date are dropped.
            planned = [(rng.randint(0, 6), "visitation")]
            if rng.random() < 0.75:
                planned += [(rng.randint(low, high), "jobsamtale") for low, high in ((25, 60), (61, 120), (121, 175))]
            planned += [(rng.randint(0, max(0, span)), rng.choice(situations)) for _ in range(rng.randint(1, 4))]
            for offset, situation in sorted(planned):
                if offset > span:
                    continue
                day = start + datetime.timedelta(days=offset)
                kind, text = self._note_text(situation, citizen.first_name, responsible, mentor, employer, course[0])
                author = mentor if situation in ("mentor", "small_step") and rng.random() < 0.7 else responsible
                notes.append({"municipality_id": m.pk, "citizen_id": citizen.pk, "author_id": author.pk,
                              "occurred_on": day, "kind": kind, "text": text, "created_at": self._datetime(day)})
                if situation in ("visitation", "jobsamtale"):
                    held.append(self._held_conversation(citizen, responsible, day, note_kind=kind))
            members = self._team(citizen, current, start, responsible, mentor, consents, sanction_cases)
            team += members
            has_held = bool(held) and held[-1]["citizen_id"] == citizen.pk
            if has_held and rng.random() < 0.6:
                citizens_with_plans.append((citizen, responsible, held[-1]["starts_at"], current))
            appointments += self._upcoming(citizen, current, responsible, members, has_held)
            if rng.random() < 0.015:
                markers.append(SafetyMarker(
                    municipality=m, citizen=citizen, reason=rng.choice(texts.SAFETY_MARKER_REASONS), set_by=responsible,
                    review_date=as_of + datetime.timedelta(days=rng.randint(30, 300)),
                ))
        cases = Case.objects.bulk_create(cases)
        case_by_citizen = {c.citizen_id: c for c in cases}
        for note in notes:
            note["case_id"] = case_by_citizen[note["citizen_id"]].pk
        insert_rows(TargetGroupPeriod, periods)
        insert_rows(BenefitPeriod, benefits)
        insert_rows(JournalNote, notes)
        insert_rows(Appointment, held)
        Appointment.objects.bulk_create(appointments)
        self._plans(citizens_with_plans)
        # Reminders for what is booked, as booking through the services would plan them (contact/reminders.py).
        start_of_day = datetime.datetime.combine(as_of, datetime.time(), tzinfo=TZ)
        insert_rows(Reminder, [
            reminder for appointment in appointments if appointment.status == Appointment.Status.BOOKED
            for reminder in schedule_reminders(appointment, [appointment.organiser], start_of_day)
        ])
        insert_rows(SafetyMarker, markers)
        insert_rows(CaseTeamMember, team)
        insert_rows(Consent, consents)
        insert_rows(SanctionCase, sanction_cases)
        return len(notes)

    def _plans(self, rows):
        """Plans for most citizens with conversations: the citizen's own goal first, a few steps, one version.
        (Only the current version: demo plans have no history.)"""
        rng, m = self.rng, self.municipality
        plans = Plan.objects.bulk_create(
            Plan(municipality=m, citizen=citizen, version=1, own_goal=rng.choice(texts.OWN_GOALS),
                 job_goal=rng.choice(texts.JOB_GOALS), created_at=at, updated_at=at,
                 stabilising="Fast ugentlig kontakt med mentor." if group in ("3", "5", "8") else "")
            for citizen, _caseworker, at, group in rows
        )
        steps, versions = [], []
        for plan, (_citizen, caseworker, at, _group) in zip(plans, rows):
            chosen = rng.sample(texts.PLAN_STEPS, rng.randint(2, 4))
            own = [PlanStep(municipality=m, plan=plan, kind=kind, owner=owner, text=text, position=position,
                            status=rng.choice(["open", "open", "done"]))
                   for position, (kind, owner, text) in enumerate(chosen)]
            steps += own
            versions.append(PlanVersion(
                municipality=m, plan=plan, number=1, changed_by=caseworker, changed_at=at, involvement=rng.choice(INVOLVEMENTS),
                citizen_position="agrees",
                content={"kind": "min_plan", "own_goal": plan.own_goal, "job_goal": plan.job_goal,
                         "stabilising": plan.stabilising, "job_search": "", "sections": {},
                         "steps": [{"key": str(s.key), "kind": s.kind, "text": s.text, "owner": s.owner, "due": None,
                                    "status": s.status} for s in own]},
            ))
        insert_rows(PlanStep, steps)
        insert_rows(PlanVersion, versions)
        MyStory.objects.bulk_create(
            MyStory(municipality=m, citizen=citizen, text=rng.choice(texts.STORIES), updated_by=caseworker,
                    updated_at=at)
            for citizen, caseworker, at, _group in rows if rng.random() < 0.15
        )

    # --- the months since the kommune took Helhed into use -------------------------------------------------------
    def since_takeover(self):
        """What three months of work in Helhed leave behind, so that a caseworker's worklist shows a day's work: most
        plans followed up since the takeover (so the next follow-ups spread over the coming quarter), plans written
        for most who lacked one, the § 36 offer recorded with the answer for most aktivitetsparate without a
        coordinating caseworker, and the kommune's 25 % decision for some jobparate. A share is left undone, as in
        any kommune. Its own random stream, so the rest of the demo is unchanged."""
        rng, m, as_of = random.Random(f"since-takeover-{self.seed}"), self.municipality, self.as_of
        days = max((as_of - self.takeover_on).days, 1)

        def day_since_takeover():
            return self.takeover_on + datetime.timedelta(days=rng.randrange(days))

        open_cases = {c.citizen_id: c for c in Case.objects.filter(municipality=m, status=Case.Status.OPEN)}
        groups = {
            citizen_id: group for citizen_id, group in TargetGroupPeriod.objects.filter(
                municipality=m, valid_to__isnull=True).values_list("citizen_id", "group")
        }
        latest = {}
        for version in PlanVersion.objects.filter(municipality=m).select_related("plan").order_by("number"):
            latest[version.plan.citizen_id] = version
        follow_ups = []
        for citizen_id, version in latest.items():
            if citizen_id in open_cases and rng.random() < 0.92:
                at = self._datetime(day_since_takeover())
                if at > version.changed_at:
                    follow_ups.append(PlanVersion(
                        municipality=m, plan=version.plan, number=version.number + 1,
                        changed_by=open_cases[citizen_id].responsible, changed_at=at, involvement=version.involvement,
                        citizen_position="agrees", content=version.content, change_note="Opfølgning sammen med borgeren.",
                    ))
        insert_rows(PlanVersion, follow_ups)
        plan_ids = [v.plan_id for v in follow_ups]
        for start in range(0, len(plan_ids), 10_000):  # SQLite allows so many variables per statement
            Plan.objects.filter(pk__in=plan_ids[start : start + 10_000]).update(version=models.F("version") + 1)
        citizens = Citizen.objects.in_bulk(list(open_cases))
        without = [(citizens[pk], case.responsible, self._datetime(day_since_takeover()), groups.get(pk, ""))
                   for pk, case in open_cases.items()
                   if pk not in latest and groups.get(pk) in PLAN_GROUPS and rng.random() < 0.9]
        saved, self.rng = self.rng, rng
        try:
            self._plans(without)
        finally:
            self.rng = saved
        self._coordinator_offers(rng, open_cases, groups, day_since_takeover)
        self._quota_decisions(rng, open_cases, groups)

    def _coordinator_offers(self, rng, open_cases, groups, day_since_takeover):
        m = self.municipality
        with_coordinator = set(CaseTeamMember.objects.filter(
            municipality=m, role=CaseTeamMember.TeamRole.COORDINATING_CASEWORKER, ended_at__isnull=True,
        ).values_list("citizen_id", flat=True))
        offers = []
        for citizen_id, case in open_cases.items():
            if groups.get(citizen_id) in ("3", "5") and citizen_id not in with_coordinator and rng.random() < 0.9:
                offered = day_since_takeover()
                answered = min(offered + datetime.timedelta(days=rng.randint(0, 7)), self.as_of)
                offers.append(CoordinatorOffer(
                    municipality=m, citizen_id=citizen_id, offered_on=offered, offered_by=case.responsible,
                    answer=CoordinatorOffer.Answer.DECLINED, answered_on=answered,
                    answer_recorded_by=case.responsible,
                ))
        CoordinatorOffer.objects.bulk_create(offers)

    def _quota_decisions(self, rng, open_cases, groups):
        """The kommune's decision to exempt up to 25 % of those close to the labour market (from 1 Jul 2026)."""
        m, first_day = self.municipality, max(datetime.date(2026, 7, 1), self.takeover_on)
        if self.as_of < first_day:
            return
        decisions = [
            QuotaDecision(municipality=m, citizen_id=citizen_id, reason=rng.choice(texts.QUOTA_REASONS),
                          decided_by=case.responsible, valid_from=first_day + datetime.timedelta(
                              days=rng.randrange(max((self.as_of - first_day).days, 1))),
                          decided_at=self._datetime(first_day))
            for citizen_id, case in open_cases.items()
            if groups.get(citizen_id) in ("1", "2", "9") and rng.random() < 0.15
        ]
        QuotaDecision.objects.bulk_create(decisions)

    def _held_conversation(self, citizen, organiser, day, note_kind):
        """A job conversation held on `day`, in the channel its journal note tells of."""
        C = Appointment.Channel
        channel = {JournalNote.Kind.PHONE: C.PHONE, JournalNote.Kind.HOME_VISIT: C.HOME_VISIT}.get(
            note_kind, self.rng.choices([C.OFFICE, C.OUTREACH_OFFICE], weights=[85, 15])[0])
        starts_at = self._datetime(day)
        return {
            "municipality_id": self.municipality.pk, "citizen_id": citizen.pk, "kind": Appointment.Kind.JOBSAMTALE,
            "channel": channel, "starts_at": starts_at, "ends_at": starts_at + datetime.timedelta(minutes=30),
            "organiser_id": organiser.pk, "booked_by_id": organiser.pk,
            "booked_at": starts_at - datetime.timedelta(days=7), "status": Appointment.Status.HELD,
            "settled_at": starts_at + datetime.timedelta(minutes=45),
        }

    def _upcoming(self, citizen, group, responsible, members, has_held):
        """Appointments in the coming three weeks: a job conversation for some, a mentor meeting where there is one."""
        rng, result = self.rng, []
        C = Appointment.Channel

        def book(kind, organiser, channel, place=""):
            day = self.as_of + datetime.timedelta(days=rng.randint(1, 21))
            if day.weekday() >= 5:
                day += datetime.timedelta(days=7 - day.weekday())
            starts_at = datetime.datetime(day.year, day.month, day.day, rng.randint(8, 15), rng.choice([0, 30]), tzinfo=TZ)
            result.append(Appointment(
                municipality=self.municipality, citizen=citizen, kind=kind, channel=channel, place=place,
                starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=45 if kind != "jobsamtale" else 30),
                organiser=organiser, booked_by=organiser,
                booked_at=self._datetime(self.as_of - datetime.timedelta(days=rng.randint(0, 14))),
            ))

        if group in ("2", "3", "4", "5", "7", "8") and rng.random() < 0.4:
            # The first conversation in person (LAB § 33); later the citizen's choice.
            channel = rng.choice([C.OFFICE, C.OFFICE, C.PHONE, C.VIDEO]) if has_held else C.OFFICE
            book(Appointment.Kind.JOBSAMTALE, responsible, channel, "Jobcentret, Havnegade 12")
        for member in members:
            if member.role == CaseTeamMember.TeamRole.MENTOR and rng.random() < 0.8:
                book(Appointment.Kind.MENTOR_MEETING, member.staff, rng.choice([C.HOME_VISIT, C.OTHER_PLACE, C.PHONE]),
                     rng.choice(["Hjemme hos borgeren", "Café Kanten, Fjordby", "Gåtur fra boligsocialt hus", ""]))
        return result

    def _team(self, citizen, group, start, responsible, mentor, consents, sanction_cases):
        """The team around the citizen: coordinating caseworker, mentor, job broker, housing partner with consent."""
        rng, m, R = self.rng, self.municipality, CaseTeamMember.TeamRole
        since = start + datetime.timedelta(days=rng.randint(0, max(0, (self.as_of - start).days)))
        members = []

        def member(staff, role, assignment=""):
            members.append(CaseTeamMember(
                municipality=m, citizen=citizen, staff=staff, role=role, organisation=staff.unit,
                assignment=assignment, valid_from=since, added_by=responsible,
            ))

        if group in ("3", "5", "7", "8") and rng.random() < 0.6:
            member(rng.choice(self.coordinators), R.COORDINATING_CASEWORKER)
        if group in ("3", "5", "8") and rng.random() < 0.35:
            member(mentor, R.MENTOR, rng.choice(texts.MENTOR_ASSIGNMENTS))
        if group in ("2", "4") and rng.random() < 0.2:
            member(rng.choice(self.brokers), R.JOB_BROKER, "Find praktikplads eller ordinære timer ud fra borgerens ønsker.")
        if rng.random() < 0.03:
            member(self.housing_partner, R.PARTNER, "Boligsocial støtte: budget, husleje og kontakt til boligforeningen.")
            consents.append(Consent(
                municipality=m, citizen=citizen, purpose="Samarbejde med den boligsociale medarbejder om bolig og økonomi.",
                recipient_unit=self.housing, legal_basis=Consent.LegalBasis.GDPR_CONSENT, given_on=since,
                expires_on=since + datetime.timedelta(days=730), recorded_by=responsible,
            ))
        if rng.random() < 0.01:
            referred_on = self.as_of - datetime.timedelta(days=rng.randint(1, 60))
            sanction_cases.append(SanctionCase(
                municipality=m, citizen=citizen, referred_to=rng.choice(self.sanction_officers), referred_by=responsible,
                summary="Udeblivelse fra jobsamtale; borgeren har ikke kunnet kontaktes. Rimelig grund skal vurderes.",
                referred_at=self._datetime(referred_on), source=SanctionCase.Source.JOBSAMTALE,
                ground=SanctionCase.Ground.CONVERSATION, event_on=referred_on - datetime.timedelta(days=rng.randint(3, 14)),
                stage=SanctionCase.Stage.REFERRED, reported_by=responsible,
            ))
        return members

    def run(self, progress=None) -> Result:
        with transaction.atomic():
            firsts = self.build_organisation()
            logins = self.assign_demo_logins(firsts)
            self.choose_calendar_colleagues(firsts)
        notes = self.build_citizens(progress)
        with transaction.atomic():
            self.since_takeover()
            DemoOffers(self).run()
            DemoSanctions(self, demo_caseworker=DEMO_LOGINS[Role.CASEWORKER]).run()
            DemoOutreach(self).run()
            DemoProgrammes(municipality=self.municipality, as_of=self.as_of, seed=self.seed,
                           team_leader=firsts[Role.TEAM_LEADER]).run()
            DemoPortal(self.municipality).run()
        staff = StaffMember.objects.filter(municipality=self.municipality).count()
        return Result(municipality=self.municipality, citizens=self.n, staff=staff, notes=notes, logins=logins)
