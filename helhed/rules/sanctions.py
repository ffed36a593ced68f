"""Sanctions under lov om aktiv socialpolitik §§ 35–40: the daily rate table, the deduction arithmetic and the
safeguards that must all hold before a sanction officer may decide.

Plain functions over plain data, like the rest of the rules: the sanctions app builds `SanctionFacts` from its models
and asks `missing()` what blocks the decision; the legal case table (`cases/sanctions.yaml`) holds the expected
results. A legal precondition has no override: the only way past a requirement is to do what it asks.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from django.utils.translation import gettext_lazy as _

from helhed.rules.registry import LegalSource

AKTL = "Lov om aktiv socialpolitik"
AKTL_2025 = "LBK nr. 1004 af 30/6/2025"
AKTL_URL = "https://www.retsinformation.dk/eli/lta/2025/1004"
FVL_URL = "https://www.retsinformation.dk/eli/lta/2014/433"

# Grounds: § 36 absence from an offer, § 37 absence from a job conversation (a self-booked one counts, stk. 3),
# § 40 reduction for the § 39 cases (refusing an offer, leaving work without reasonable cause).
OFFER, CONVERSATION, REDUCTION_GROUND = "36", "37", "40"
DEDUCTION, REDUCTION, NO_SANCTION = "deduction", "reduction", "none"
PERSONAL_CONTACT = {"phone", "home_visit", "meeting", "mentor"}  # a letter alone is not personal contact


@dataclass(frozen=True)
class RateSet:
    """One period's daily sanction rates (§ 35 stk. 4) by the monthly benefit: below `thresholds[0]` the first rate;
    from it up to and including `thresholds[1]` the second; above that and below `thresholds[2]` the third; from
    `thresholds[2]` the fourth."""

    valid_from: datetime.date
    valid_to: datetime.date | None
    thresholds: tuple[Decimal, Decimal, Decimal]
    rates: tuple[int, int, int, int]
    source: str
    confirmed: bool = True

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def band(self, monthly_benefit: Decimal) -> int:
        low, middle, high = self.thresholds
        if monthly_benefit < low:
            return 0
        if monthly_benefit <= middle:
            return 1
        if monthly_benefit < high:
            return 2
        return 3


_NOT_REGULATED = ("§ 35, stk. 4, på 2024-niveau; tallene reguleres årligt (§ 109, stk. 2, nr. 8), og de regulerede tal "
                  "for {year} er ikke fundet")
DEFAULT_RATES = (
    RateSet(datetime.date(2019, 1, 1), datetime.date(2025, 6, 30), (Decimal(5500), Decimal(9700), Decimal(13200)),
            (200, 400, 600, 700), "§ 35, stk. 4, før lov 1655/2024, på 2019-niveau; tallene reguleres årligt, og de "
            f"regulerede tal for 2020–2025 er ikke fundet. {AKTL_URL}", confirmed=False),
    RateSet(datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), (Decimal(6553), Decimal(9642), Decimal(13723)),
            (200, 450, 600, 700), _NOT_REGULATED.format(year=2025) + f". {AKTL_URL}", confirmed=False),
    RateSet(datetime.date(2026, 1, 1), None, (Decimal(6553), Decimal(9642), Decimal(13723)),
            (200, 450, 600, 700), _NOT_REGULATED.format(year=2026) + f". {AKTL_URL}", confirmed=False),
)


def rate_set_on(day: datetime.date, rate_sets) -> RateSet | None:
    return next((r for r in rate_sets if r.covers(day)), None)


def daily_rate(day: datetime.date, monthly_benefit: Decimal, rate_sets) -> tuple[int, RateSet] | None:
    """The daily sanction rate on `day` for a citizen with this monthly benefit, and the rate set it came from."""
    found = rate_set_on(day, rate_sets)
    if found is None:
        return None
    return found.rates[found.band(Decimal(monthly_benefit))], found


def last_day_to_decide(event: datetime.date) -> datetime.date:
    """§ 35 stk. 3: a deduction or reduction must be made within 3 whole calendar months after the event, so the last
    day is the end of the third month after the event's month (an absence on 15 January: 30 April)."""
    month_index = event.month - 1 + 3
    year, month = event.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def deduction_days(ground: str, *, missed_on: datetime.date, contact_on: datetime.date | None = None,
                   absent_days=()) -> list[datetime.date]:
    """The days a deduction may cover.

    § 37: every day from the missed conversation until contact is re-established; the day of the conversation is
    included even if the citizen gets in touch that same day, and the day contact is re-established is not (the
    citizen is available again). Every calendar day counts, weekends and public holidays too: the statute says
    "hver dag" (whether practice counts them is unconfirmed). Without a contact day nothing can be counted yet.
    § 36: the days the citizen was absent from the offer, as registered.
    """
    if ground == CONVERSATION:
        if contact_on is None or contact_on < missed_on:
            return []
        count = max((contact_on - missed_on).days, 1)
        return [missed_on + datetime.timedelta(days=n) for n in range(count)]
    if ground == OFFER:
        return sorted(set(absent_days))
    return []


