"""The draft 2027 rule set: five efforts instead of 13 target groups (rules-sources.md, "2027").

STAR expects a new main act on 1 Jan 2027; it was not adopted when this was written, so every obligation here is
unconfirmed (the rule set says so) and the switch date is a setting (HELHED_RULES_2027_FROM). The efforts and their
requirements are data: confirming the act is an edit to EFFORTS and, where the act says something new, to the small
rule functions below. Until then the phase 1 requirements are carried over.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.rules.calendar import add_months, deadline
from helhed.rules.catalogue import (
    NEVER_RET_OG_PLIGT,
    among_the_25,
    exempt_by_the_25,
    format_day,
    four_in_six,
    obligation,
    offer_lasting,
)
from helhed.rules.registry import REGISTRY, Kind, LegalSource

DRAFT = "Udkast til ny lov om en aktiv beskæftigelsesindsats (høring 13/10/2025)"
STAR_PROCESS = "https://star.dk/da/implementering/beskaeftigelsesreform/proces"


@dataclass(frozen=True)
class Effort:
    code: str
    label: str
    groups: frozenset[str]  # today's target groups (§ 6 nr.) that move into the effort


@dataclass(frozen=True)
class Requirement:
    """What the draft asks in an effort, per target group moving into it."""

    first_conversation_days: int | None = None  # after the first approach; None: no such requirement
    conversations_in_six_months: int = 0
    offer_within_months: int | None = None


EFFORTS = {e.code: e for e in [
    Effort("dagpenge", gettext_lazy("Dagpengeindsats"), frozenset({"1"})),
    Effort("jobsoegning", gettext_lazy("Jobsøgningsindsats"), frozenset({"2", "4", "9"})),
    Effort("jobhjaelp", gettext_lazy("Jobhjælpsindsats"), frozenset({"3", "5"})),
    Effort("sygedagpenge", gettext_lazy("Sygedagpengeindsats"), frozenset({"6"})),
    Effort("oevrige", gettext_lazy("Indsats for øvrige borgere"), frozenset({"7", "8", "10", "11", "12", "13"})),
]}
# Phase 1 carried over group by group until the act is read: the first jobsamtale (§ 31, stk. 5) for 2–5, four
# conversations in six months (§ 31, stk. 3) for the kontaktforløb groups, an offer within six months (§ 102) for
# 1–3. § 105 (groups 4–5) and § 112 (group 8) are inherited from phase 1 as they are.
REQUIREMENTS = {
    "1": Requirement(offer_within_months=6),
    "2": Requirement(7, 4, 6),
    "3": Requirement(7, 4, 6),
    "4": Requirement(7, 4),
    "5": Requirement(7, 4),
    "7": Requirement(conversations_in_six_months=4),
    "8": Requirement(conversations_in_six_months=4),
    "9": Requirement(conversations_in_six_months=4),
    "10": Requirement(conversations_in_six_months=4),
}
SOURCE = LegalSource("LAB 2027 (udkast)", "indsatser", DRAFT, STAR_PROCESS, unconfirmed=True,
                     note=gettext_lazy("Draft act: names and requirements of the five efforts are unconfirmed; the "
                                       "phase 1 requirements are carried over until the act is read."))


def effort_on(facts, day: datetime.date) -> Effort | None:
    group = facts.group_on(day)
    return next((e for e in EFFORTS.values() if group in e.groups), None)


def _requirement(facts, day: datetime.date) -> tuple[Effort | None, Requirement]:
    return effort_on(facts, day), REQUIREMENTS.get(facts.group_on(day) or "", Requirement())


def _groups_with(attribute: str) -> set[str]:
    return {group for group, requirement in REQUIREMENTS.items() if getattr(requirement, attribute)}


CONVERSATION = {"kind": Kind.CONVERSATION, "exemptable": True, "before_takeover": "drop", "source": SOURCE}


@REGISTRY.rule("reform2027", id="effort_first_conversation", title=gettext_lazy("First conversation in the effort"),
               harm=40, replaces="first_jobsamtale", **CONVERSATION)
def effort_first_conversation(facts, as_of, rule, rule_set):
    effort, requirement = _requirement(facts, as_of)
    if effort is None or requirement.first_conversation_days is None:
        return []
    course = facts.course_start(_groups_with("first_conversation_days"), as_of, restart_on_change=False)
    approach = facts.first_approach if facts.first_approach and facts.first_approach <= as_of else None
    start = approach or course
    raw_due = start + datetime.timedelta(days=requirement.first_conversation_days)
    held = facts.held_conversations(start, as_of)
    return [obligation(rule, facts, rule_set, raw_due=raw_due, met=bool(held), as_of=as_of, explain=lambda: _(
        "%(effort)s (draft): the first conversation within %(days)s days of %(start)s, by %(due)s."
    ) % {"effort": effort.label, "days": requirement.first_conversation_days, "start": format_day(start),
         "due": format_day(deadline(raw_due))})]


@REGISTRY.rule("reform2027", id="effort_conversations", title=gettext_lazy("Conversations in the first six months"),
               harm=50, replaces="kontaktforloeb", **CONVERSATION)
def effort_conversations(facts, as_of, rule, rule_set):
    effort, requirement = _requirement(facts, as_of)
    if effort is None or not requirement.conversations_in_six_months:
        return []
    return four_in_six(facts, as_of, rule, rule_set, quota_applies=True,
                       groups=_groups_with("conversations_in_six_months"),
                       needed=requirement.conversations_in_six_months, effort=effort.label)


@REGISTRY.rule("reform2027", id="effort_offer", title=gettext_lazy("An offer in the effort"), source=SOURCE,
               kind=Kind.OFFER, harm=20, exemptable=True, before_takeover="drop", replaces="ret_og_pligt_102")
def effort_offer(facts, as_of, rule, rule_set):
    effort, requirement = _requirement(facts, as_of)
    if not facts.offers_known or effort is None or requirement.offer_within_months is None:
        return []
    start = facts.course_start(_groups_with("offer_within_months"), as_of)
    raw_due = add_months(start, requirement.offer_within_months)
    met = bool(offer_lasting(facts, start, deadline(raw_due), excluded=NEVER_RET_OG_PLIGT))
    if not met and among_the_25(facts, as_of):
        return exempt_by_the_25(rule, facts, rule_set, as_of=as_of, raw_due=raw_due)
    return [obligation(rule, facts, rule_set, raw_due=raw_due, met=met, as_of=as_of, explain=lambda: _(
        "%(effort)s (draft): an offer of at least two weeks within %(months)s months of %(start)s, by %(due)s."
    ) % {"effort": effort.label, "months": requirement.offer_within_months, "start": format_day(start),
         "due": format_day(deadline(raw_due))})]
