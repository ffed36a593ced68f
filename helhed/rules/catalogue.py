"""The rule sets and rules Helhed knows, with their sources (see ../shared/rules-sources.md and docs/rules.md)."""

import datetime

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.rules.calendar import add_months, add_working_days, deadline
from helhed.rules.facts import CitizenFacts
from helhed.rules.registry import REGISTRY, Kind, LegalSource, Obligation, RuleSet, Status

LAB = "https://www.elov.dk/lov-om-en-aktiv-beskaeftigelsesindsats/paragraf/{}/"
LAB_2024 = "LBK nr. 280 af 1/3/2024"
REFORM_2026 = "lov nr. 1750 af 29/12/2025"

REGISTRY.add_rule_set(RuleSet(
    "lab2020", "LAB 2020 (lov nr. 548 af 7/5/2019; LBK 280/2024)", datetime.date(2020, 1, 1),
    datetime.date(2026, 6, 30),
))
SWITCH_2027 = settings.RULES_2027_FROM
REGISTRY.add_rule_set(RuleSet(
    "reform2026", "Beskæftigelsesreform, fase 1 (lov nr. 1750 af 29/12/2025)", datetime.date(2026, 7, 1),
    SWITCH_2027 - datetime.timedelta(days=1), parent="lab2020",
    note=gettext_lazy("Flexible contact courses and offers from 1 July 2026 (STAR); other parts most likely from "
                      "1 February 2026."),
))
# The draft 2027 act: five efforts instead of 13 target groups (helhed/rules/reform2027.py). The switch date is
# HELHED_RULES_2027_FROM; confirming the act is an edit to its data table and small rule functions.
REGISTRY.add_rule_set(RuleSet(
    "reform2027", "Ny lov om en aktiv beskæftigelsesindsats (udkast)", SWITCH_2027, None,
    parent="reform2026", unconfirmed=True,
    dropped=frozenset({"first_jobsamtale", "kontaktforloeb", "ret_og_pligt_102"}),
    note=gettext_lazy("Draft: STAR expects the act on 1 January 2027; it was not adopted when these rules were "
                      "written. Five efforts replace the target groups; every obligation is unconfirmed."),
))

SOURCES = {
    "31_5": LegalSource("LAB", "§ 31, stk. 5", LAB_2024, LAB.format(31)),
    "31_3": LegalSource("LAB", "§ 31, stk. 3", LAB_2024, LAB.format(31)),
    "32": LegalSource("LAB", "§ 32", LAB_2024, LAB.format(32)),
    "33": LegalSource("LAB", "§ 33, stk. 1", "lov nr. 295 af 20/3/2023", LAB.format(33), unconfirmed=True,
                      note=gettext_lazy("Main date of lov 295/2023 not confirmed.")),
    "36": LegalSource("LAB", "§ 36, stk. 1–3", LAB_2024, "https://www.retsinformation.dk/eli/lta/2024/280"),
    "40": LegalSource("LAB", "§§ 40–41", LAB_2024, LAB.format(41), unconfirmed=True,
                      note=gettext_lazy("The law gives the plan's content, not its timing: the plan is due at the "
                                        "first job conversation and followed up every three months (Helhed's "
                                        "practice, to be confirmed).")),
    "102": LegalSource("LAB", "§ 102", LAB_2024, LAB.format(102)),
    "105": LegalSource("LAB", "§ 105", LAB_2024, LAB.format(105)),
    "61": LegalSource("LAB", "§ 61", LAB_2024, LAB.format(61), note=gettext_lazy("Whether lov 1750/2025 changes § 61: unchecked.")),
    "167": LegalSource("LAB", "§ 167", LAB_2024, LAB.format(167)),
    "112": LegalSource("LAB", "§ 112 (lov 1160/2021)", LAB_2024, LAB.format(112)),
    "106": LegalSource("LAB", "§ 106", LAB_2024, LAB.format(106)),
    "75pct": LegalSource("LAB (ændret)", "kontaktforløb for mindst 75 %", REFORM_2026,
                         "https://star.dk/implementering/beskaeftigelsesreform", unconfirmed=True,
                         note=gettext_lazy("Paragraph number in the amended law not read.")),
}

