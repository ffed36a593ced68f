"""Appointments a provider proposes through the API (`AppointmentProposal`), and the caseworker's side of them: the
open proposals in the case file and in the responsible caseworker's worklist, booked with the normal booking
and then marked handled (booked or declined)."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhed.api.models import AppointmentProposal
from helhed.citizens.access import get_access
from helhed.citizens.casefile import MAIN, OVERVIEW, Section, register_section
from helhed.citizens.readlog import log_citizens_shown
from helhed.citizens.services import check_case_date
from helhed.citizens.worklist import WorklistSource, register_source
from helhed.contact.models import Appointment
from helhed.contact.services.appointments import MAX_DURATION_MINUTES
from helhed.core.models import Role
from helhed.core.views import staff_required

State = AppointmentProposal.State
MAX_PURPOSE, MAX_PLACE = 2000, 200


def _aware(value: datetime.datetime, field: str) -> datetime.datetime:
    check_case_date(value.date(), field)  # first: a year like 1 or 9999 overflows in the zone arithmetic
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def propose(*, client, referral, starts_at: datetime.datetime, ends_at: datetime.datetime, channel: str,
            place: str, purpose: str) -> AppointmentProposal:
    """A provider's proposal of a time to meet the citizen of a referral it runs. Text is kept as written (it is
    shown escaped)."""
    # Whole minutes, as the booking form books them (so the booked appointment is found to be this proposal).
    starts_at = _aware(starts_at, "starts_at").replace(second=0, microsecond=0)
    ends_at = _aware(ends_at, "ends_at").replace(second=0, microsecond=0)
    purpose, place = (purpose or "").strip(), (place or "").strip()
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = _("Propose a time ahead.")
    if not datetime.timedelta(minutes=5) <= ends_at - starts_at <= datetime.timedelta(minutes=MAX_DURATION_MINUTES):
        errors["ends_at"] = _("An appointment lasts between 5 minutes and 12 hours.")
    if channel not in Appointment.Channel.values:
        errors["channel"] = _("Unknown way of meeting.")
    if not purpose:
        errors["purpose"] = _("Write what the meeting is for.")
    if len(purpose) > MAX_PURPOSE or len(place) > MAX_PLACE:
        errors["purpose" if len(purpose) > MAX_PURPOSE else "place"] = _("The text is too long.")
    if errors:
        raise ValidationError(errors)
    return AppointmentProposal.objects.create(
        municipality_id=referral.municipality_id, citizen_id=referral.citizen_id, referral=referral, client=client,
        starts_at=starts_at, ends_at=ends_at, channel=channel, place=place, purpose=purpose)


@transaction.atomic
def mark_handled(*, staff, proposal: AppointmentProposal, state: str) -> AppointmentProposal:
    proposal = AppointmentProposal.objects.select_for_update().get(pk=proposal.pk)
    if state not in (State.BOOKED, State.DECLINED):
        raise ValidationError({"state": _("Say whether the proposal was booked or declined.")})
    if proposal.state != State.PROPOSED:
        raise ValidationError(_("The proposal is handled already."))
    proposal.state, proposal.handled_by, proposal.handled_at = state, staff, timezone.now()
    proposal.save(update_fields=["state", "handled_by", "handled_at"])
    return proposal


@receiver(post_save, sender=Appointment, dispatch_uid="api.proposals.booked")
def _booked_from_proposal(sender, instance, created, raw=False, **kwargs):
    """An appointment booked for the citizen at a proposed time is that proposal, booked: the caseworker books with
    the normal booking (from "Book it", day, time and way of meeting filled in) and nothing more to mark."""
    if raw or not created or instance.status != Appointment.Status.BOOKED:
        return
    first = (AppointmentProposal.objects.filter(citizen_id=instance.citizen_id, starts_at=instance.starts_at,
                                                state=State.PROPOSED).order_by("pk").values_list("pk", flat=True)[:1])
    AppointmentProposal.objects.filter(pk__in=list(first), state=State.PROPOSED).update(
        state=State.BOOKED, handled_by_id=instance.booked_by_id, handled_at=timezone.now(), appointment=instance)


def open_proposals(citizens):
    return (AppointmentProposal.objects.filter(citizen__in=citizens, state=State.PROPOSED)
            .select_related("client__organisation", "citizen").order_by("starts_at", "pk"))


def booking_url(proposal: AppointmentProposal) -> str:
    """The normal booking, at the proposed day, time and way of meeting."""
    starts = timezone.localtime(proposal.starts_at)
    query = urlencode({"dato": starts.date().isoformat(), "tid": starts.strftime("%H:%M"), "kanal": proposal.channel})
    return f"{reverse('contact:appointment_book', kwargs={'pk': proposal.citizen_id})}?{query}"


# --- The case file and the worklist ---------------------------------------------------------------------------------

def _section_context(request, access):
    proposals = list(open_proposals([access.citizen])[:20])
    channels = dict(Appointment.Channel.choices)
    for proposal in proposals:
        proposal.booking_url = booking_url(proposal)
        proposal.channel_label = channels.get(proposal.channel, proposal.channel)
    return {"api_proposals": proposals, "api_proposals_handle": access.can_write}


register_section(Section("api_proposals", "api/proposals_section.html", OVERVIEW, MAIN, order=29,
                         context=_section_context, visible=lambda access: access.can_write))


def _worklist_context(request):
    proposals = list(AppointmentProposal.objects.filter(
        state=State.PROPOSED, citizen__cases__status="open", citizen__cases__responsible=request.staff)
        .select_related("client__organisation", "citizen").order_by("starts_at", "pk")[:50])
    shown = log_citizens_shown(request=request, citizens={p.citizen for p in proposals}, page="casefile:worklist")
    return {"api_worklist_proposals": [p for p in proposals if p.citizen_id in shown]}


register_source(WorklistSource(key="api_proposals", template="api/proposals_worklist.html", context=_worklist_context,
                               roles=frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER}), order=40))


# --- The caseworker marks a proposal handled ------------------------------------------------------------------------

@staff_required
@require_POST
def proposal_handled(request, pk, proposal_pk):
    access = get_access(request.staff, pk, write=True)
    proposal = get_object_or_404(AppointmentProposal, pk=proposal_pk, citizen=access.citizen)
    try:
        mark_handled(staff=request.staff, proposal=proposal, state=request.POST.get("state", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The proposal is marked as handled."))
    return redirect("casefile:overview", pk=pk)
