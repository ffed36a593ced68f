"""The demo's outreach employment effort (fremskudt beskæftigelsesindsats): an office in the housing area Østparken,
open two days a week with the demo caseworker on duty, its local target group (residents on benefit in one of the
generated postal code areas), conversations booked at the office, drop-ins, and a depression group and a walking
group with sessions and attendance. Made through the services, with its own random stream: the rest of the demo is
unchanged.

The texts follow the thesis on the effort in Aalborg (S0): a long narrow office with four desks and a small round
table for ad hoc conversations with residents who come by — "der er ikke plads til fortrolighed" (S0 l.1634) — and a
"håndholdt beskæftigelsesindsats målrettet en gruppe på 25 beboere i boligområdet" (S0 l.2620)."""

import datetime
import random
from collections import Counter

from django.utils import timezone

from helhed.citizens.models import BenefitPeriod, Case, Citizen
from helhed.contact.models import Appointment
from helhed.contact.services.appointments import book_appointment
from helhed.outreach import services
from helhed.outreach.models import DropIn, Group, OutreachOffice
from helhed.outreach.selectors import area_residents
from helhed.plans import services as plan_services
from helhed.plans.selectors import builtin_instrument

OPENING_DAYS = [1, 3]  # Tuesday and Thursday
WEEKS_BACK = 12
TARGET_GROUP = 25  # the plan's "gruppe på 25 beboere" (S0 l.2620)
GROUPS = [
    ("Depressionsgruppen", Group.Kind.DEPRESSION, 1, datetime.time(10),
     "Et lille, fast hold, der mødes i konferencerummet bag kontoret. Vi taler om hverdagen, søvn og små mål – "
     "i samarbejde med Boligsocialt Hus og en psykolog fra Sundhedscentret."),
    ("Gåholdet", Group.Kind.WALKING, 3, datetime.time(9, 30),
     "Vi går en time rundt om søen og slutter med kaffe i caféen på torvet. Alle beboere kan komme – man behøver "
     "ikke at sige sit navn."),
]
SESSION_NOTES = {
    Group.Kind.DEPRESSION: ["Søvn og faste tider", "Små mål til næste uge", "At sige fra – og til", "Tanker og følelser",
                            "Hvad giver energi?", "Besøg fra Sundhedscentret"],
    Group.Kind.WALKING: ["Rundt om søen", "Til genbrugspladsen og tilbage", "Langs banestien", "Kort tur i regnvejr",
                         "Til biblioteket", "Rundt om skolen"],
}
DROP_IN_TOPICS = [(DropIn.Topic.CV, 4), (DropIn.Topic.JOB_SEARCH, 3), (DropIn.Topic.LETTERS, 4),
                  (DropIn.Topic.ECONOMY, 2), (DropIn.Topic.EDUCATION, 1), (DropIn.Topic.OTHER, 1)]
DROP_IN_NOTES = [
    "Kom forbi med et brev fra Ydelse, som hun ikke forstod. Vi læste det sammen ved det runde bord.",
    "Ville gerne have hjælp til at skrive et CV til en stilling i Netto. Aftalte at komme igen torsdag.",
    "Spurgte til praktik i genbrugsbutikken på torvet. Jeg tager det med til jobformidleren.",
    "Kom forbi efter gåturen og fortalte, at det går bedre med søvnen.",
]