CONTACT_GROUPS = {"2", "3", "4", "5"}
# Ledighedsydelse (§ 6 nr. 9) has a kontaktforløb too (rules-sources.md, second round).
KONTAKTFORLOEB_GROUPS = {"2", "3", "4", "5", "7", "8", "9", "10"}
# Reform 2026: the up to 25 % the kommune may exempt from jobsamtaler and offers come from these groups.
QUOTA_GROUPS = {"1", "2", "9"}
DUE_SOON_WORKING_DAYS = 5


def format_day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def status_for(due: datetime.date, met: bool, as_of: datetime.date) -> str:
    if met:
        return Status.MET
    if as_of > due:
        return Status.OVERDUE
    if due <= add_working_days(as_of, DUE_SOON_WORKING_DAYS):
        return Status.DUE
    return Status.UPCOMING


def obligation(rule, facts, rule_set, *, due=None, raw_due=None, met, explain, as_of, status=None, **extra):
    """`raw_due` is the day the law gives; the deadline is moved off weekends and holidays to the next working day,
    and the obligation remembers that it was (the kommune's practice, not the law). `explain` is a function
    returning the explanation: it is only called when a person reads it, so the nightly scan over every citizen
    does not format dates and translate text it never shows."""
    if raw_due is not None:
        due = deadline(raw_due)
        extra.setdefault("moved_from", raw_due if due != raw_due else None)
    return Obligation(
        rule_id=rule.id, title=rule.title, status=status or status_for(due, met, as_of), due=due,
        explain=explain, source=rule.source, rule_set=rule_set.id,
        unconfirmed=rule.source.unconfirmed or rule_set.unconfirmed, scope=rule.scope, kind=rule.kind,
        harm=rule.harm, **extra,
    )


def among_the_25(facts, as_of) -> bool:
    """The kommune's recorded decision (reform 2026) exempts this citizen from jobsamtaler and offers on `as_of`."""
    return facts.group_on(as_of) in QUOTA_GROUPS and facts.outside_contact_quota(as_of)


def exempt_by_the_25(rule, facts, rule_set, *, as_of, **due) -> list[Obligation]:
    return [obligation(rule, facts, rule_set, met=False, as_of=as_of, status=Status.EXEMPT, **due,
                       explain=lambda: _("The kommune decided that %(name)s is among the up to 25 %% exempted from job "
                                         "conversations and offers.") % {"name": facts.first_name})]


def _first_jobsamtale(facts: CitizenFacts, as_of, rule, rule_set):
    """Counted from the citizen's first approach to the kommune for help (første henvendelse), not from the start of
    the target group. Without a recorded approach, from the start of the course, and the explanation says so."""
    course = facts.course_start(CONTACT_GROUPS, as_of, restart_on_change=False)
    if course is None:
        return []
    approach = facts.first_approach if facts.first_approach and facts.first_approach <= as_of else None
    start = approach or course
    raw_due = start + datetime.timedelta(days=7)
    held = facts.held_conversations(start, as_of)

    def explain():
        if approach:
            text = _("%(name)s first approached the kommune for help on %(start)s. The first job conversation must "
                     "be held within one week, by %(due)s.")
        else:
            text = _("The first approach to the kommune is not recorded on the case, so the week is counted from the "
                     "start of the course on %(start)s (target group %(group)s now). The first job conversation must "
                     "be held by %(due)s. Record the first approach on the case.")
        text = text % {"name": facts.first_name, "group": facts.group_on(as_of), "start": format_day(start),
                       "due": format_day(deadline(raw_due))}
        return text + (" " + _("Held on %(day)s.") % {"day": format_day(held[0].on)} if held else "")

    return [obligation(rule, facts, rule_set, raw_due=raw_due, met=bool(held), explain=explain, as_of=as_of)]


