"""Reads for the leader's view: aggregates counted in SQL (one query per figure, however many citizens), and the
one drill-down list, which the view filters to the citizens the viewer has a reason to see.

Every figure here is a count per caseworker, unit, target group or band; none names a citizen. The views turn
them into `core.figures.Table`s, which suppress counts of people from 1 to 4.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from helhed.citizens.access import active_on
from helhed.citizens.models import BenefitPeriod, Citizen, TargetGroup, TargetGroupPeriod
from helhed.citizens.models import Case as CitizenCase
from helhed.contact.models import Appointment
from helhed.core.models import OrganisationUnit, Role, StaffMember
from helhed.meetings.models import Meeting
from helhed.offers.models import MentorTime, Offer
from helhed.plans.models import Involvement, Plan, PlanSignature, PlanStep, PlanVersion, Position, SmallStep
from helhed.rules.calendar import add_months
from helhed.rules.models import ObligationRecord
from helhed.rules.registry import Status
from helhed.sanctions.models import Hearing

# A LOCAL GUIDELINE, NOT CONFIRMED: how many citizens one caseworker can hold. Neither the law nor STAR sets a
# caseload; 40–55 is the figure the issue gives, and the pages say "not confirmed". Change it here.
CASELOAD_GUIDELINE = (40, 55)
# A LOCAL GUIDELINE, NOT CONFIRMED: the weight of a citizen by target group in the weighted caseload. The
# aktivitetsparate (groups 3 and 5) take more conversations, coordination and follow-up than the others.
# Groups not listed weigh 1.
GROUP_WEIGHTS = {TargetGroup.AKTIVITETSPARAT.value: 1.5, TargetGroup.AKTIVITETSPARAT_U30.value: 1.5}

# The municipality-wide 75 % rule is shown from contact's own count, not from the stored per-citizen results.
QUOTA_RULE_ID = "contact_quota_75"
CASEWORKER_ROLES = (Role.CASEWORKER, Role.COORDINATING_CASEWORKER)
PARKING_MONTHS = (1, 2, 3, 4, 6, 9, 12)
DEFAULT_PARKING_MONTHS = 3
NO_GROUP = "none"

# Distance from the labour market, by LAB § 6 target group (the creaming signal). Close: job-ready or
# education-ready; far: activity-ready; in a health or clarification course; the rest (flex job, disability
# pension, self-supporting, under 18) are counted apart, as "other".
CLOSE, FAR, HEALTH, OTHER = "close", "far", "health", "other"
DISTANCE_GROUPS = {
    CLOSE: ("1", "2", "4"),
    FAR: ("3", "5"),
    HEALTH: ("6", "7", "8", "10"),
}
DISTANCES = (CLOSE, FAR, HEALTH, OTHER)
# Years on benefit, from the first benefit period recorded in Helhed (gaps are not subtracted).
YEAR_BANDS = ((1, "lt1"), (3, "1-3"), (5, "3-5"))
YEARS_5_PLUS, NO_BENEFIT = "5plus", "nobenefit"


def _municipality_id(municipality) -> int:
    return getattr(municipality, "pk", municipality)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _group_on(day: datetime.date, citizen_ref: str = "citizen_id"):
    """The citizen's target group on `day`, as a subquery (None without one)."""
    return Subquery(TargetGroupPeriod.objects.filter(active_on(day), citizen=OuterRef(citizen_ref))
                    .order_by("-valid_from").values("group")[:1])


def _count(queryset):
    """The number of rows of a queryset correlated on the outer citizen, as an integer subquery (0 for none)."""
    return Coalesce(Subquery(queryset.order_by().values("citizen_id").annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), 0)


def open_cases(municipality_id: int):
    return CitizenCase.objects.filter(municipality_id=municipality_id, status=CitizenCase.Status.OPEN)


# 1. Caseload per caseworker ---------------------------------------------------------------------------------------

