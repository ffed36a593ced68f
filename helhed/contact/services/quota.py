"""The 25 % decisions (reform 2026, lov nr. 1750 af 29/12/2025): "kommunen kan undtage op til 25 pct. af personerne
fra jobsamtaler og tilbud, som kommunen vurderer selv kan komme i job" — recorded per citizen, who, when and why."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.citizens.models import Citizen, TargetGroup
from helhed.citizens.selectors import group_on
from helhed.citizens.services import check_case_date
from helhed.citizens.signals import citizen_facts_changed
from helhed.contact import selectors
from helhed.contact.models import QuotaDecision
from helhed.contact.models.quota import MAX_REASON_LENGTH
from helhed.core.models import StaffMember
from helhed.rules.engine import POPULATION_75


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


@transaction.atomic
def record_quota_decision(*, staff: StaffMember, citizen: Citizen, reason: str,
                          valid_from: datetime.date | None = None) -> QuotaDecision:
    """Exempt the citizen from job conversations and offers from `valid_from` (today by default), as one of the up
    to 25 % the kommune judges able to find a job themselves. Only from the reform on, only for target groups 1, 2
    and 9 today, with a reason, and not while another decision is in force."""
    today = timezone.localdate()
    valid_from = valid_from or today
    starts = selectors.quota_starts()
    if today < starts or valid_from < starts:
        raise ValidationError({"valid_from": ValidationError(_(
            "Decisions to exempt up to 25 %% of citizens from job conversations and offers can be made from "
            "%(day)s, when the reform takes effect (lov nr. 1750 af 29/12/2025)."
        ) % {"day": _day(starts)}, code="before_reform")})
    check_case_date(valid_from)
    group = group_on(citizen, today)
    if group not in POPULATION_75:
        raise ValidationError(_(
            "Only citizens on unemployment benefit (dagpenge), job-ready cash benefit (jobparat kontanthjælp) or "
            "flex-job benefit (ledighedsydelse) — target groups 1, 2 and 9 — can be exempted. The citizen's target "
            "group today is %(group)s."
        ) % {"group": TargetGroup(group).label if group in TargetGroup.values else _("not recorded")},
            code="target_group")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_(
            "Give the reason: why does the kommune judge that the citizen can find a job on their own?"),
            code="reason")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": ValidationError(_(
            "The reason is too long (at most %(max)d characters).") % {"max": MAX_REASON_LENGTH}, code="reason")})
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()  # one decision at a time per citizen
    current = (QuotaDecision.objects.filter(citizen=citizen)
               .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)).order_by("valid_from").first())
    if current is not None:
        raise ValidationError(_(
            "A decision already exempts the citizen from %(day)s. End it before recording a new one."
        ) % {"day": _day(current.valid_from)}, code="in_force")
    try:
        with transaction.atomic():
            decision = QuotaDecision.objects.create(
                municipality_id=citizen.municipality_id, citizen=citizen, reason=reason, valid_from=valid_from,
                decided_by=staff,
            )
    except IntegrityError:  # a decision recorded at the same moment by someone else
        raise ValidationError(_("A decision already exempts the citizen. End it before recording a new one."),
                              code="in_force")
    citizen_facts_changed(citizen)
    return decision


@transaction.atomic
def end_quota_decision(*, staff: StaffMember, citizen: Citizen, on: datetime.date | None = None) -> QuotaDecision:
    """End the citizen's open decision: `on` (today by default) is the last day it holds; from the next day the
    citizen is among the 75 % again."""
    on = on or timezone.localdate()
    check_case_date(on, "on")
    decision = QuotaDecision.objects.select_for_update().filter(citizen=citizen, valid_to__isnull=True).first()
    if decision is None:
        raise ValidationError(_("No decision exempts the citizen, so there is none to end."), code="none_in_force")
    if on < decision.valid_from:
        raise ValidationError({"on": ValidationError(_(
            "The decision holds from %(day)s and cannot end before it starts.") % {"day": _day(decision.valid_from)},
            code="before_start")})
    decision.valid_to = on
    decision.ended_by = staff
    decision.ended_at = timezone.now()
    decision.save(update_fields=["valid_to", "ended_by", "ended_at"])
    citizen_facts_changed(citizen)
    return decision