CONVERSATION_RULE = {"kind": Kind.CONVERSATION, "exemptable": True, "before_takeover": "drop"}

REGISTRY.rule("lab2020", id="first_jobsamtale", title=gettext_lazy("First job conversation within one week"),
              source=SOURCES["31_5"], harm=40, **CONVERSATION_RULE)(_first_jobsamtale)
REGISTRY.rule("reform2026", id="first_jobsamtale", title=gettext_lazy("First job conversation within one week"),
              source=LegalSource("LAB", "§ 31, stk. 5 (ændret)", REFORM_2026, LAB.format(31), unconfirmed=True,
                                 note=gettext_lazy("The reform act has its own section on when the first jobsamtale "
                                                   "is held from 1 Jul 2026; its wording was not found. Shown with "
                                                   "the one week of LBK 280/2024.")),
              harm=40, **CONVERSATION_RULE)(_first_jobsamtale)

def four_in_six(facts, as_of, rule, rule_set, *, quota_applies, groups=KONTAKTFORLOEB_GROUPS, needed=4, effort=""):
    """Four conversations in the first six months of the course: the law's deadline is the end of the six months.
    The "every 1½ months" steps are Helhed's pacing advice, shown as advice and never as overdue."""
    start = facts.course_start(groups, as_of)
    if start is None:
        return []
    end = deadline(add_months(start, 6))
    held = facts.held_conversations(start, end)
    met = len(held) >= needed
    if quota_applies and not met and among_the_25(facts, as_of):
        return exempt_by_the_25(rule, facts, rule_set, as_of=as_of, due=end)

    def explain():
        text = _(
            "In the first six months of the contact course (%(start)s to %(end)s) %(name)s must have at least "
            "%(needed)s job conversations. %(count)s of %(needed)s held so far."
        ) % {"start": format_day(start), "end": format_day(end), "name": facts.first_name, "count": len(held),
             "needed": needed}
        if effort:
            text = _("%(effort)s (draft):") % {"effort": effort} + " " + text
        if as_of > end:
            text += " " + _(
                "After the first six months, conversations are held as agreed and when %(name)s asks (§ 32)."
            ) % {"name": facts.first_name}
        return text

    advice_due = None
    if not met and as_of <= end:
        advice_due = min(deadline(start + datetime.timedelta(days=round(182.5 / needed * (len(held) + 1)))), end)

    def advise():
        return _("Helhed's advice, not the law: hold the next conversation by %(day)s, so that the conversations fit "
                 "evenly into the six months.") % {"day": format_day(advice_due)}

    # Once the six months are over, a shortfall cannot be made good: it is history, not a task for the worklist.
    status = Status.MISSED if as_of > end and not met else None
    return [obligation(rule, facts, rule_set, due=end, met=met, as_of=as_of, explain=explain, status=status,
                       advice_due=advice_due, advise=advise if advice_due else None)]


@REGISTRY.rule("lab2020", id="kontaktforloeb", title=gettext_lazy("At least four job conversations in six months"),
               source=SOURCES["31_3"], harm=50, **CONVERSATION_RULE)
def kontaktforloeb(facts, as_of, rule, rule_set):
    return four_in_six(facts, as_of, rule, rule_set, quota_applies=False)


@REGISTRY.rule("reform2026", id="kontaktforloeb",
               title=gettext_lazy("At least four job conversations in six months (unless among the 25 %)"),
               source=LegalSource("LAB", "§ 31, stk. 3 (ændret)", REFORM_2026,
                                  "https://star.dk/implementering/beskaeftigelsesreform", unconfirmed=True,
                                  note=gettext_lazy("Exact wording of the amended paragraph not read.")),
               harm=50, **CONVERSATION_RULE)
def kontaktforloeb_2026(facts, as_of, rule, rule_set):
    return four_in_six(facts, as_of, rule, rule_set, quota_applies=True)


