"""Demo offers: employers with places and a track record, and for most citizens the offers a kommune would have
given them, so that the rules on offers (§§ 61, 102, 105, 112, 167) show a day's work, not years of red items.
Its own random stream: the rest of the demo is unchanged."""

import datetime
import random
from collections import defaultdict

from stdnum.dk import cvr as cvr_numbers

from helhed.citizens.models import Case, TargetGroupPeriod
from helhed.coordination.models import CaseTeamMember
from helhed.core.bulk import insert_rows
from helhed.core.models import OrganisationUnit
from helhed.offers.models import (
    Attendance,
    Employer,
    FrameworkAgreement,
    HoursAdjustment,
    MentorTime,
    Offer,
    Place,
    Referral,
    ReferralEvent,
    Sector,
)
from helhed.rules.calendar import add_months

Kind, Outcome = Offer.Kind, Offer.Outcome
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)

# The generator's employer sectors (OrganisationUnit.sector) as offers' sectors, with places typical of each.
SECTORS = {
    "Detailhandel": (Sector.RETAIL, [("Butiksmedhjælper", "Opfyldning af hylder, prismærkning, hjælpe kunder"),
                                     ("Lagermedhjælper i butik", "Varemodtagelse, udpakning, pap og emballage")]),
    "Lager og logistik": (Sector.WAREHOUSE, [("Lagermedarbejder", "Pluk og pak, varemodtagelse, rengøring af lager"),
                                             ("Chaufførmedhjælper", "Læsse og losse, ture i byen med chaufføren")]),
    "Rengøring": (Sector.CLEANING, [("Rengøringsassistent", "Kontorrengøring om morgenen, faste ruter")]),
    "Kantine og køkken": (Sector.KITCHEN, [("Køkkenhjælper", "Opvask, anretning, klargøring af salatbar"),
                                           ("Kantinemedhjælper", "Kasse, oprydning, fyld på buffeten")]),
    "Ældrepleje": (Sector.CARE, [("Servicemedarbejder på plejecenter", "Servering, gåture med beboerne, vasketøj")]),
    "Genbrug": (Sector.OTHER, [("Medhjælper i genbrugsbutik", "Sortering af tøj, prissætning, butik")]),
    "Gartneri": (Sector.GREEN, [("Gartnermedhjælper", "Lugning, plantning, pasning af grønne arealer")]),
    "Byggeri": (Sector.CONSTRUCTION, [("Håndværkermedhjælper", "Oprydning på byggepladsen, bære materialer")]),
    "Autoværksted": (Sector.TRANSPORT, [("Værkstedsmedhjælper", "Dækskifte, klargøring og vask af biler")]),
    "Kontor og administration": (Sector.OFFICE, [("Kontormedhjælper", "Post, scanning, arkiv, telefonen")]),
}
ACCOMMODATIONS = ["Pauser efter behov", "Ingen tunge løft", "Start kl. 9 i stedet for kl. 7", "Fast makker de første uger",
                  "Mulighed for at sidde ned", "Stille rum til pauser", "Ingen kundekontakt i starten"]
ADJUSTMENT_REASONS = [
    "Ned fra 18 til 12 timer: det er for hårdt at starte på 18, så vi går lidt ned og bygger op igen.",
    "Op med to timer om ugen: det går godt, og borgeren vil gerne prøve mere.",
    "Ned i timer efter lægens anbefaling; smerterne tager til efter fire timer.",
    "Ned i timer i en periode: borgeren er ved at flytte og har mange aftaler.",
]
STOP_REASONS = [
    "Pladsen var borgerens tredje ønske; det holdt to dage.",
    "Borgeren blev syg og kunne ikke fortsætte.",
    "Opgaverne passede ikke til skånehensynene, trods justering af tider og opgaver.",
    "Virksomheden havde ikke tid til at tage sig af borgeren.",
]
REPORTS = {
    "attendance": ["Stabilt fremmøde", "Fremmøde de fleste dage; sygdom to dage", "Svingende fremmøde"],
    "tasks_managed": ["Klarede de faste opgaver selvstændigt efter to uger", "Klarede opgaverne med støtte"],
    "accommodations_worked": ["Pauser efter behov virkede godt", "Fast makker var afgørende"],
    "next_step": ["Løntilskud på samme arbejdsplads", "Ny praktik med flere timer", "Ordinære timer"],
}
GUIDANCE = [("Truckcertifikat B", "Lageret i byen mangler folk med truckcertifikat."),
            ("Danskundervisning, modul 3", "Dansk er det, der står i vejen for et job i køkken."),
            ("Hygiejnebevis", "Krav for job i kantine og køkken."),
            ("Rengøringskursus (AMU)", "Rengøringsfirmaerne i området ansætter efter kurset.")]