@dataclass(frozen=True)
class MonthLine:
    year: int
    month: int
    days: int
    before_cap: int
    amount: int
    cap: Decimal


@dataclass(frozen=True)
class Deduction:
    lines: tuple[MonthLine, ...]
    rates: tuple[tuple[datetime.date, int], ...]
    out_of_time: tuple[datetime.date, ...]
    without_benefit: tuple[datetime.date, ...]
    unconfirmed: bool

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def compute_deduction(days, *, event_of: Callable[[datetime.date], datetime.date], decided_on: datetime.date,
                      benefit_on: Callable[[datetime.date], Decimal | None], rate_sets) -> Deduction:
    """The deduction for `days`: each day at the rate of its own day and benefit band, days whose 3-month limit has
    passed by `decided_on` left out, and each calendar month's total capped at that month's benefit (§ 35 stk. 4)."""
    by_month: dict[tuple[int, int], list[int]] = {}
    caps: dict[tuple[int, int], Decimal] = {}
    rates, late, without, unconfirmed = [], [], [], False
    for day in sorted(set(days)):
        if decided_on > last_day_to_decide(event_of(day)):
            late.append(day)
            continue
        benefit = benefit_on(day)
        found = None if benefit is None else daily_rate(day, benefit, rate_sets)
        if found is None:
            without.append(day)
            continue
        rate, rate_set = found
        unconfirmed = unconfirmed or not rate_set.confirmed
        rates.append((day, rate))
        key = (day.year, day.month)
        by_month.setdefault(key, []).append(rate)
        caps[key] = max(caps.get(key, Decimal(0)), Decimal(benefit))
    lines = tuple(
        MonthLine(year, month, len(amounts), sum(amounts), int(min(Decimal(sum(amounts)), caps[(year, month)])),
                  caps[(year, month)])
        for (year, month), amounts in sorted(by_month.items())
    )
    return Deduction(lines, tuple(rates), tuple(late), tuple(without), unconfirmed)


def reduction_amount(event_on: datetime.date, monthly_benefit: Decimal, rate_sets) -> int | None:
    """§ 40 stk. 1: a reduction of 3 × the daily rate on the day of the event."""
    found = daily_rate(event_on, monthly_benefit, rate_sets)
    return None if found is None else 3 * found[0]


# --- The safeguards -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactAttemptFact:
    on: datetime.date
    kind: str
    reached: bool = False


@dataclass(frozen=True)
class SanctionFacts:
    """What the safeguard checker reads about one proposed decision."""

    ground: str
    source: str
    event_on: datetime.date
    decided_on: datetime.date
    outcome: str
    aktivitetsparat: bool = False
    guidance_given_on: datetime.date | None = None
    contact_attempts: tuple[ContactAttemptFact, ...] = ()
    reasonable_cause: str = ""  # "" not assessed, "yes" there was reasonable cause, "no" there was not
    reasonable_cause_assessment: str = ""
    availability_promoted: bool | None = None
    availability_reasoning: str = ""
    vulnerability_assessment: str = ""
    hearing_sent_on: datetime.date | None = None
    hearing_deadline: datetime.date | None = None
    hearing_answered_on: datetime.date | None = None
    reasons: str = ""
    contact_on: datetime.date | None = None
    days: tuple[datetime.date, ...] = ()
    days_without_benefit: tuple[datetime.date, ...] = ()
    rate_used: int | None = None
    rate_expected: int | None = None
    reductions_this_month: int = 0

    @property
    def sanctions(self) -> bool:
        return self.outcome in (DEDUCTION, REDUCTION)


MIN_TEXT = 20  # an assessment or a reason is a few real sentences, not "ok"


def _written(text: str) -> bool:
    return len((text or "").strip()) >= MIN_TEXT


@dataclass(frozen=True)
class Requirement:
    code: str
    title: str
    explanation: str
    source: LegalSource
    applies: Callable[[SanctionFacts], bool]
    met: Callable[[SanctionFacts], bool]


