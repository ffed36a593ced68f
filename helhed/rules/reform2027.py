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
from helhed.rules.catalogue import NEVER_RET_OG_PLIGT, QUOTA_GROUPS, format_day, obligation, offer_lasting
from helhed.rules.registry import REGISTRY, Kind, LegalSource, Status

DRAFT = "Udkast til ny lov om en aktiv beskæftigelsesindsats (høring 13/10/2025)"
STAR_PROCESS = "https://star.dk/da/implementering/beskaeftigelsesreform/proces"


@dataclass(frozen=True)
class Effort:
    code: str
    label: str
    groups: frozenset[str]  # today's target groups (§ 6 nr.) that move into the effort
    first_conversation_days: int | None  # after the first approach; None: no such requirement
    conversations_in_six_months: int  # 0: none required
    offer_within_months: int | None


EFFORTS = {e.code: e for e in [
    Effort("dagpenge", gettext_lazy("Dagpengeindsats"), frozenset({"1"}), None, 4, 6),
    Effort("jobsoegning", gettext_lazy("Jobsøgningsindsats"), frozenset({"2", "4", "9"}), 7, 4, 6),
    Effort("jobhjaelp", gettext_lazy("Jobhjælpsindsats"), frozenset({"3", "5"}), 7, 4, None),
    Effort("sygedagpenge", gettext_lazy("Sygedagpengeindsats"), frozenset({"6"}), None, 0, None),
    Effort("oevrige", gettext_lazy("Indsats for øvrige borgere"), frozenset({"7", "8", "10", "11", "12", "13"}),
           None, 0, None),
]}
SOURCE = LegalSource("LAB 2027 (udkast)", "indsatser", DRAFT, STAR_PROCESS, unconfirmed=True,
                     note=gettext_lazy("Draft act: names and requirements of the five efforts are unconfirmed; the "
                                       "phase 1 requirements are carried over until the act is read."))


def effort_on(facts, day: datetime.date) -> Effort | None:
    group = facts.group_on(day)
    return next((e for e in EFFORTS.values() if group in e.groups), None)


def _effort_start(facts, effort: Effort, day: datetime.date) -> datetime.date | None:
    return facts.course_start(set(effort.groups), day, restart_on_change=False)


CONVERSATION = {"kind": Kind.CONVERSATION, "exemptable": True, "before_takeover": "drop", "source": SOURCE}


@REGISTRY.rule("reform2027", id="effort_first_conversation", title=gettext_lazy("First conversation in the effort"),
               harm=40, **CONVERSATION)
def effort_first_conversation(facts, as_of, rule, rule_set):
    effort = effort_on(facts, as_of)
    if effort is None or effort.first_conversation_days is None:
        return []
    start = facts.first_approach or _effort_start(facts, effort, as_of)
    raw_due = start + datetime.timedelta(days=effort.first_conversation_days)
    held = facts.held_conversations(start, as_of)
    return [obligation(rule, facts, rule_set, raw_due=raw_due, met=bool(held), as_of=as_of, explain=lambda: _(
        "%(effort)s (draft): the first conversation within %(days)s days of %(start)s, by %(due)s."
    ) % {"effort": effort.label, "days": effort.first_conversation_days, "start": format_day(start),
         "due": format_day(deadline(raw_due))})]


@REGISTRY.rule("reform2027", id="effort_conversations", title=gettext_lazy("Conversations in the first six months"),
               harm=50, **CONVERSATION)
def effort_conversations(facts, as_of, rule, rule_set):
    effort = effort_on(facts, as_of)
    if effort is None or not effort.conversations_in_six_months:
        return []
    start = _effort_start(facts, effort, as_of)
    end = deadline(add_months(start, 6))
    held = facts.held_conversations(start, end)
    needed = effort.conversations_in_six_months
    if len(held) < needed and facts.group_on(as_of) in QUOTA_GROUPS and facts.outside_contact_quota(as_of):
        return [obligation(rule, facts, rule_set, due=end, met=False, as_of=as_of, status=Status.EXEMPT,
                           explain=lambda: _("The kommune decided that %(name)s is among the up to 25 %% exempted "
                                             "from job conversations and offers.") % {"name": facts.first_name})]
    status = Status.MISSED if as_of > end and len(held) < needed else None
    return [obligation(rule, facts, rule_set, due=end, met=len(held) >= needed, as_of=as_of, status=status,
                       explain=lambda: _("%(effort)s (draft): at least %(needed)s conversations from %(start)s to "
                                         "%(end)s; %(count)s held.") % {
                           "effort": effort.label, "needed": needed, "start": format_day(start), "end": format_day(end),
                           "count": len(held)})]


@REGISTRY.rule("reform2027", id="effort_offer", title=gettext_lazy("An offer in the effort"), source=SOURCE,
               kind=Kind.OFFER, harm=20, exemptable=True, before_takeover="drop")
def effort_offer(facts, as_of, rule, rule_set):
    effort = effort_on(facts, as_of)
    if not facts.offers_known or effort is None or effort.offer_within_months is None:
        return []
    start = _effort_start(facts, effort, as_of)
    raw_due = add_months(start, effort.offer_within_months)
    met = bool(offer_lasting(facts, start, deadline(raw_due), excluded=NEVER_RET_OG_PLIGT))
    return [obligation(rule, facts, rule_set, raw_due=raw_due, met=met, as_of=as_of, explain=lambda: _(
        "%(effort)s (draft): an offer of at least two weeks within %(months)s months of %(start)s, by %(due)s."
    ) % {"effort": effort.label, "months": effort.offer_within_months, "start": format_day(start),
         "due": format_day(deadline(raw_due))})]