@REGISTRY.rule("lab2020", id="first_in_person", title=gettext_lazy("The first conversation in person"),
               source=SOURCES["33"], harm=45, **CONVERSATION_RULE)
def first_in_person(facts, as_of, rule, rule_set):
    """Met once a conversation in person has been held, even if an earlier one was by phone. Counted from the same
    start as the first jobsamtale (the first approach, else the course), so the two never disagree."""
    course = facts.course_start(CONTACT_GROUPS, as_of, restart_on_change=False)
    if course is None:
        return []
    start = facts.first_approach if facts.first_approach and facts.first_approach <= as_of else course
    held = facts.held_conversations(start, as_of)
    in_person = next((c for c in held if c.in_person), None)
    first = held[0] if held else None

    def explain():
        if in_person is not None:
            return _("A conversation in person was held on %(day)s. From now on %(name)s chooses in person, phone "
                     "or video.") % {"day": format_day(in_person.on), "name": facts.first_name}
        if first is not None:
            return _("The first conversation (%(day)s) was not in person. Hold a conversation in person now.") % {
                "day": format_day(first.on)}
        return _("The first conversation must be in person. Later, %(name)s chooses in person, phone or video.") % {
            "name": facts.first_name}

    return [obligation(rule, facts, rule_set, raw_due=start + datetime.timedelta(days=7), met=in_person is not None,
                       as_of=as_of, explain=explain)]


RIGHT_TO_DECLINE = {"3", "5"}  # aktivitetsparate: a right they may decline; in 7 and 8 one is always appointed


@REGISTRY.rule("lab2020", id="coordinating_caseworker", title=gettext_lazy("The right to a coordinating caseworker"),
               source=SOURCES["36"], kind=Kind.RIGHT, harm=10)
def coordinating_caseworker(facts, as_of, rule, rule_set):
    """Met by a coordinating caseworker on the team now, or (aktivitetsparate) by a recorded offer and the citizen's
    answer. A coordinator who has left the team, or an offer without an answer, does not meet it."""
    group = facts.group_on(as_of)
    if group not in {"3", "5", "7", "8"}:
        return []
    start = facts.course_start({group}, as_of)
    since = facts.coordinating_caseworker_since
    since = since if since and since <= as_of else None
    # An offer from an earlier course (before the citizen was last assessed into this group) does not count.
    offers = sorted((o for o in facts.coordinator_offers if start <= o.offered_on <= as_of), key=lambda o: o.offered_on)
    offer = offers[-1] if offers and group in RIGHT_TO_DECLINE else None
    answered = offer is not None and offer.answer and offer.answered_on and offer.answered_on <= as_of

    def explain():
        if group in RIGHT_TO_DECLINE:
            text = _("%(name)s was assessed as aktivitetsparat on %(start)s and has the right to a coordinating "
                     "caseworker. Offer it at once; %(name)s may say yes or no. Record the offer and the answer.")
        else:
            text = _("%(name)s is in jobafklaring or ressourceforløb since %(start)s: a coordinating caseworker is "
                     "appointed.")
        text = text % {"name": facts.first_name, "start": format_day(start)}
        if since:
            text += " " + _("A coordinating caseworker is on the team since %(day)s.") % {"day": format_day(since)}
        elif answered:
            answer = _("said yes") if offer.answer == "accepted" else _("said no")
            text += " " + _("Offered on %(offered)s; %(name)s %(answer)s on %(answered)s.") % {
                "offered": format_day(offer.offered_on), "name": facts.first_name, "answer": answer,
                "answered": format_day(offer.answered_on)}
        elif offer is not None:
            text += " " + _("Offered on %(offered)s. Record %(name)s's answer.") % {
                "offered": format_day(offer.offered_on), "name": facts.first_name}
        return text

    return [obligation(rule, facts, rule_set, raw_due=start, met=since is not None or bool(answered),
                       explain=explain, as_of=as_of)]