@dataclass
class Caseload:
    staff: StaffMember
    raw: int
    weighted: float

    @property
    def band(self) -> str:
        low, high = CASELOAD_GUIDELINE
        return "below" if self.weighted < low else "above" if self.weighted > high else "within"


def caseworker_units(municipality_id: int):
    """The units with caseworkers, for choosing whose caseload to see."""
    return (OrganisationUnit.objects.filter(municipality_id=municipality_id, staff__roles__role__in=CASEWORKER_ROLES)
            .distinct().order_by("name"))


def caseload(municipality_id: int, day: datetime.date, unit_id: int | None = None) -> list[Caseload]:
    """Every caseworker of the municipality or of `unit_id` (and anyone else there holding open cases): open cases,
    and the cases weighted by the target group on `day` (`GROUP_WEIGHTS`). One query counts, one reads the staff."""
    counts: dict[int, dict[str, int]] = {}
    cases = open_cases(municipality_id)
    if unit_id:
        cases = cases.filter(responsible__unit_id=unit_id)
    rows = (cases.annotate(group=_group_on(day)).values("responsible_id", "group")
            .annotate(n=Count("pk")).order_by())
    for row in rows:
        counts.setdefault(row["responsible_id"], {})[row["group"]] = row["n"]
    staff = (StaffMember.objects.filter(municipality_id=municipality_id)
             .filter(Q(roles__role__in=CASEWORKER_ROLES, user__is_active=True) | Q(pk__in=list(counts)))
             .filter(**({"unit_id": unit_id} if unit_id else {}))
             .select_related("user", "unit").distinct().order_by("unit__name", "user__first_name", "user__last_name",
                                                                 "pk"))
    result = []
    for member in staff:
        by_group = counts.get(member.pk, {})
        result.append(Caseload(member, sum(by_group.values()),
                               round(sum(n * GROUP_WEIGHTS.get(g, 1) for g, n in by_group.items()), 1)))
    return result


# 2. Parking --------------------------------------------------------------------------------------------------------

def parking_cutoff(day: datetime.date, months: int) -> datetime.date:
    return add_months(day, -months)


def seen_since(cutoff: datetime.date, day: datetime.date, citizen_ref: str = "citizen_id") -> dict[str, Exists]:
    """What counts as being seen between `cutoff` and `day`: a held appointment (contact), an offer running on some
    day of the period (offers), a held coordination meeting (meetings)."""
    ref = OuterRef(citizen_ref)
    return {
        "conversation": Exists(Appointment.objects.filter(
            citizen=ref, status=Appointment.Status.HELD, starts_at__gte=_start_of(cutoff),
            starts_at__lt=_start_of(day + datetime.timedelta(days=1)))),
        "offer": Exists(Offer.objects.filter(citizen=ref, start__lte=day).filter(
            Q(ended_on__gte=cutoff) | Q(ended_on__isnull=True, end__gte=cutoff)
            | Q(ended_on__isnull=True, end__isnull=True))),
        "meeting": Exists(Meeting.objects.filter(citizen=ref, held_on__gte=cutoff, held_on__lte=day)),
    }


def parked_q(cutoff: datetime.date, day: datetime.date, citizen_ref: str = "citizen_id") -> Q:
    seen = seen_since(cutoff, day, citizen_ref)
    return ~seen["conversation"] & ~seen["offer"] & ~seen["meeting"]


def parking_population(municipality_id: int, cutoff: datetime.date):
    """The open cases that could be parked: opened on or before the cutoff (a newer case has not had the time)."""
    return open_cases(municipality_id).filter(opened_on__lte=cutoff)


