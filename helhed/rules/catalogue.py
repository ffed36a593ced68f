"""The rule sets and rules Helhed knows, with their sources (see ../shared/rules-sources.md and docs/rules.md)."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.rules.calendar import add_months, add_working_days, deadline
from helhed.rules.facts import CitizenFacts
from helhed.rules.registry import REGISTRY, LegalSource, Obligation, RuleSet, Status

LAB = "https://www.elov.dk/lov-om-en-aktiv-beskaeftigelsesindsats/paragraf/{}/"
LAB_2024 = "LBK nr. 280 af 1/3/2024"
REFORM_2026 = "lov nr. 1750 af 29/12/2025"

REGISTRY.add_rule_set(RuleSet(
    "lab2020", "LAB 2020 (lov nr. 548 af 7/5/2019; LBK 280/2024)", datetime.date(2020, 1, 1),
    datetime.date(2026, 6, 30),
))
REGISTRY.add_rule_set(RuleSet(
    "reform2026", "Beskæftigelsesreform, fase 1 (lov nr. 1750 af 29/12/2025)", datetime.date(2026, 7, 1),
    datetime.date(2026, 12, 31), parent="lab2020",
    note=gettext_lazy("Flexible contact courses and offers from 1 July 2026 (STAR); other parts most likely from "
                      "1 February 2026."),
))
REGISTRY.add_rule_set(RuleSet(
    "reform2027", "Ny lov om en aktiv beskæftigelsesindsats (1 Jan 2027)", datetime.date(2027, 1, 1), None,
    parent="reform2026", unconfirmed=True,
    note=gettext_lazy("Placeholder: the 2027 law has not been read. The phase 1 rules apply, marked unconfirmed."),
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
    "105": LegalSource("LAB", "§ 105", LAB_2024, LAB.format(105), note=gettext_lazy("New wording after 1 Jul 2026 unchecked.")),
    "61": LegalSource("LAB", "§ 61", LAB_2024, LAB.format(61), note=gettext_lazy("Whether lov 1750/2025 changes § 61: unchecked.")),
    "167": LegalSource("LAB", "§ 167", LAB_2024, LAB.format(167)),
    "112": LegalSource("LAB", "§ 112 (lov 1160/2021)", LAB_2024, LAB.format(112)),
    "106": LegalSource("LAB", "§ 106", LAB_2024, LAB.format(106)),
    "75pct": LegalSource("LAB as amended", "contact course for at least 75 %", REFORM_2026,
                         "https://star.dk/implementering/beskaeftigelsesreform", unconfirmed=True,
                         note=gettext_lazy("Paragraph number in the amended law not read.")),
}

CONTACT_GROUPS = {"2", "3", "4", "5"}
KONTAKTFORLOEB_GROUPS = {"2", "3", "4", "5", "7", "8", "10"}
DUE_SOON_WORKING_DAYS = 5


def _d(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def status_for(due: datetime.date, met: bool, as_of: datetime.date) -> str:
    if met:
        return Status.MET
    if as_of > due:
        return Status.OVERDUE
    if due <= add_working_days(as_of, DUE_SOON_WORKING_DAYS):
        return Status.DUE
    return Status.UPCOMING


def obligation(rule, facts, rule_set, *, due, met, explain, as_of, status=None):
    """`explain` is a function returning the explanation: it is only called when a person reads it, so the
    nightly scan over every citizen does not format dates and translate text it never shows."""
    return Obligation(
        rule_id=rule.id, title=rule.title, status=status or status_for(due, met, as_of), due=due,
        explain=explain, source=rule.source, rule_set=rule_set.id,
        unconfirmed=rule.source.unconfirmed or rule_set.unconfirmed, scope=rule.scope,
    )


@REGISTRY.rule("lab2020", id="first_jobsamtale", title=gettext_lazy("First job conversation within one week"),
               source=SOURCES["31_5"])
def first_jobsamtale(facts: CitizenFacts, as_of, rule, rule_set):
    start = facts.course_start(CONTACT_GROUPS, as_of)
    if start is None:
        return []
    due = deadline(start + datetime.timedelta(days=7))
    held = facts.held_conversations(start, as_of)

    def explain():
        text = _(
            "%(name)s's contact course started on %(start)s (target group %(group)s now). The first job "
            "conversation must be held within one week, by %(due)s."
        ) % {"name": facts.first_name, "group": facts.group_on(as_of), "start": _d(start), "due": _d(due)}
        return text + (" " + _("Held on %(day)s.") % {"day": _d(held[0].on)} if held else "")

    return [obligation(rule, facts, rule_set, due=due, met=bool(held), explain=explain, as_of=as_of)]


def _four_in_six(facts, as_of, rule, rule_set, *, quota_applies):
    start = facts.course_start(KONTAKTFORLOEB_GROUPS, as_of)
    if start is None:
        return []
    if quota_applies and facts.group_on(as_of) == "2" and facts.outside_contact_quota:
        return []
    end = deadline(add_months(start, 6))
    held = facts.held_conversations(start, end)
    if as_of > end and len(held) >= 4:
        def explain_met():
            return _("%(count)s job conversations were held in the first six months (%(start)s to %(end)s).") % {
                "count": len(held), "start": _d(start), "end": _d(end)}

        return [obligation(rule, facts, rule_set, due=end, met=True, as_of=as_of, explain=explain_met)]
    # The next conversation is due so that four fit into six months: every 1½ months from the start.
    next_due = deadline(start + datetime.timedelta(days=round(182.5 * (len(held) + 1) / 4)))
    due = end if as_of > end else min(next_due, end)

    def explain():
        text = _(
            "In the first six months of the contact course (%(start)s to %(end)s) %(name)s must have at least four "
            "job conversations. %(count)s of 4 held so far."
        ) % {"start": _d(start), "end": _d(end), "name": facts.first_name, "count": len(held)}
        if as_of > end:
            text += " " + _(
                "After the first six months, conversations are held as agreed and when %(name)s asks (§ 32)."
            ) % {"name": facts.first_name}
        return text

    # Once the six months are over, a shortfall cannot be made good: it is history, not a task for the worklist.
    status = Status.MISSED if as_of > end and len(held) < 4 else None
    return [obligation(rule, facts, rule_set, due=due, met=len(held) >= 4, as_of=as_of, explain=explain,
                       status=status)]


@REGISTRY.rule("lab2020", id="kontaktforloeb", title=gettext_lazy("At least four job conversations in six months"),
               source=SOURCES["31_3"])
def kontaktforloeb(facts, as_of, rule, rule_set):
    return _four_in_six(facts, as_of, rule, rule_set, quota_applies=False)


@REGISTRY.rule("reform2026", id="kontaktforloeb",
               title=gettext_lazy("At least four job conversations in six months (unless outside the 75 %)"),
               source=LegalSource("LAB", "§ 31, stk. 3 (ændret)", REFORM_2026,
                                  "https://star.dk/implementering/beskaeftigelsesreform", unconfirmed=True,
                                  note=gettext_lazy("Exact wording of the amended paragraph not read.")))
def kontaktforloeb_2026(facts, as_of, rule, rule_set):
    return _four_in_six(facts, as_of, rule, rule_set, quota_applies=True)


@REGISTRY.rule("lab2020", id="first_in_person", title=gettext_lazy("The first conversation in person"),
               source=SOURCES["33"])
def first_in_person(facts, as_of, rule, rule_set):
    """Met once a conversation in person has been held in the course, even if an earlier one was by phone."""
    start = facts.course_start(CONTACT_GROUPS, as_of)
    if start is None:
        return []
    held = facts.held_conversations(start, as_of)
    due = deadline(start + datetime.timedelta(days=7))
    in_person = next((c for c in held if c.in_person), None)
    first = held[0] if held else None

    def explain():
        if in_person is not None:
            return _("A conversation in person was held on %(day)s. From now on %(name)s chooses in person, phone "
                     "or video.") % {"day": _d(in_person.on), "name": facts.first_name}
        if first is not None:
            return _("The first conversation (%(day)s) was not in person. Hold a conversation in person now.") % {
                "day": _d(first.on)}
        return _("The first conversation must be in person. Later, %(name)s chooses in person, phone or video.") % {
            "name": facts.first_name}

    return [obligation(rule, facts, rule_set, due=due, met=in_person is not None, as_of=as_of, explain=explain)]


@REGISTRY.rule("lab2020", id="coordinating_caseworker", title=gettext_lazy("Offer a coordinating caseworker"),
               source=SOURCES["36"])
def coordinating_caseworker(facts, as_of, rule, rule_set):
    group = facts.group_on(as_of)
    if group not in {"3", "5", "7", "8"}:
        return []
    start = facts.course_start({group}, as_of)
    since = facts.coordinating_caseworker_since

    def explain():
        if group in {"3", "5"}:
            text = _("%(name)s was assessed as aktivitetsparat on %(start)s and has a right to a coordinating "
                     "caseworker, who must be offered at once. The citizen may decline; record the answer.")
        else:
            text = _("%(name)s is in jobafklaring or ressourceforløb since %(start)s: a coordinating caseworker is "
                     "appointed.")
        text = text % {"name": facts.first_name, "start": _d(start)}
        if since:
            text += " " + _("A coordinating caseworker is on the team since %(day)s.") % {"day": _d(since)}
        return text

    return [obligation(rule, facts, rule_set, due=deadline(start), met=since is not None, explain=explain,
                       as_of=as_of)]


PLAN_FOLLOW_UP_MONTHS = 3


@REGISTRY.rule("lab2020", id="plan", title=gettext_lazy("A plan exists and is followed up"), source=SOURCES["40"])
def plan(facts, as_of, rule, rule_set):
    start = facts.course_start(KONTAKTFORLOEB_GROUPS, as_of)
    if start is None:
        return []
    stood = facts.plans[0].as_of(as_of) if facts.plans else None
    if stood is None:
        held = facts.held_conversations(start, as_of)
        due = held[0].on if held else deadline(start + datetime.timedelta(days=7))

        def explain():
            return _("%(name)s has a right to a plan (Min Plan) from the start of the course on %(start)s. Write it "
                     "with %(name)s at the first job conversation, by %(due)s: %(name)s's own goal first.") % {
                "name": facts.first_name, "start": _d(start), "due": _d(due)}

        return [obligation(rule, facts, rule_set, due=due, met=False, explain=explain, as_of=as_of)]
    last = stood[1]
    due = deadline(add_months(last, PLAN_FOLLOW_UP_MONTHS))

    def explain_follow_up():
        return _("%(name)s's plan was last followed up on %(last)s. Follow it up with %(name)s by %(due)s: what "
                 "has happened, and what is next.") % {"name": facts.first_name, "last": _d(last), "due": _d(due)}

    return [obligation(rule, facts, rule_set, due=due, met=False, explain=explain_follow_up, as_of=as_of)]


# "At least two uninterrupted weeks": 14 calendar days from the first to the last day, both included, so a
# Monday-to-Friday fortnight counts (rules-sources.md, second round).
MIN_OFFER_DAYS = 14
# Mentor support (§ 167) is not an offer under chapters 11–14 and never meets ret og pligt.
NEVER_RET_OG_PLIGT = {"mentor"}


def _offer_lasting(facts, start, end, *, excluded):
    return [o for o in facts.offers if o.kind not in excluded and start <= o.start <= end
            and (o.end is None or (o.end - o.start).days + 1 >= MIN_OFFER_DAYS)]


def _ret_og_pligt_102(facts, as_of, rule, rule_set, *, excluded):
    if not facts.offers_known:
        return []
    start = facts.course_start({"1", "2", "3"}, as_of)
    if start is None:
        return []
    due = deadline(add_months(start, 6))

    def explain():
        return _(
            "%(name)s must start an offer lasting at least two uninterrupted weeks no later than six months after "
            "%(start)s, by %(due)s."
        ) % {"name": facts.first_name, "start": _d(start), "due": _d(due)}

    met = bool(_offer_lasting(facts, start, due, excluded=excluded))
    return [obligation(rule, facts, rule_set, due=due, met=met, explain=explain, as_of=as_of)]


@REGISTRY.rule("lab2020", id="ret_og_pligt_102", title=gettext_lazy("Offer within six months (ret og pligt)"),
               source=SOURCES["102"])
def ret_og_pligt_102(facts, as_of, rule, rule_set):
    """§ 102 stk. 6 (until 30 Jun 2026): § 91 øvrig vejledning og opkvalificering is not a ret og pligt offer."""
    return _ret_og_pligt_102(facts, as_of, rule, rule_set, excluded=NEVER_RET_OG_PLIGT | {"vejledning"})


@REGISTRY.rule("reform2026", id="ret_og_pligt_102", title=gettext_lazy("Offer within six months (ret og pligt)"),
               source=LegalSource("LAB", "§ 102", REFORM_2026, LAB.format(102), unconfirmed=True,
                                  note=gettext_lazy("From 1 Jul 2026 øvrig vejledning og opkvalificering can be a "
                                                    "ret og pligt offer (STAR); the new wording of § 102 is not "
                                                    "read.")))
def ret_og_pligt_102_2026(facts, as_of, rule, rule_set):
    return _ret_og_pligt_102(facts, as_of, rule, rule_set, excluded=NEVER_RET_OG_PLIGT)


@REGISTRY.rule("lab2020", id="ret_og_pligt_105", title=gettext_lazy("Offers for under-30s (ret og pligt)"),
               source=SOURCES["105"])
def ret_og_pligt_105(facts, as_of, rule, rule_set):
    if not facts.offers_known:
        return []
    start = facts.course_start({"4", "5"}, as_of)
    if start is None:
        return []
    earlier = sorted((o for o in facts.offers if start <= o.start <= as_of), key=lambda o: o.start)
    if not earlier:
        due = deadline(add_months(start, 1))
        return [obligation(rule, facts, rule_set, due=due, met=False, as_of=as_of, explain=lambda: _(
            "The first offer must start no later than one month after %(start)s, by %(due)s."
        ) % {"start": _d(start), "due": _d(due)})]
    last = earlier[-1]
    if last.end is None or last.end >= as_of:
        return [obligation(rule, facts, rule_set, due=deadline(add_months(start, 1)), met=True, as_of=as_of,
                           explain=lambda: _("An offer is running since %(day)s.") % {"day": _d(last.start)})]
    due = deadline(add_months(last.end, 4))
    return [obligation(rule, facts, rule_set, due=due, met=False, as_of=as_of, explain=lambda: _(
        "The last offer ended on %(end)s; the next must start within four months, by %(due)s."
    ) % {"end": _d(last.end), "due": _d(due)})]


INTERNSHIP_WEEKS = {"1": 4, "2": 4, "4": 4}  # every other group: 13 weeks (§ 61 stk. 1)


def _internship(facts, as_of, rule, rule_set, offer):
    """§ 61: 4 weeks for § 6 nr. 1, 2 and 4; 13 weeks for the rest. Only the 13-week tier can be extended (stk. 2):
    to 26 weeks, then by up to 13 weeks at a time, each by a concrete assessment. A reason on a 4-week internship
    changes nothing."""
    group = facts.group_on(offer.start) or ""
    weeks = INTERNSHIP_WEEKS.get(group, 13)
    extendable = weeks == 13
    extended = extendable and bool(offer.extension_reason)
    limit = offer.start + datetime.timedelta(weeks=26 if extended else weeks)
    ends_in_time = offer.end is not None and offer.end <= limit

    def explain():
        text = _(
            "A company internship for target group %(group)s may last %(weeks)s weeks (%(start)s to %(limit)s)."
        ) % {"group": group, "weeks": weeks, "start": _d(offer.start),
             "limit": _d(offer.start + datetime.timedelta(weeks=weeks))}
        if extendable:
            text += " " + _("It can be extended to 26 weeks, then by up to 13 weeks at a time, with a reason.")
        else:
            text += " " + _("A 4-week internship cannot be extended (§ 61, stk. 2).")
        if extended:
            text += " " + _("Extended to %(limit)s: %(reason)s") % {"limit": _d(limit), "reason": offer.extension_reason}
        return text

    return obligation(rule, facts, rule_set, due=limit, met=ends_in_time, explain=explain, as_of=as_of)


@REGISTRY.rule("lab2020", id="internship_duration", title=gettext_lazy("Company internship: maximum duration"),
               source=SOURCES["61"])
def internship_duration(facts, as_of, rule, rule_set):
    return [_internship(facts, as_of, rule, rule_set, offer) for offer in facts.offers
            if offer.kind == "virksomhedspraktik" and offer.start <= as_of]


def _mentor(facts, as_of, rule, rule_set, offer):
    due = deadline(add_months(offer.start, 6))
    met = (offer.end is not None and offer.end <= due) or bool(offer.extension_reason)
    return obligation(rule, facts, rule_set, due=due, met=met, as_of=as_of, explain=lambda: _(
        "Mentor support is granted for up to six months at a time (from %(start)s). Renew it by a concrete "
        "assessment, or end it, by %(due)s."
    ) % {"start": _d(offer.start), "due": _d(due)})


@REGISTRY.rule("lab2020", id="mentor_review", title=gettext_lazy("Mentor support: review after six months"),
               source=SOURCES["167"])
def mentor_review(facts, as_of, rule, rule_set):
    return [_mentor(facts, as_of, rule, rule_set, offer) for offer in facts.offers
            if offer.kind == "mentor" and offer.start <= as_of]


@REGISTRY.rule("lab2020", id="ressourceforloeb_effort",
               title=gettext_lazy("Ressourceforløb: an effort within six months, or back to the team"),
               source=SOURCES["112"])
def ressourceforloeb_effort(facts, as_of, rule, rule_set):
    if not facts.offers_known:
        return []
    start = facts.course_start({"8"}, as_of)
    if start is None:
        return []
    due = deadline(add_months(start, 6))
    started = [o for o in facts.offers if start <= o.start <= due]
    return [obligation(rule, facts, rule_set, due=due, met=bool(started), as_of=as_of, explain=lambda: _(
        "The ressourceforløb started on %(start)s. If no effort has started within six months (by %(due)s), the "
        "case goes back to the rehabiliteringsteam."
    ) % {"start": _d(start), "due": _d(due)})]