PLAN_FOLLOW_UP_MONTHS = 3


@REGISTRY.rule("lab2020", id="plan", title=gettext_lazy("A plan exists and is followed up"), source=SOURCES["40"],
               kind=Kind.PLAN, harm=30)
def plan(facts, as_of, rule, rule_set):
    start = facts.course_start(KONTAKTFORLOEB_GROUPS, as_of)
    if start is None:
        return []
    stood = facts.plans[0].as_of(as_of) if facts.plans else None
    if stood is None:
        held = facts.held_conversations(start, as_of)
        raw_due = held[0].on if held else start + datetime.timedelta(days=7)

        def explain():
            return _("%(name)s has a right to a plan (Min Plan) from the start of the course on %(start)s. Write it "
                     "with %(name)s at the first job conversation, by %(due)s: %(name)s's own goal first.") % {
                "name": facts.first_name, "start": format_day(start), "due": format_day(deadline(raw_due))}

        return [obligation(rule, facts, rule_set, raw_due=raw_due, met=False, explain=explain, as_of=as_of)]
    last = stood[1]
    raw_due, takeover_from = add_months(last, PLAN_FOLLOW_UP_MONTHS), None
    if facts.takeover and facts.takeover <= as_of and raw_due < facts.takeover:
        # A plan last followed up before Helhed: the next follow-up in its three-month rhythm after the takeover.
        takeover_from = raw_due
        while raw_due < facts.takeover:
            raw_due = add_months(raw_due, PLAN_FOLLOW_UP_MONTHS)

    def explain_follow_up():
        return _("%(name)s's plan was last followed up on %(last)s. Follow it up with %(name)s by %(due)s: what "
                 "has happened, and what is next.") % {"name": facts.first_name, "last": format_day(last),
                                                       "due": format_day(deadline(raw_due))}

    return [obligation(rule, facts, rule_set, raw_due=raw_due, met=False, explain=explain_follow_up, as_of=as_of,
                       takeover_from=takeover_from)]


# "At least two uninterrupted weeks": 14 calendar days from the first to the last day, both included, so a
# Monday-to-Friday fortnight counts (rules-sources.md, second round).
MIN_OFFER_DAYS = 14
# Mentor support (§ 167) is not an offer under chapters 11–14, and ordinary hours are work, not an offer: neither
# meets ret og pligt.
NEVER_RET_OG_PLIGT = {"mentor", "ordinaere_timer"}
OFFER_RIGHT = {"kind": Kind.OFFER, "harm": 20, "exemptable": True}


def offer_lasting(facts, start, end, *, excluded):
    return [o for o in facts.offers if o.kind not in excluded and start <= o.start <= end
            and (o.end is None or (o.end - o.start).days + 1 >= MIN_OFFER_DAYS)]


def _ret_og_pligt_102(facts, as_of, rule, rule_set, *, excluded, quota_applies=False):
    if not facts.offers_known:
        return []
    start = facts.course_start({"1", "2", "3"}, as_of)
    if start is None:
        return []
    raw_due = add_months(start, 6)
    met = bool(offer_lasting(facts, start, deadline(raw_due), excluded=excluded))
    if quota_applies and not met and among_the_25(facts, as_of):
        return exempt_by_the_25(rule, facts, rule_set, as_of=as_of, raw_due=raw_due)

    def explain():
        return _(
            "%(name)s must start an offer lasting at least two uninterrupted weeks no later than six months after "
            "%(start)s, by %(due)s."
        ) % {"name": facts.first_name, "start": format_day(start), "due": format_day(deadline(raw_due))}

    return [obligation(rule, facts, rule_set, raw_due=raw_due, met=met, explain=explain, as_of=as_of)]


@REGISTRY.rule("lab2020", id="ret_og_pligt_102", title=gettext_lazy("Offer within six months (ret og pligt)"),
               source=SOURCES["102"], before_takeover="drop", **OFFER_RIGHT)