def parking(municipality_id: int, day: datetime.date, months: int, unit_id: int | None = None) -> dict:
    """Open cases at least `months` old, and those whose citizen was not seen in the last `months`: per target group
    on `day` (the whole municipality) and per responsible caseworker (of `unit_id`, if given). Two queries."""
    cutoff = parking_cutoff(day, months)
    cases = parking_population(municipality_id, cutoff)
    parked = parked_q(cutoff, day)
    by_group = list(cases.annotate(group=_group_on(day)).values("group")
                    .annotate(cases=Count("pk"), parked=Count("pk", filter=parked)).order_by("group"))
    by_staff = list(cases.filter(**({"responsible__unit_id": unit_id} if unit_id else {}))
                    .values("responsible_id", "responsible__user__first_name", "responsible__user__last_name",
                                 "responsible__unit__name")
                    .annotate(cases=Count("pk"), parked=Count("pk", filter=parked))
                    .order_by("responsible__unit__name", "responsible__user__first_name",
                              "responsible__user__last_name", "responsible_id"))
    return {"cutoff": cutoff, "by_group": by_group, "by_staff": by_staff}


def parked_citizens(municipality_id: int, day: datetime.date, months: int, *, responsible_id: int | None = None,
                    group: str | None = None):
    """The citizens behind one cell of the parking signal (a queryset; the view shows only those the viewer has a
    reason to see)."""
    cutoff = parking_cutoff(day, months)
    cases = parking_population(municipality_id, cutoff).filter(parked_q(cutoff, day))
    if responsible_id:
        cases = cases.filter(responsible_id=responsible_id)
    if group:
        cases = cases.annotate(group=_group_on(day))
        cases = cases.filter(group__isnull=True) if group == NO_GROUP else cases.filter(group=group)
    return Citizen.objects.filter(pk__in=cases.values("citizen_id"))


# 3. Creaming: effort by distance from the labour market -------------------------------------------------------

def distance_of(group: str | None) -> str:
    return next((key for key, groups in DISTANCE_GROUPS.items() if group in groups), OTHER)


def _years_band(day: datetime.date):
    first = Subquery(BenefitPeriod.objects.filter(citizen=OuterRef("pk"), valid_from__lte=day).order_by()
                     .values("citizen_id").annotate(first=Min("valid_from")).values("first")[:1],
                     output_field=DateField())
    whens = [When(first_benefit__gt=add_months(day, -12 * years), then=Value(key)) for years, key in YEAR_BANDS]
    return Case(When(first_benefit__isnull=True, then=Value(NO_BENEFIT)), *whens, default=Value(YEARS_5_PLUS)), first


def population(municipality_id: int, start: datetime.date, end: datetime.date, citizen_ids=None):
    """The citizens an effort figure is about: `citizen_ids` (e.g. a programme's members), else everyone with a case
    open on some day of the period."""
    citizens = Citizen.objects.filter(municipality_id=municipality_id)
    if citizen_ids is not None:
        return citizens.filter(pk__in=citizen_ids)
    cases = CitizenCase.objects.filter(municipality_id=municipality_id, opened_on__lte=end).filter(
        Q(status=CitizenCase.Status.OPEN) | Q(closed_on__gte=start))
    return citizens.filter(pk__in=cases.values("citizen_id"))


EFFORT_SUMS = ("citizens", "conversations", "with_conversation", "offers", "with_offer", "mentor_minutes")


