"""Reads: the citizen's offers, places ranked by the citizen's own wishes, and each employer's track record."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import gettext as _

from helhed.core.models import Role
from helhed.offers.models import (
    Attendance,
    Employer,
    HoursAdjustment,
    InternshipWishes,
    MentorTime,
    Offer,
    OfferExtension,
    Place,
    Referral,
    Sector,
    last_day_from,
)

Kind, Outcome = Offer.Kind, Offer.Outcome
# Outcomes that count as a hire for the employer's track record.
HIRES = (Outcome.HIRED, Outcome.ORDINARY_HOURS)


def may_arrange_offers(staff, access) -> bool:
    """The caseworker responsible, the coordinating caseworker, or a job broker on the citizen's team."""
    return access.can_write or (access.can_meet and staff.has_role(Role.JOB_BROKER))


def works_at_provider(staff, referral) -> bool:
    """A mentor of the provider the referral is to, and it is running: theirs, or not yet taken by a colleague."""
    return (staff.has_role(Role.MENTOR) and staff.unit_id == referral.provider_id
            and referral.state in Referral.OPEN and referral.mentor_id in (None, staff.pk))


def citizen_referrals(citizen, day):
    """The citizen's referrals, newest first, with this week's time and the absences of the last eight weeks."""
    found = list(Referral.objects.filter(citizen=citizen).select_related("provider", "mentor__user"))
    monday = day - datetime.timedelta(days=day.weekday())
    used = dict(MentorTime.objects.filter(referral__in=found, on__range=(monday, monday + datetime.timedelta(days=6)))
                .values("referral_id").annotate(total=Sum("minutes")).values_list("referral_id", "total"))
    absences = defaultdict(list)
    for absence in Attendance.objects.filter(referral__in=found, present=False,
                                             on__gte=day - datetime.timedelta(weeks=8)).order_by("-on"):
        absences[absence.referral_id].append(absence)
    for referral in found:
        referral.used_this_week = used.get(referral.pk, 0)
        referral.recent_absences = absences[referral.pk]
    return found


def offers_in_plan(citizen, day) -> list[Offer]:
    """The offers the plan shows: running or ahead, and those ended in the last three months."""
    return list(Offer.objects.filter(last_day_from(day - datetime.timedelta(days=92), open_ended=True),
                                     citizen=citizen).select_related("employer").order_by("start", "pk"))


def citizen_offers(citizen) -> list[Offer]:
    return list(
        Offer.objects.filter(citizen=citizen).select_related("place", "employer", "created_by__user").prefetch_related(
            Prefetch("extensions", queryset=OfferExtension.objects.select_related("decided_by__user")),
            Prefetch("hours_adjustments", queryset=HoursAdjustment.objects.select_related("decided_by__user")),
        )
    )


def wishes_of(citizen) -> InternshipWishes | None:
    return InternshipWishes.objects.filter(citizen=citizen).select_related("employer").first()


@dataclass
class Candidate:
    place: Place
    score: int
    reasons: list[str] = field(default_factory=list)
    taken: int = 0
    under_review: bool = False

    @property
    def free(self) -> int:
        return max(self.place.capacity - self.taken, 0)


NEAR = 10  # postcodes this close count as near home


def _postcode_distance(a: str, b: str) -> int | None:
    """A rough nearness: how far apart two Danish postcodes are as numbers (neighbouring towns differ little)."""
    return abs(int(a) - int(b)) if a.isdigit() and b.isdigit() else None


CANDIDATES_READ = 400


def ranked_places(municipality_id: int, wishes: InternshipWishes | None, day: datetime.date, *,
                  limit: int = 10) -> list[Candidate]:
    """Places with room on `day`, ranked by the citizen's wishes: the wish the citizen ranked first weighs most.
    Each candidate says why it fits. An employer flagged for review comes after the others. The places that meet a
    wish are read first (at most CANDIDATES_READ), then others if too few do."""
    review = flagged_employers(municipality_id, day)
    ranking = wishes.ranking if wishes else []
    weight = {criterion: len(ranking) - i for i, criterion in enumerate(ranking)}
    words = [w for w in (wishes.tasks.lower().replace(",", " ").split() if wishes else []) if len(w) > 2]
    places = Place.objects.filter(municipality_id=municipality_id, active=True).select_related("employer")
    wished = _meets_a_wish(wishes, weight, words)
    rows = list(places.filter(wished)[:CANDIDATES_READ]) if wished is not None else []
    if len(rows) < limit:
        rows += list(places.exclude(pk__in=[p.pk for p in rows]).order_by("employer__name", "title")[:limit * 3])
    taken = dict(Offer.objects.filter(last_day_from(day), place__in=rows, kind=Kind.INTERNSHIP, start__lte=day)
                 .values("place_id").annotate(n=Count("pk")).values_list("place_id", "n"))
    candidates = []
    for place in rows:
        if taken.get(place.pk, 0) >= place.capacity:
            continue
        candidate = Candidate(place, 0, taken=taken.get(place.pk, 0), under_review=place.employer_id in review)
        if wishes:
            _score(candidate, wishes, weight, words)
        candidates.append(candidate)
    candidates.sort(key=lambda c: (c.under_review, -c.score, c.place.employer.name, c.place.title))
    return candidates[:limit]