def ret_og_pligt_102(facts, as_of, rule, rule_set):
    """§ 102 stk. 6 (until 30 Jun 2026): § 91 øvrig vejledning og opkvalificering is not a ret og pligt offer."""
    return _ret_og_pligt_102(facts, as_of, rule, rule_set, excluded=NEVER_RET_OG_PLIGT | {"vejledning"})


@REGISTRY.rule("reform2026", id="ret_og_pligt_102", title=gettext_lazy("Offer within six months (ret og pligt)"),
               source=LegalSource("LAB", "§ 102", REFORM_2026, LAB.format(102), unconfirmed=True,
                                  note=gettext_lazy("From 1 Jul 2026 øvrig vejledning og opkvalificering can be a "
                                                    "ret og pligt offer (STAR); the new wording of § 102 is not "
                                                    "read.")),
               before_takeover="drop", **OFFER_RIGHT)
def ret_og_pligt_102_2026(facts, as_of, rule, rule_set):
    return _ret_og_pligt_102(facts, as_of, rule, rule_set, excluded=NEVER_RET_OG_PLIGT, quota_applies=True)


def _ret_og_pligt_105(facts, as_of, rule, rule_set):
    if not facts.offers_known:
        return []
    start = facts.course_start({"4", "5"}, as_of)
    if start is None:
        return []
    earlier = sorted((o for o in facts.offers if start <= o.start <= as_of and o.kind not in NEVER_RET_OG_PLIGT),
                     key=lambda o: o.start)
    if not earlier:
        raw_due = add_months(start, 1)
        return [obligation(rule, facts, rule_set, raw_due=raw_due, met=False, as_of=as_of, explain=lambda: _(
            "The first offer must start no later than one month after %(start)s, by %(due)s."
        ) % {"start": format_day(start), "due": format_day(deadline(raw_due))})]
    last = earlier[-1]
    if last.end is None or last.end >= as_of:
        return [obligation(rule, facts, rule_set, raw_due=add_months(start, 1), met=True, as_of=as_of,
                           explain=lambda: _("An offer is running since %(day)s.") % {"day": format_day(last.start)})]
    raw_due = add_months(last.end, 4)
    return [obligation(rule, facts, rule_set, raw_due=raw_due, met=False, as_of=as_of, explain=lambda: _(
        "The last offer ended on %(end)s; the next must start within four months, by %(due)s."
    ) % {"end": format_day(last.end), "due": format_day(deadline(raw_due))})]


REGISTRY.rule("lab2020", id="ret_og_pligt_105", title=gettext_lazy("Offers for under-30s (ret og pligt)"),
              source=SOURCES["105"], **OFFER_RIGHT)(_ret_og_pligt_105)
REGISTRY.rule("reform2026", id="ret_og_pligt_105", title=gettext_lazy("Offers for under-30s (ret og pligt)"),
              source=LegalSource("LAB", "§ 105", REFORM_2026, LAB.format(105), unconfirmed=True,
                                 note=gettext_lazy("Lov 1750/2025 § 1 nr. 8 removes § 105, stk. 1 from § 9: the "
                                                   "continuous ret og pligt for under-30s most likely lapses on 1 Jul "
                                                   "2026 (\"krav om tilbud\"). Shown as before until confirmed.")),
              **OFFER_RIGHT)(_ret_og_pligt_105)

INTERNSHIP_WEEKS = {"1": 4, "2": 4, "4": 4}  # every other group: 13 weeks (§ 61 stk. 1)


def last_day_of_weeks(start: datetime.date, weeks: int) -> datetime.date:
    """The last day of `weeks` weeks that begin on `start`: a 4-week internship from Monday 3 March ends Sunday 30."""
    return start + datetime.timedelta(weeks=weeks, days=-1)