def valid_cvr(seed: int) -> str:
    """The first valid CVR number from `seed` up (python-stdnum's check, the same as the services use)."""
    number = seed
    while not cvr_numbers.is_valid(f"{number:08d}"):
        number += 1
    return f"{number:08d}"


SERVICES = ["Mentorstøtte", "Ledsagelse til aftaler", "Jobsøgningsforløb"]
ORDERS = [
    "Følg {name} til udredning i den socialmedicinske klinik.",
    "Hjælp {name} med at holde fast i praktikken: vækning om morgenen, følg de første dage.",
    "Støt {name} i at få styr på post og aftaler med kommunen.",
    "Ledsag {name} til møder hos lægen og i boligselskabet.",
]
ABSENCE_CONTEXT = {
    "ill": "Ringede selv om morgenen: influenza.",
    "childcare": "Datteren syg, ingen anden pasning.",
    "transport": "Bussen kørte ikke; bor langt ude.",
    "appointment": "Havde tid hos lægen samme formiddag.",
    "unknown": "Tager ikke telefonen; jeg prøver igen i morgen og skriver en sms.",
}
# How a referral's life ends in the demo, and the states it went through on the way.
PATHS = [(0.05, ["draft"]), (0.1, ["draft", "sent"]), (0.05, ["draft", "sent", "rejected"]),
         (0.15, ["draft", "sent", "accepted"]), (0.5, ["draft", "sent", "accepted", "started"]),
         (0.15, ["draft", "sent", "accepted", "started", "ended"])]


def _path(rng):
    roll, total = rng.random(), 0.0
    for share, path in PATHS:
        total += share
        if roll < total:
            return path
    return PATHS[-1][1]