def _aktl(paragraph: str, *, unconfirmed: bool = False, note: str = "") -> LegalSource:
    return LegalSource(AKTL, paragraph, AKTL_2025, AKTL_URL, unconfirmed=unconfirmed, note=note)


def _hearing_done(f: SanctionFacts) -> bool:
    if f.hearing_sent_on is None or f.hearing_deadline is None:
        return False
    answered = f.hearing_answered_on is not None and f.hearing_answered_on >= f.hearing_sent_on
    return answered or f.decided_on > f.hearing_deadline


def _personal_attempt(f: SanctionFacts) -> bool:
    return any(a.kind in PERSONAL_CONTACT and a.on >= f.event_on for a in f.contact_attempts)


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "written_guidance", _("Written guidance on rights, duties and sanctions given before the absence"),
        _("A deduction or reduction requires that the citizen was given written guidance on rights and duties and "
          "on sanctions before the event."),
        _aktl("§ 35, stk. 1–2"), lambda f: f.sanctions,
        lambda f: f.guidance_given_on is not None and f.guidance_given_on <= f.event_on,
    ),
    Requirement(
        "contact_attempt", _("Personal contact attempted and documented"),
        _("Every possibility of personal contact (phone, home visit, meeting or through the mentor) must be tried and "
          "documented after the absence; a letter alone is not enough."),
        LegalSource("Forvaltningsloven", "§ 19", "LBK nr. 433 af 22/4/2014", FVL_URL,
                    note=_("Ankestyrelsen requires actual contact attempts, also during the hearing.")),
        lambda f: f.sanctions, _personal_attempt,
    ),
    Requirement(
        "reasonable_cause_assessed", _("Reasonable cause assessed in writing"),
        _("Whether the citizen had a reasonable cause (illness, a funeral, childcare, transport, health …) must be "
          "assessed and the assessment written down."),
        _aktl("§ 13, stk. 7", note=_("Examples in BEK 19/2026 § 16 and BEK 20/2026 § 11.")),
        lambda f: f.sanctions, lambda f: f.reasonable_cause in ("yes", "no") and _written(f.reasonable_cause_assessment),
    ),
    Requirement(
        "no_reasonable_cause", _("No reasonable cause"),
        _("When the assessment finds a reasonable cause, no sanction may follow."),
        _aktl("§ 13, stk. 7"), lambda f: f.sanctions and f.reasonable_cause == "yes", lambda f: False,
    ),
    Requirement(
        "availability_assessed", _("For an activity-ready citizen: a concrete assessment that the sanction promotes "
                                   "availability, and of the citizen's vulnerability"),
        _("For aktivitetsparate the decision must give a concrete reason why the sanction will promote the citizen's "
          "availability, weighing the citizen's other circumstances and vulnerability."),
        _aktl("§ 13, stk. 8"), lambda f: f.sanctions and f.aktivitetsparat,
        lambda f: f.availability_promoted is not None and _written(f.availability_reasoning)
        and _written(f.vulnerability_assessment),
    ),
    Requirement(
        "availability_promoted", _("The sanction promotes availability"),
        _("When the assessment finds that a sanction would not promote the activity-ready citizen's availability, no "
          "sanction may follow."),
        _aktl("§ 13, stk. 8"), lambda f: f.sanctions and f.aktivitetsparat and f.availability_promoted is False,
        lambda f: False,
    ),
    Requirement(
        "hearing", _("Hearing sent, and answered or its deadline passed"),
        _("The citizen must be heard before the decision: the hearing letter sent, and the answer received or the "
          "answer deadline passed."),
        LegalSource("Forvaltningsloven", "§ 19", "LBK nr. 433 af 22/4/2014", FVL_URL),
        lambda f: f.sanctions, _hearing_done,
    ),
    Requirement(
        "within_three_months", _("Within 3 whole calendar months of the event"),
        _("A deduction or reduction must be made within 3 whole calendar months after the event."),
        _aktl("§ 35, stk. 3"), lambda f: f.sanctions, lambda f: f.decided_on <= last_day_to_decide(f.event_on),
    ),
    Requirement(
        "mentor_is_not_an_offer", _("The absence was from an offer"),
        _("Mentor support is not an offer under chapters 11–14 of the employment act, so an absence from a mentor "
          "meeting gives no deduction under § 36."),
        LegalSource("LAB", "§ 167", "LBK nr. 280 af 1/3/2024", "https://www.retsinformation.dk/eli/lta/2024/280"),
        lambda f: f.sanctions and f.source == "mentor", lambda f: False,
    ),
    Requirement(
        "outcome_fits_ground", _("The outcome fits the ground"),
        _("Absence from an offer (§ 36) or a conversation (§ 37) gives a deduction; the § 39 cases give a reduction "
          "(§ 40)."),
        _aktl("§§ 36–40"), lambda f: f.sanctions,
        lambda f: (f.outcome == DEDUCTION) == (f.ground in (OFFER, CONVERSATION)),
    ),
    Requirement(
        "contact_re_established", _("The day contact was re-established is recorded"),
        _("A § 37 deduction runs from the missed conversation until contact is re-established: that day must be known."),
        _aktl("§ 37, stk. 1"), lambda f: f.outcome == DEDUCTION and f.ground == CONVERSATION,
        lambda f: f.contact_on is not None and f.contact_on >= f.event_on,
    ),
    Requirement(
        "days_to_deduct", _("Days to deduct, each with a benefit on the day"),
        _("A deduction needs at least one day within the limit, and the monthly benefit on each day to find its rate."),
        _aktl("§ 35, stk. 4"), lambda f: f.outcome == DEDUCTION,
        lambda f: bool(f.days) and not f.days_without_benefit,
    ),
    Requirement(
        "benefit_on_the_day", _("A benefit on the day of the event"),
        _("A reduction is 3 times the daily rate of the day of the event, which depends on the benefit that day."),
        _aktl("§ 40, stk. 1"), lambda f: f.outcome == REDUCTION, lambda f: f.rate_expected is not None,
    ),
    Requirement(
        "rate_from_table", _("The daily rate is the table's rate for the day and the benefit band"),
        _("The rate must come from the rate table in force on the day, in the band of the citizen's monthly benefit."),
        _aktl("§ 35, stk. 4"), lambda f: f.sanctions and f.rate_used is not None,
        lambda f: f.rate_used == f.rate_expected,
    ),
    Requirement(
        "one_reduction_a_month", _("At most one reduction in a calendar month"),
        _("The citizen's benefit may be reduced at most once in a calendar month."),
        _aktl("§ 40, stk. 2"), lambda f: f.outcome == REDUCTION, lambda f: f.reductions_this_month == 0,
    ),
    Requirement(
        "reasons", _("The decision gives its reasons"),
        _("Every decision, also a decision not to sanction, gives its reasons in writing."),
        LegalSource("Forvaltningsloven", "§§ 22–24", "LBK nr. 433 af 22/4/2014", FVL_URL),
        lambda f: True, lambda f: _written(f.reasons),
    ),
)

