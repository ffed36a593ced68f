"""What offers registers: every offer as a fact for the legal rules (so §§ 61, 102, 105, 112 and 167 run), the
offers on the overview and the team view, the employers in the menu, the citizen's offers and wishes as personal
data, and page titles."""

from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import TEAM, NeedToKnowReason, register_reason
from helhed.citizens.casefile import MAIN, OVERVIEW, TEAM_VIEW, Section, register_section
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role
from helhed.offers.models import (
    Attendance,
    HoursAdjustment,
    InternshipWishes,
    MentorTime,
    Offer,
    OfferExtension,
    Referral,
    ReferralEvent,
)
from helhed.offers.selectors import citizen_referrals, may_arrange_offers
from helhed.rules.facts import Offer as OfferFact
from helhed.rules.facts import register_provider

# The kind each offer is to the rules (rules/catalogue.py): both wage subsidies are "loentilskud".
RULE_KIND = {
    Offer.Kind.INTERNSHIP: "virksomhedspraktik", Offer.Kind.WAGE_SUBSIDY_PRIVATE: "loentilskud",
    Offer.Kind.WAGE_SUBSIDY_PUBLIC: "loentilskud", Offer.Kind.GUIDANCE: "vejledning", Offer.Kind.MENTOR: "mentor",
    Offer.Kind.ORDINARY_HOURS: "ordinaere_timer",
}


def offers_for(citizen_ids):
    """Each offer as the rules read it: kind, first day, the day it ends (ended early, else planned), and how many
    times it was extended, with the latest reason."""
    latest_reason = OfferExtension.objects.filter(offer=OuterRef("pk")).order_by("-decided_at", "-pk").values("reason")
    rows = (Offer.objects.filter(citizen_id__in=citizen_ids)
            .annotate(extension_count=Count("extensions"), latest_reason=Subquery(latest_reason[:1]))
            .values_list("citizen_id", "kind", "start", "end", "ended_on", "extension_count", "latest_reason"))
    facts = defaultdict(list)
    for citizen_id, kind, start, end, ended_on, extensions, reason in rows:
        facts[citizen_id].append(OfferFact(RULE_KIND[kind], start, ended_on or end, reason or "", extensions))
    return facts


register_provider("offers", offers_for)

REFERRED = "referred_to_provider"


def _referred_rows(staff, today):
    """A mentor sees the citizens referred to their provider while the referral runs: theirs, or not yet taken."""
    if not staff.has_role(Role.MENTOR) or not staff.unit_id:
        return None
    return Referral.objects.filter(provider_id=staff.unit_id, state__in=Referral.OPEN).filter(
        Q(mentor=staff) | Q(mentor__isnull=True))


register_reason(NeedToKnowReason(
    code=REFERRED, label=_("Referred to your provider"), level=TEAM, rank=55, rows=_referred_rows,
    acting_role=lambda staff: Role.MENTOR, meet=True,
    how_to_get=_("The citizen is referred to your provider, to you or not yet to a named mentor."),
))


def _referrals_context(request, access):
    return {"citizen_referral_list": citizen_referrals(access.citizen, timezone.localdate()),
            "may_refer": access.can_write}


register_section(Section("referrals", "offers/sections/referrals.html", OVERVIEW, MAIN, order=28,
                         context=_referrals_context))
register_section(Section("referrals", "offers/sections/referrals.html", TEAM_VIEW, MAIN, order=21, level=TEAM,
                         context=_referrals_context, visible=lambda access: access.works_with_citizen))


def _offers_context(request, access):
    offers = list(Offer.objects.filter(citizen=access.citizen).select_related("employer")[:6])
    return {"citizen_offer_list": offers, "may_arrange_offers": may_arrange_offers(request.staff, access)}


register_section(Section("offers", "offers/sections/offers.html", OVERVIEW, MAIN, order=27,
                         context=_offers_context))
register_section(Section("offers", "offers/sections/offers.html", TEAM_VIEW, MAIN, order=20, level=TEAM,
                         context=_offers_context, visible=lambda access: access.works_with_citizen))

register_menu_item(MenuItem("offers:employers", _("Employers"), order=45,
                            roles=frozenset({Role.JOB_BROKER, Role.CASEWORKER, Role.COORDINATING_CASEWORKER,
                                             Role.TEAM_LEADER})))

register_menu_item(MenuItem("offers:providers", _("Supervision of providers"), order=66,
                            roles=frozenset({Role.TEAM_LEADER})))

declare(PersonalData(Offer, "citizen", DELETE, order=70))
declare(PersonalData(OfferExtension, "citizen", DELETE, order=71))
declare(PersonalData(HoursAdjustment, "citizen", DELETE, order=72))
declare(PersonalData(InternshipWishes, "citizen", DELETE, order=73))
declare(PersonalData(Referral, "citizen", DELETE, order=74))
declare(PersonalData(ReferralEvent, "citizen", DELETE, order=75))
declare(PersonalData(MentorTime, "citizen", DELETE, order=76))
declare(PersonalData(Attendance, "citizen", DELETE, order=77))

for name, title in {
    "offers:citizen_offers": _("Offers"),
    "offers:wishes": _("Wishes for an internship"),
    "offers:internship_match": _("Find an internship place"),
    "offers:internship_create": _("Create an internship"),
    "offers:internship_found_place": _("Internship at a place the citizen found"),
    "offers:other_offer": _("Another offer"),
    "offers:extend": _("Extend the offer"),
    "offers:adjust_hours": _("Change the hours"),
    "offers:midway": _("Midway follow-up"),
    "offers:end": _("End the offer"),
    "offers:documentation": _("Documentation of the offer"),
    "offers:referral_add": _("Refer to a provider"),
    "offers:referral": _("Referral"),
    "offers:referral_move": _("Referral"),
    "offers:mentor_time": _("Register time"),
    "offers:attendance": _("Register attendance"),
    "offers:progress": _("Progress report"),
}.items():
    register_page_title(name, title)