class DemoOffers:
    def __init__(self, generator):
        self.g = generator
        self.rng = random.Random(f"offers-{generator.seed}")
        self.m, self.as_of = generator.municipality, generator.as_of

    def run(self) -> int:
        employers = self._employers()
        places = self._places(employers)
        offers = self._offers(places, review=set(e.pk for e in employers[-2:]))
        self._referrals()
        return offers

    def _employers(self):
        """The generator's employers first (journal notes name them), then more: one per ten citizens, about what a
        jobcentre's job brokers work with."""
        rng, towns = self.rng, self.g.towns
        seed = 30_000_000
        rows = []
        names = [(u.name, u.sector) for u in self.g.employers]
        sectors = list(SECTORS)
        for i in range(len(names), max(20, self.g.n // 10)):
            names.append((f"{rng.choice(self.g.last_names)}s {sectors[i % len(sectors)]}", sectors[i % len(sectors)]))
        self.sector_of = {}
        for name, sector in names:
            cvr = valid_cvr(seed)
            seed = int(cvr) + 1
            postcode, _city = rng.choice(towns)
            self.sector_of[cvr] = sector
            rows.append(Employer(
                municipality=self.m, name=name, cvr=cvr, sector=SECTORS.get(sector, (Sector.OTHER,))[0],
                address=f"{rng.choice(self.g.streets)} {rng.randint(1, 80)}", postcode=postcode,
                contact_name=f"{rng.choice(self.g.first_names)} {rng.choice(self.g.last_names)}",
                contact_phone=f"{rng.randint(20, 99)}{rng.randint(100000, 999999)}",
            ))
        return Employer.objects.bulk_create(rows)

    def _places(self, employers):
        rng, rows = self.rng, []
        for employer in employers:
            templates = SECTORS.get(self.sector_of[employer.cvr], SECTORS["Genbrug"])[1]
            for title, tasks in templates[: rng.randint(1, len(templates))]:
                low = rng.choice([6, 8, 10, 12])
                rows.append(Place(municipality=self.m, employer=employer, title=title, tasks=tasks,
                                  capacity=rng.randint(2, 5), accommodations=", ".join(rng.sample(ACCOMMODATIONS, 2)),
                                  hours_min=low, hours_max=low + rng.choice([10, 15, 20])))
        return Place.objects.bulk_create(rows)

    def _offers(self, places, review) -> int:
        rng, as_of = self.rng, self.as_of
        current = {
            citizen_id: (group, valid_from) for citizen_id, group, valid_from in TargetGroupPeriod.objects.filter(
                municipality=self.m, valid_to__isnull=True).values_list("citizen_id", "group", "valid_from")}
        open_cases = dict(Case.objects.filter(municipality=self.m, status=Case.Status.OPEN)
                          .values_list("citizen_id", "responsible_id"))
        by_employer = defaultdict(list)
        for place in places:
            by_employer[place.employer_id].append(place)
        taken = defaultdict(int)  # internships running at each place on the reference day
        offers, adjustments = [], []
        # Enough internships that ended without a hire in the last year to flag the employers kept for review.
        flag_left = max(14, len(current) // 300)
        ordinary = [p for p in places if p.employer_id not in review]

        def internship(citizen_id, staff_id, group, start, weeks, flagged=False):
            place = rng.choice([p for p in places if p.employer_id in review]) if flagged else rng.choice(ordinary)
            end = start + WEEK * weeks - DAY
            if start <= as_of <= end:
                if taken[place.pk] >= place.capacity - 1:  # keep room at every place for the demo's matching
                    return None
                taken[place.pk] += 1
            offer = Offer(municipality=self.m, citizen_id=citizen_id, kind=Kind.INTERNSHIP, place=place,
                          employer_id=place.employer_id, title=place.title, start=start, end=end,
                          minutes_per_week=rng.choice([8, 10, 12, 15, 18, 20]) * 60, schedule=rng.choice(
                              ["Man–tors 9–12", "Man, ons, fre 8–13", "Tirs–fre 10–14"]), tasks=place.tasks,
                          accommodations=place.accommodations, created_by_id=staff_id)
            if end < as_of:
                self._ended(offer, flagged)
            return offer

        for citizen_id, (group, since) in current.items():
            staff_id = open_cases.get(citizen_id)
            if staff_id is None or rng.random() >= 0.85:
                continue
            if flag_left and group in ("1", "2", "3") and since <= as_of - 100 * DAY:
                flag_left -= 1
                start = max(since, as_of - DAY * rng.randint(60, 300))
                offers.append(internship(citizen_id, staff_id, group, start, 4, flagged=True))
            elif group in ("1", "2", "3", "8"):
                start = since + DAY * rng.randint(30, 150)
                if start > as_of + 30 * DAY:
                    continue
                weeks = 4 if group in ("1", "2") else rng.choice([8, 10, 13])
                if rng.random() < 0.3 and start >= datetime.date(2026, 7, 1):
                    title, purpose = rng.choice(GUIDANCE)
                    offers.append(Offer(municipality=self.m, citizen_id=citizen_id, kind=Kind.GUIDANCE, title=title,
                                        purpose=purpose, start=start, end=start + WEEK * rng.randint(2, 6) - DAY,
                                        created_by_id=staff_id))
                else:
                    offers.append(internship(citizen_id, staff_id, group, start, weeks) or Offer(
                        municipality=self.m, citizen_id=citizen_id, kind=Kind.GUIDANCE, title=GUIDANCE[0][0],
                        purpose=GUIDANCE[0][1], start=start, end=start + 3 * WEEK - DAY, created_by_id=staff_id))
            elif group in ("4", "5"):
                # The offers of the last year or so (earlier ones change nothing the rules say today).
                start = max(since, as_of - 400 * DAY) + DAY * rng.randint(7, 25)
                while start <= as_of + 14 * DAY:
                    weeks = 4 if group == "4" else rng.choice([6, 8, 13])
                    offers.append(internship(citizen_id, staff_id, group, start, weeks) or Offer(
                        municipality=self.m, citizen_id=citizen_id, kind=Kind.GUIDANCE, title=GUIDANCE[1][0],
                        purpose=GUIDANCE[1][1], start=start, end=start + 4 * WEEK - DAY, created_by_id=staff_id))
                    start = offers[-1].end + DAY * rng.randint(14, 100)
            if group in ("3", "5", "7", "8") and rng.random() < 0.25:
                start = max(since, as_of - DAY * rng.randint(10, 170))
                offers.append(Offer(
                    municipality=self.m, citizen_id=citizen_id, kind=Kind.MENTOR, title="Mentorstøtte",
                    purpose="Følge til aftaler og hjælpe med at holde fast i praktikken.", start=start,
                    end=add_months(start, 6) - DAY, minutes_per_week=rng.choice([60, 90, 120, 180]),
                    created_by_id=staff_id))
        offers = Offer.objects.bulk_create(offers)
        for offer in offers:
            if offer.kind == Kind.INTERNSHIP and offer.start < as_of and rng.random() < 0.15:
                adjustments.append(HoursAdjustment(
                    municipality=self.m, citizen_id=offer.citizen_id, offer=offer,
                    valid_from=min(offer.start + WEEK * 2, offer.end), previous_minutes=offer.minutes_per_week,
                    minutes_per_week=max(offer.minutes_per_week - 6 * 60, 6 * 60) if rng.random() < 0.7
                    else offer.minutes_per_week + 2 * 60, reason=rng.choice(ADJUSTMENT_REASONS),
                    decided_by_id=offer.created_by_id))
        insert_rows(HoursAdjustment, adjustments)
        return len(offers)

    def _referrals(self):
        """Framework agreements for the providers, and referrals for about a third of the citizens with a mentor on their
        team, to the mentor's provider, in every state; the running ones with time and attendance registered."""
        rng, m, as_of = self.rng, self.m, self.as_of
        K = OrganisationUnit.Kind
        providers = list(OrganisationUnit.objects.filter(municipality=m, kind__in=[K.PROVIDER, K.SUBCONTRACTOR]))
        for provider in providers:
            if provider.kind == K.PROVIDER:
                agreement = FrameworkAgreement.objects.create(
                    municipality=m, provider=provider, title=f"Rammeaftale om mentorstøtte, {provider.name}",
                    services=SERVICES, valid_from=datetime.date(as_of.year - 1, 1, 1))
                agreement.subcontractors.set([p for p in providers if p.parent_id == provider.pk])
        agreements = {a.provider_id: a for a in FrameworkAgreement.objects.filter(municipality=m)}
        memberships = CaseTeamMember.objects.filter(
            municipality=m, role=CaseTeamMember.TeamRole.MENTOR, ended_at__isnull=True,
            staff__unit__kind__in=[K.PROVIDER, K.SUBCONTRACTOR]).values_list(
            "citizen_id", "citizen__first_name", "staff_id", "staff__unit_id", "staff__unit__parent_id", "added_by_id")
        referrals, paths = [], []
        for citizen_id, first_name, mentor_id, unit_id, parent_id, added_by_id in memberships:
            if rng.random() >= 0.35:
                continue
            path = _path(rng)
            start = as_of - DAY * rng.randint(20, 150)
            referrals.append(Referral(
                municipality=m, citizen_id=citizen_id, provider_id=unit_id,
                agreement=agreements.get(parent_id or unit_id), service=rng.choice(SERVICES),
                order_text=rng.choice(ORDERS).format(name=first_name), granted_minutes_per_week=rng.choice([90, 120, 180]),
                valid_from=start, valid_to=start + DAY * rng.randint(120, 200), state=path[-1],
                mentor_id=mentor_id if "accepted" in path else None, created_by_id=added_by_id))
            paths.append(path)
        referrals = Referral.objects.bulk_create(referrals)
        events, time, attendance = [], [], []
        for referral, path in zip(referrals, paths):
            at = datetime.datetime.combine(referral.valid_from - DAY * 5, datetime.time(10), tzinfo=datetime.UTC)
            for before, after in zip(path, path[1:]):
                at += datetime.timedelta(days=rng.randint(1, 4))
                by = referral.created_by_id if after in ("sent", "ended") else (referral.mentor_id or
                                                                                referral.created_by_id)
                events.append(ReferralEvent(municipality=m, citizen_id=referral.citizen_id, referral=referral,
                                            from_state=before, to_state=after, by_id=by, at=at,
                                            note="Ingen ledig mentor i perioden." if after == "rejected" else ""))
            if "started" not in path:
                continue
            last = min(as_of, referral.valid_to) if path[-1] == "started" else min(as_of, referral.valid_from + DAY * 60)
            day = referral.valid_from
            while day <= last:
                if day.weekday() < 5 and rng.random() < 0.35:
                    present = rng.random() < 0.85
                    reason = "" if present else rng.choice(list(ABSENCE_CONTEXT))
                    attendance.append(Attendance(
                        municipality=m, citizen_id=referral.citizen_id, referral=referral, on=day, present=present,
                        reason=reason, context=ABSENCE_CONTEXT.get(reason, ""), recorded_by_id=referral.mentor_id))
                    time.append(MentorTime(
                        municipality=m, citizen_id=referral.citizen_id, referral=referral, staff_id=referral.mentor_id,
                        on=day, minutes=rng.choice([30, 45, 60, 90]), kind=rng.choice(
                            ["meeting", "meeting", "phone", "transport"] + (["evening", "acute"] if rng.random() < 0.3
                                                                             else []))))
                day += DAY
        insert_rows(ReferralEvent, events)
        insert_rows(Attendance, attendance)
        insert_rows(MentorTime, time)

    def _ended(self, offer, flagged):
        """An internship that has ended: its outcome, the final report, and for one in five a stop before the end;
        one in four ends in a job.
        At the employers kept for review most end without a hire."""
        rng = self.rng
        roll = rng.random()
        if flagged or roll < 0.2:
            offer.outcome = Outcome.STOPPED if not flagged or rng.random() < 0.5 else Outcome.COMPLETED
        elif roll < 0.45:
            offer.outcome = rng.choice([Outcome.HIRED, Outcome.ORDINARY_HOURS])
        else:
            offer.outcome = rng.choice([Outcome.COMPLETED, Outcome.CONTINUED])
        if offer.outcome == Outcome.STOPPED:
            offer.ended_on = offer.start + DAY * rng.randint(1, max((offer.end - offer.start).days - 1, 1))
            offer.outcome_reason = rng.choice(STOP_REASONS)
        else:
            offer.ended_on = offer.end
        offer.final_report = {key: rng.choice(values) for key, values in REPORTS.items()}
        offer.final_report["text"] = "Afsluttende samtale holdt med borger og virksomhed."