def effort_rows(municipality, start: datetime.date, end: datetime.date, citizen_ids=None) -> list[dict]:
    """The effort in [start, end] counted once per (target group on `end`, years-on-benefit band): one query, a few
    dozen rows, which `effort_by_distance` folds by distance, group or years."""
    ref = OuterRef("pk")
    band, first = _years_band(end)
    citizens = (population(_municipality_id(municipality), start, end, citizen_ids)
                .annotate(group=_group_on(end, "pk"), first_benefit=first).annotate(years=band))
    conversations = Appointment.objects.filter(citizen=ref, status=Appointment.Status.HELD,
                                               starts_at__gte=_start_of(start),
                                               starts_at__lt=_start_of(end + datetime.timedelta(days=1)))
    offers = Offer.objects.filter(citizen=ref, start__gte=start, start__lte=end)
    mentor = Coalesce(Subquery(MentorTime.objects.filter(citizen=ref, on__gte=start, on__lte=end).order_by()
                               .values("citizen_id").annotate(m=Sum("minutes")).values("m")[:1],
                               output_field=IntegerField()), 0)
    rows = (citizens.annotate(n_conversations=_count(conversations), n_offers=_count(offers), n_mentor=mentor)
            .values("group", "years")
            .annotate(citizens=Count("pk"), conversation_sum=Sum("n_conversations"),
                      with_conversation=Count("pk", filter=Q(n_conversations__gt=0)),
                      offer_sum=Sum("n_offers"), with_offer=Count("pk", filter=Q(n_offers__gt=0)),
                      mentor_minutes=Sum("n_mentor"))
            .order_by("group", "years"))
    return [{"group": r["group"] or NO_GROUP, "years": r["years"], "citizens": r["citizens"],
             "conversations": r["conversation_sum"] or 0, "with_conversation": r["with_conversation"],
             "offers": r["offer_sum"] or 0, "with_offer": r["with_offer"],
             "mentor_minutes": r["mentor_minutes"] or 0} for r in rows]


def fold_effort(rows: list[dict], by: str = "distance") -> list[dict]:
    """`effort_rows` summed by "distance", "group" or "years" (each row gets `key`)."""
    keyed = {"distance": lambda r: distance_of(r["group"]), "group": lambda r: r["group"],
             "years": lambda r: r["years"]}[by]
    folded: dict[str, dict] = {}
    for row in rows:
        into = folded.setdefault(keyed(row), dict.fromkeys(EFFORT_SUMS, 0))
        for name in EFFORT_SUMS:
            into[name] += row[name]
    return [{"key": key, **sums} for key, sums in folded.items()]


def effort_by_distance(municipality, start: datetime.date, end: datetime.date, citizen_ids=None, *,
                       by: str = "distance") -> list[dict]:
    """Where the effort went in [start, end], per citizen, by distance from the labour market.

    `municipality`: a Municipality or its pk. `citizen_ids`: a queryset of pks or a list (e.g. a programme's
    members), else everyone with a case open on some day of the period. `by`: "distance" (close / far / health /
    other, from the target group on `end`; `DISTANCE_GROUPS`), "group" (the target group itself) or "years" (years
    since the first benefit period recorded in Helhed). One query. Each row: key, citizens, conversations (held
    appointments of any kind), with_conversation (citizens with at least one), offers (offers started), with_offer,
    mentor_minutes (MentorTime logged)."""
    return fold_effort(effort_rows(municipality, start, end, citizen_ids), by)


# 4. Legal deadlines met, per unit -----------------------------------------------------------------------------------

def deadlines_by_unit(municipality_id: int) -> list[dict]:
    """The stored results of the legal deadlines (`rules.ObligationRecord`, the latest evaluation of each rule for
    each citizen), per unit of the caseworker responsible for the citizen's open case. One query."""
    rows = (ObligationRecord.objects.filter(municipality_id=municipality_id)
            .exclude(rule_id=QUOTA_RULE_ID)
            .filter(citizen__cases__status=CitizenCase.Status.OPEN)
            .values(unit_id=F("citizen__cases__responsible__unit_id"),
                    unit_name=F("citizen__cases__responsible__unit__name"))
            .annotate(**{status.value: Count("pk", filter=Q(status=status)) for status in
                         (Status.MET, Status.OVERDUE, Status.MISSED, Status.EXEMPT, Status.DUE, Status.UPCOMING)},
                      citizens=Count("citizen_id", distinct=True))
            .order_by("unit_name"))
    return list(rows)


# 6. Zacka's four values ------------------------------------------------------------------------------------------