REQUIREMENT_BY_CODE = {r.code: r for r in REQUIREMENTS}


def missing(facts: SanctionFacts) -> list[Requirement]:
    """The requirements that apply to this decision and are not met: the decision is blocked unless this is empty."""
    return [r for r in REQUIREMENTS if r.applies(facts) and not r.met(facts)]


@dataclass(frozen=True)
class CauseExample:
    code: str
    label: str
    source: str
    weighed: bool = False  # an example to weigh in the assessment, not a cause in itself


BEK_19_2026 = "BEK nr. 19 af 2026 (jobparate) § 16"
BEK_20_2026 = "BEK nr. 20 af 2026 (aktivitetsparate) § 11"
# An open list (§ 13 stk. 7 has had no closed list since 2020): examples to tick, with a free-text assessment beside.
REASONABLE_CAUSE_EXAMPLES: tuple[CauseExample, ...] = (
    CauseExample("own_illness", _("Own illness"), f"{BEK_19_2026}; {BEK_20_2026}"),
    CauseExample("funeral", _("Funeral of a close relative"), f"{BEK_19_2026}; {BEK_20_2026}"),
    CauseExample("job_interview", _("A job interview at the same time"), f"{BEK_19_2026}; {BEK_20_2026}"),
    CauseExample("children_placed", _("Scheduled contact with children placed outside the home"),
                 f"{BEK_19_2026}; {BEK_20_2026}"),
    CauseExample("transport", _("Transport time or transport problems"), f"{BEK_19_2026}, stk. 2", weighed=True),
    CauseExample("childcare", _("Childcare problems"), f"{BEK_19_2026}, stk. 2", weighed=True),
    CauseExample("health", _("Health problems (physical or mental)"), f"{BEK_19_2026}, stk. 2; {BEK_20_2026}",
                 weighed=True),
    CauseExample("other", _("Another circumstance (describe it)"), "aktivloven § 13, stk. 7–8", weighed=True),
)
CAUSE_CODES = {c.code for c in REASONABLE_CAUSE_EXAMPLES}