def _internship(facts, as_of, rule, rule_set, offer):
    """§ 61: 4 weeks for § 6 nr. 1, 2 and 4; 13 weeks for the rest. Only the 13-week tier can be extended (stk. 2):
    to 26 weeks, then by up to 13 weeks at a time, each by a concrete assessment. A reason on a 4-week internship
    changes nothing."""
    group = facts.group_on(offer.start) or ""
    weeks = INTERNSHIP_WEEKS.get(group, 13)
    extendable = weeks == 13
    extensions = max(offer.extensions, 1 if offer.extension_reason else 0) if extendable else 0
    limit = last_day_of_weeks(offer.start, weeks * (1 + extensions))
    ends_in_time = offer.end is not None and offer.end <= limit

    def explain():
        text = _(
            "A company internship for target group %(group)s may last %(weeks)s weeks (%(start)s to %(limit)s)."
        ) % {"group": group, "weeks": weeks, "start": format_day(offer.start), "limit": format_day(last_day_of_weeks(offer.start, weeks))}
        if extendable:
            text += " " + _("It can be extended to 26 weeks, then by up to 13 weeks at a time, with a reason.")
        else:
            text += " " + _("A 4-week internship cannot be extended (§ 61, stk. 2).")
        if extensions:
            text += " " + _("Extended to %(limit)s: %(reason)s") % {"limit": format_day(limit), "reason": offer.extension_reason}
        return text

    # An internship that has ended past its limit is history to learn from, not a task.
    status = Status.MISSED if not ends_in_time and offer.end is not None and offer.end < as_of else None
    return obligation(rule, facts, rule_set, due=limit, met=ends_in_time, explain=explain, as_of=as_of, status=status)


@REGISTRY.rule("lab2020", id="internship_duration", title=gettext_lazy("Company internship: maximum duration"),
               source=SOURCES["61"], kind=Kind.OFFER, harm=60)
def internship_duration(facts, as_of, rule, rule_set):
    return [_internship(facts, as_of, rule, rule_set, offer) for offer in facts.offers
            if offer.kind == "virksomhedspraktik" and offer.start <= as_of]


def _mentor(facts, as_of, rule, rule_set, offer):
    raw_due = add_months(offer.start, 6)
    met = (offer.end is not None and offer.end <= deadline(raw_due)) or bool(offer.extension_reason)
    status = Status.MISSED if not met and offer.end is not None and offer.end < as_of else None
    return obligation(rule, facts, rule_set, raw_due=raw_due, met=met, as_of=as_of, status=status, explain=lambda: _(
        "Mentor support is granted for up to six months at a time (from %(start)s). Renew it by a concrete "
        "assessment, or end it, by %(due)s."
    ) % {"start": format_day(offer.start), "due": format_day(deadline(raw_due))})


@REGISTRY.rule("lab2020", id="mentor_review", title=gettext_lazy("Mentor support: review after six months"),
               source=SOURCES["167"], kind=Kind.OFFER, harm=70)
def mentor_review(facts, as_of, rule, rule_set):
    return [_mentor(facts, as_of, rule, rule_set, offer) for offer in facts.offers
            if offer.kind == "mentor" and offer.start <= as_of]


@REGISTRY.rule("lab2020", id="ressourceforloeb_effort",
               title=gettext_lazy("Ressourceforløb: an effort within six months, or back to the team"),
               source=SOURCES["112"], kind=Kind.OFFER, harm=25, exemptable=True)
def ressourceforloeb_effort(facts, as_of, rule, rule_set):
    if not facts.offers_known:
        return []
    start = facts.course_start({"8"}, as_of)
    if start is None:
        return []
    raw_due = add_months(start, 6)
    started = [o for o in facts.offers if start <= o.start <= deadline(raw_due)]
    return [obligation(rule, facts, rule_set, raw_due=raw_due, met=bool(started), as_of=as_of, explain=lambda: _(
        "The ressourceforløb started on %(start)s. If no effort has started within six months (by %(due)s), the "
        "case goes back to the rehabiliteringsteam."
    ) % {"start": format_day(start), "due": format_day(deadline(raw_due))})]