def placements(municipality_id: int, start: datetime.date, end: datetime.date) -> dict:
    """Offers that ended in the period with an outcome, and those that ended hired or in ordinary hours."""
    ended = Offer.objects.filter(municipality_id=municipality_id).exclude(outcome="").filter(
        Q(ended_on__gte=start, ended_on__lte=end) | Q(ended_on__isnull=True, end__gte=start, end__lte=end))
    return ended.aggregate(
        ended=Count("pk"), placed=Count("pk", filter=Q(outcome__in=(Offer.Outcome.HIRED, Offer.Outcome.ORDINARY_HOURS))),
        citizens=Count("citizen_id", distinct=True))


def time_to_first_offer(municipality_id: int, start: datetime.date, end: datetime.date) -> dict:
    """Cases opened in the period; those with an offer started since; the mean days from opening to that offer."""
    first = Subquery(Offer.objects.filter(citizen=OuterRef("citizen_id"), start__gte=OuterRef("opened_on"))
                     .order_by().values("citizen_id").annotate(first=Min("start")).values("first")[:1],
                     output_field=DateField())
    cases = (CitizenCase.objects.filter(municipality_id=municipality_id, opened_on__gte=start, opened_on__lte=end)
             .annotate(first_offer=first))
    counted = cases.aggregate(opened=Count("pk"), with_offer=Count("pk", filter=Q(first_offer__isnull=False)))
    waits = (cases.filter(first_offer__isnull=False)
             .annotate(wait=ExpressionWrapper(F("first_offer") - F("opened_on"), output_field=DurationField()))
             .aggregate(total=Sum("wait")))
    total = waits["total"]
    counted["mean_days"] = (total.days + total.seconds / 86400) / counted["with_offer"] if total and counted[
        "with_offer"] else None
    return counted


def responsiveness(municipality_id: int, start: datetime.date, end: datetime.date) -> dict:
    """Plans with the citizen's own goal (of the citizens with an open case), the citizen's own plan steps done, and
    the small steps logged in the period."""
    cases = open_cases(municipality_id)
    plans = Plan.objects.filter(citizen=OuterRef("citizen_id")).exclude(own_goal="")
    goals = cases.aggregate(citizens=Count("pk"), with_own_goal=Count("pk", filter=Exists(plans)))
    steps = (PlanStep.objects.filter(municipality_id=municipality_id, owner="citizen",
                                     plan__citizen_id__in=cases.values("citizen_id"))
             .exclude(status=PlanStep.Status.DROPPED)
             .aggregate(steps=Count("pk"),
                        done=Count("pk", filter=Q(status=PlanStep.Status.DONE))))
    small = SmallStep.objects.filter(municipality_id=municipality_id, happened_on__gte=start,
                                     happened_on__lte=end).aggregate(
        small_steps=Count("pk"), citizens=Count("citizen_id", distinct=True))
    return {**goals, **steps, "small_steps": small["small_steps"], "small_step_citizens": small["citizens"]}


def respect(municipality_id: int, start: datetime.date, end: datetime.date) -> dict:
    """Plan versions made in the period: signed with the citizen, the citizen present, disagreeing, and the form of
    involvement recorded; hearings sent in the period and answered."""
    versions = PlanVersion.objects.filter(municipality_id=municipality_id, changed_at__gte=_start_of(start),
                                          changed_at__lt=_start_of(end + datetime.timedelta(days=1)))
    signed = PlanSignature.objects.filter(version=OuterRef("pk"))
    plan = versions.aggregate(
        versions=Count("pk"), signed=Count("pk", filter=Exists(signed)),
        present=Count("pk", filter=~Q(citizen_position=Position.NOT_PRESENT)),
        disagrees=Count("pk", filter=Q(citizen_position=Position.DISAGREES)),
        **{f"involvement_{form}": Count("pk", filter=Q(involvement=form)) for form in Involvement.values})
    hearings = Hearing.objects.filter(municipality_id=municipality_id, sent_on__gte=start, sent_on__lte=end).aggregate(
        hearings=Count("pk"), answered=Count("pk", filter=Q(answered_on__isnull=False)))
    return {**plan, **hearings}