def _meets_a_wish(wishes, weight, words) -> Q | None:
    """Places that meet at least one ranked wish, as a filter (None: no ranked wish to meet)."""
    if not wishes:
        return None
    wish = Q(pk__in=[])
    if "sector" in weight and wishes.sectors:
        wish |= Q(employer__sector__in=wishes.sectors)
    if "employer" in weight and wishes.employer_id:
        wish |= Q(employer_id=wishes.employer_id)
    if "tasks" in weight:
        for word in words:
            wish |= Q(tasks__icontains=word) | Q(title__icontains=word)
    if "distance" in weight and wishes.postcode.isdigit():
        near = [f"{n:04d}" for n in range(int(wishes.postcode) - NEAR, int(wishes.postcode) + NEAR + 1)]
        wish |= Q(employer__postcode__in=near)
    if "hours" in weight and wishes.hours_per_week:
        wish |= (Q(hours_min__isnull=True) | Q(hours_min__lte=wishes.hours_per_week)) & (
            Q(hours_max__isnull=True) | Q(hours_max__gte=wishes.hours_per_week))
    return wish


def _score(candidate: Candidate, wishes: InternshipWishes, weight: dict, words: list[str]) -> None:
    place, employer = candidate.place, candidate.place.employer

    def add(criterion, reason):
        if criterion in weight:
            candidate.score += weight[criterion]
            candidate.reasons.append(reason)

    if employer.sector in wishes.sectors:
        add("sector", _("the sector the citizen wants: %(sector)s") % {"sector": Sector(employer.sector).label})
    matched = [w for w in words if w in place.tasks.lower() or w in place.title.lower()]
    if matched:
        add("tasks", _("tasks the citizen wants: %(words)s") % {"words": ", ".join(matched)})
    if wishes.employer_id == employer.pk:
        add("employer", _("the employer the citizen wants"))
    distance = _postcode_distance(wishes.postcode, employer.postcode)
    if distance is not None and distance <= NEAR:
        add("distance", _("near the citizen (postcode %(postcode)s)") % {"postcode": employer.postcode})
    hours = wishes.hours_per_week
    if hours and (place.hours_min or 0) <= hours <= (place.hours_max or 37):
        add("hours", _("%(hours)s hours a week fit the place") % {"hours": hours})


@dataclass
class TrackRecord:
    employer: Employer
    placements: int
    ended: int
    completed: int
    dropped_out: int
    hired: int
    ended_lately: int
    hired_lately: int

    @property
    def under_review(self) -> bool:
        return self.ended_lately >= settings.HELHED_EMPLOYER_REVIEW_AFTER and not self.hired_lately


def _track_counts(day: datetime.date):
    """Per employer: internships begun, ended, ended as planned, stopped early and ended in a hire; and ended, and
    ended in a hire, in the twelve months up to `day`."""
    internship = Q(offers__kind=Kind.INTERNSHIP)
    ended = internship & Q(offers__ended_on__isnull=False, offers__ended_on__lte=day)
    hired = Q(offers__outcome__in=HIRES)
    lately = ended & Q(offers__ended_on__gt=day - datetime.timedelta(days=365))
    return {
        "placements": Count("offers", filter=internship & Q(offers__start__lte=day)),
        "ended": Count("offers", filter=ended),
        "completed": Count("offers", filter=ended & ~Q(offers__outcome=Outcome.STOPPED)),
        "dropped_out": Count("offers", filter=ended & Q(offers__outcome=Outcome.STOPPED)),
        "hired": Count("offers", filter=ended & hired),
        "ended_lately": Count("offers", filter=lately),
        "hired_lately": Count("offers", filter=lately & hired),
    }


def _record(e) -> TrackRecord:
    return TrackRecord(e, e.placements, e.ended, e.completed, e.dropped_out, e.hired, e.ended_lately, e.hired_lately)


EMPLOYERS_PAGE_SIZE = 25


def employers_page(municipality_id: int, day: datetime.date, *, query: str = "", page=1):
    """A page of employers by name, with their track records counted for that page only; `query` searches name and
    CVR number."""
    employers = Employer.objects.filter(municipality_id=municipality_id).order_by("name", "pk")
    query = query.strip()
    if query:
        employers = employers.filter(Q(name__icontains=query) | Q(cvr__startswith=query.replace(" ", "")))
    found = Paginator(employers, EMPLOYERS_PAGE_SIZE).get_page(page)
    counted = {e.pk: e for e in Employer.objects.filter(pk__in=[e.pk for e in found]).annotate(**_track_counts(day))}
    found.object_list = [_record(counted[e.pk]) for e in found]
    return found


def track_records(municipality_id: int, day: datetime.date) -> list[TrackRecord]:
    return [_record(e) for e in Employer.objects.filter(municipality_id=municipality_id).annotate(**_track_counts(day))]


def track_record(employer: Employer, day: datetime.date) -> TrackRecord:
    return _record(Employer.objects.annotate(**_track_counts(day)).get(pk=employer.pk))


def flagged_employers(municipality_id: int, day: datetime.date) -> set[int]:
    """Employers where at least HELHED_EMPLOYER_REVIEW_AFTER internships ended in the last twelve months and none of
    them in a job: look at them before placing more citizens there ("free labour"). Counted over the internships
    that ended in the year (index on kind and end), not over every employer."""
    return set(
        Offer.objects.filter(municipality_id=municipality_id, kind=Kind.INTERNSHIP, employer__isnull=False,
                             ended_on__gt=day - datetime.timedelta(days=365), ended_on__lte=day)
        .values("employer_id").annotate(ended=Count("pk"), hired=Count("pk", filter=Q(outcome__in=HIRES)))
        .filter(ended__gte=settings.HELHED_EMPLOYER_REVIEW_AFTER, hired=0).values_list("employer_id", flat=True))