class DemoOutreach:
    def __init__(self, generator):
        self.g = generator
        self.rng = random.Random(f"outreach-{generator.seed}")

    # --- the office -------------------------------------------------------------------------------------------
    def _demo_caseworker(self):
        return self.g.caseworkers[0]

    def _area(self) -> tuple[str, str]:
        """The postal code where the demo caseworker has the most citizens on benefit (so the demo login sees names
        at the office), with its town."""
        today = timezone.localdate()
        mine = Case.objects.filter(municipality=self.g.municipality, responsible=self._demo_caseworker(),
                                   status=Case.Status.OPEN).values("citizen_id")
        on_benefit = BenefitPeriod.objects.filter(municipality=self.g.municipality, valid_from__lte=today,
                                                  valid_to__isnull=True).values("citizen_id")
        codes = Counter(Citizen.objects.filter(pk__in=mine).filter(pk__in=on_benefit)
                        .values_list("postal_code", flat=True))
        if not codes:
            return self.g.towns[0]
        code = sorted(codes.items(), key=lambda item: (-item[1], item[0]))[0][0]
        city = Citizen.objects.filter(municipality=self.g.municipality, postal_code=code).values_list(
            "city", flat=True).first() or ""
        return code, city

    def _streets(self, code) -> str:
        """Narrow a large postal code area to the streets of about the plan's 25 residents (S0 l.2620)."""
        residents = list(Citizen.objects.filter(municipality=self.g.municipality, postal_code=code)
                         .values_list("address", flat=True).order_by("pk"))
        if len(residents) <= TARGET_GROUP * 2:
            return ""
        streets = sorted({address.rsplit(" ", 3)[0] for address in residents if address})
        mine = set(Citizen.objects.filter(municipality=self.g.municipality, postal_code=code,
                                          cases__responsible=self._demo_caseworker())
                   .values_list("address", flat=True))
        chosen = sorted({address.rsplit(" ", 3)[0] for address in mine if address})
        self.rng.shuffle(streets)
        for street in streets:
            if len(chosen) >= max(8, len(streets) * TARGET_GROUP // len(residents)):
                break
            if street not in chosen:
                chosen.append(street)
        return "\n".join(sorted(chosen))

    def office(self) -> OutreachOffice:
        code, city = self._area()
        brokers = getattr(self.g, "brokers", [])[:1]
        return services.create_office(
            municipality=self.g.municipality, name="Østparkens Jobcafé", address="Østparken 12, st.",
            postal_code=code, city=city, opening_days=OPENING_DAYS, opens_at=datetime.time(9),
            closes_at=datetime.time(15), staff_on_duty=[self._demo_caseworker(), *brokers],
            housing_plan=self.g.housing, area_postal_codes=code, area_streets=self._streets(code),
        )

    # --- people -----------------------------------------------------------------------------------------------
    def _responsible(self, residents) -> dict:
        cases = Case.objects.filter(citizen__in=residents, status=Case.Status.OPEN).select_related(
            "responsible__user")
        return {case.citizen_id: case.responsible for case in cases if case.responsible_id}

    def _open_days(self, weeks_back=WEEKS_BACK, days=OPENING_DAYS):
        today = timezone.localdate()
        first = today - datetime.timedelta(weeks=weeks_back)
        return [first + datetime.timedelta(days=i) for i in range((today - first).days + 1)
                if (first + datetime.timedelta(days=i)).weekday() in days]

    def _at(self, day, time):
        return timezone.make_aware(datetime.datetime.combine(day, time))

    def conversations(self, office, residents, responsible):
        """Held conversations at the office in the last weeks, and the demo caseworker's booked ones ahead."""
        rng, place = self.rng, office.place
        days = self._open_days()
        for citizen in residents:
            worker = responsible.get(citizen.pk)
            if worker is None:
                continue
            for day in rng.sample(days, k=min(len(days), rng.randint(1, 3))):
                if day >= timezone.localdate():
                    continue
                starts = self._at(day, datetime.time(rng.randint(9, 14), rng.choice([0, 30])))
                Appointment.objects.create(
                    municipality=citizen.municipality, citizen=citizen, kind=Appointment.Kind.JOBSAMTALE,
                    channel=Appointment.Channel.OUTREACH_OFFICE, place=place.label[:200], meeting_place=place,
                    starts_at=starts, ends_at=starts + datetime.timedelta(minutes=30), organiser=worker,
                    booked_by=worker, status=Appointment.Status.HELD, settled_at=starts)
        caseworker = self._demo_caseworker()
        mine = [c for c in residents if responsible.get(c.pk) == caseworker][:4]
        today = timezone.localdate()
        ahead = [today] + [d for d in (today + datetime.timedelta(days=i) for i in range(1, 15))
                           if d.weekday() in OPENING_DAYS]
        now = timezone.now()
        for i, citizen in enumerate(mine):
            day = ahead[i % len(ahead)] if i < 2 else ahead[min(len(ahead) - 1, 1 + i)]
            starts = self._at(day, datetime.time(10 + i, 0))
            if starts < now:
                starts = now + datetime.timedelta(minutes=30 + 30 * i)
            book_appointment(staff=caseworker, citizen=citizen, starts_at=starts, meeting_place=place,
                             message_to_citizen="Vi ses på kontoret i Østparken, for enden af den lange gang.",
                             overlap_confirmed=True)

    def drop_ins(self, office, residents, responsible):
        rng = self.rng
        topics, weights = zip(*DROP_IN_TOPICS)
        caseworker = self._demo_caseworker()
        for day in self._open_days():
            for _ in range(rng.randint(0, 3)):
                services.register_drop_in(staff=caseworker, office=office, on=day, count=rng.randint(1, 4),
                                          topic=rng.choices(topics, weights=weights)[0])
        named = [c for c in residents if responsible.get(c.pk)][:8]
        for citizen in named:
            day = rng.choice(self._open_days())
            services.register_drop_in(staff=responsible[citizen.pk], office=office, on=day, citizen=citizen,
                                      topic=rng.choices(topics, weights=weights)[0], note=rng.choice(DROP_IN_NOTES))

    def groups(self, office, residents, responsible):
        rng = self.rng
        facilitators = [self._demo_caseworker(), *(getattr(self.g, "mentors", [])[:1] or [self._demo_caseworker()])]
        participants = [c for c in residents if responsible.get(c.pk)]
        made = []
        for (name, kind, weekday, time, description), facilitator in zip(GROUPS, facilitators):
            group = services.create_group(staff=facilitator, office=office, name=name, kind=kind,
                                          facilitator=facilitator, partner=self.g.housing, description=description)
            members = rng.sample(participants, k=min(len(participants), rng.randint(5, 9)))
            agreed = {c.pk: rng.random() < 0.6 for c in members}
            today = timezone.localdate()
            for day in self._open_days(days=[weekday]) + [today + datetime.timedelta(days=7 - (today.weekday()
                                                                                                - weekday) % 7)]:
                session = services.add_session(staff=facilitator, group=group, starts_at=self._at(day, time),
                                               note=rng.choice(SESSION_NOTES[kind]))
                if day >= today:
                    continue
                services.set_anonymous_count(staff=facilitator, session=session,
                                             anonymous_count=rng.randint(0, 5 if kind == Group.Kind.WALKING else 1))
                for citizen in members:
                    if rng.random() < 0.7:
                        services.register_attendance(staff=responsible[citizen.pk], session=session, citizen=citizen,
                                                     to_plan=agreed[citizen.pk])
            made.append(group)
        return made

    def consents_and_progression(self, office, residents, responsible):
        """Some residents consent to sharing with the housing plan; some are scored twice (progression)."""
        rng, instrument = self.rng, builtin_instrument()
        codes = list(instrument.items.values_list("code", flat=True))
        today = timezone.localdate()
        for citizen in residents:
            worker = responsible.get(citizen.pk)
            if worker is None:
                continue
            if rng.random() < 0.5:
                services.record_housing_consent(staff=worker, office=office, citizen=citizen,
                                                given_on=today - datetime.timedelta(days=rng.randint(10, 200)))
            if rng.random() < 0.5:
                first = {code: rng.randint(2, 6) for code in codes}
                later = {code: min(10, value + rng.choice([-1, 0, 1, 1, 2])) for code, value in first.items()}
                for values, days_ago in ((first, rng.randint(150, 300)), (later, rng.randint(5, 60))):
                    plan_services.record_scoring(staff=worker, citizen=citizen, instrument=instrument, values=values,
                                                 scored_on=today - datetime.timedelta(days=days_ago))

    def run(self) -> OutreachOffice:
        office = self.office()
        residents = list(area_residents(office).order_by("pk")[:TARGET_GROUP * 2])
        responsible = self._responsible(residents)
        self.conversations(office, residents, responsible)
        self.drop_ins(office, residents, responsible)
        self.groups(office, residents, responsible)
        self.consents_and_progression(office, residents, responsible)
        return office
