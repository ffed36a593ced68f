"""Writes for the outreach office: places and offices, drop-in contacts, groups, sessions and attendance, and the
residents' consent to share data with the housing social plan."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.citizens import services as citizen_services
from helhed.citizens.access import get_access, visible_citizens
from helhed.citizens.models import Citizen, Consent
from helhed.citizens.services import check_case_date
from helhed.contact.models import JournalNote, MeetingPlace
from helhed.contact.services.journal import add_journal_note
from helhed.core.models import OrganisationUnit, StaffMember
from helhed.core.validation import field_text
from helhed.outreach.models import Attendance, DropIn, Group, GroupSession, OutreachOffice
from helhed.plans.services import add_small_step

MAX_DROP_IN_COUNT = 200
MAX_ANONYMOUS = 500


@transaction.atomic
def create_office(
    *, municipality, name: str, address: str, postal_code: str = "", city: str = "", opening_days=(),
    opens_at: datetime.time | None = None, closes_at: datetime.time | None = None, staff_on_duty=(),
    housing_plan: OrganisationUnit | None = None, area_postal_codes: str = "", area_streets: str = "",
) -> OutreachOffice:
    """An outreach office: the meeting place (booked from the list in contact) and the area it serves."""
    if housing_plan is not None and (housing_plan.municipality_id != municipality.pk
                                     or housing_plan.kind != OrganisationUnit.Kind.SOCIAL_HOUSING_PLAN):
        raise ValidationError({"housing_plan": _("Choose a housing social plan in the municipality.")})
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The office closes after it opens.")})
    place = MeetingPlace.objects.create(
        municipality=municipality, name=name.strip(), kind=MeetingPlace.Kind.OUTREACH_OFFICE, address=address.strip(),
        postal_code=postal_code.strip(), city=city.strip(), opening_days=sorted({int(d) for d in opening_days}),
        opens_at=opens_at, closes_at=closes_at,
    )
    place.staff_on_duty.set([s for s in staff_on_duty if s.municipality_id == municipality.pk])
    return OutreachOffice.objects.create(municipality=municipality, place=place, housing_plan=housing_plan,
                                         area_postal_codes=area_postal_codes, area_streets=area_streets)


def _check_day(day: datetime.date, field: str = "on") -> None:
    check_case_date(day, field)
    if day > timezone.localdate():
        raise ValidationError({field: _("Register a contact on the day it happened, not ahead.")})


@transaction.atomic
def register_drop_in(*, staff: StaffMember, office: OutreachOffice, topic: str, count: int = 1,
                     on: datetime.date | None = None, citizen: Citizen | None = None, note: str = "") -> DropIn:
    """Residents came by. Without a citizen: a count only ("3 came by for help with a CV"), no names. With a
    citizen: one contact, and a journal note in the citizen's case, for staff who may write to that case."""
    on = on or timezone.localdate()
    _check_day(on)
    if office.municipality_id != staff.municipality_id:
        raise ValidationError(_("Unknown outreach office."))
    if topic not in DropIn.Topic.values:
        raise ValidationError({"topic": _("Choose what the contact was about.")})
    if citizen is None:
        if not 1 <= (count or 0) <= MAX_DROP_IN_COUNT:
            raise ValidationError({"count": _("Give how many came by (1 to %(max)d).") % {"max": MAX_DROP_IN_COUNT}})
        return DropIn.objects.create(municipality=office.municipality, office=office, on=on, count=count, topic=topic,
                                     registered_by=staff)
    get_access(staff, citizen.pk, write=True)  # a reason to see the citizen, which allows writing to the case
    note = field_text(note, "note", max_length=2000)
    text = _("Came by %(place)s without an appointment (%(topic)s).") % {
        "place": office.place.name, "topic": DropIn.Topic(topic).label}
    add_journal_note(staff=staff, citizen=citizen, text="\n\n".join(t for t in (text, note) if t), occurred_on=on,
                     kind=JournalNote.Kind.CONVERSATION)
    return DropIn.objects.create(municipality=citizen.municipality, office=office, on=on, count=1, topic=topic,
                                 citizen=citizen, registered_by=staff)


def create_group(*, staff: StaffMember, office: OutreachOffice, name: str, kind: str, facilitator: StaffMember,
                 partner: OrganisationUnit | None = None, description: str = "") -> Group:
    name = field_text(name, "name", max_length=200)
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    if kind not in Group.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of group.")})
    for obj, field in ((office, "office"), (facilitator, "facilitator"), (partner, "partner")):
        if obj is not None and obj.municipality_id != staff.municipality_id:
            raise ValidationError({field: _("Choose from the municipality's own.")})
    return Group.objects.create(municipality=office.municipality, office=office, name=name, kind=kind,
                                facilitator=facilitator, partner=partner,
                                description=field_text(description, "description", max_length=2000))


def add_session(*, staff: StaffMember, group: Group, starts_at: datetime.datetime, duration_minutes: int = 90,
                note: str = "") -> GroupSession:
    check_case_date(timezone.localdate(starts_at), "starts_at")
    if not 10 <= duration_minutes <= 8 * 60:
        raise ValidationError({"duration_minutes": _("A session lasts between 10 minutes and 8 hours.")})
    return GroupSession.objects.create(municipality=group.municipality, group=group, starts_at=starts_at,
                                       duration_minutes=duration_minutes,
                                       note=field_text(note, "note", max_length=300))


def set_anonymous_count(*, staff: StaffMember, session: GroupSession, anonymous_count: int) -> GroupSession:
    if not 0 <= anonymous_count <= MAX_ANONYMOUS:
        raise ValidationError({"anonymous_count": _("Give a count from 0 to %(max)d.") % {"max": MAX_ANONYMOUS}})
    session.anonymous_count = anonymous_count
    session.save(update_fields=["anonymous_count"])
    return session


def small_step_text(session: GroupSession) -> str:
    return _("Took part in %(group)s on %(date)s.") % {
        "group": session.group.name, "date": date_format(session.day, "SHORT_DATE_FORMAT")}


@transaction.atomic
def register_attendance(*, staff: StaffMember, session: GroupSession, citizen: Citizen,
                        to_plan: bool = False) -> Attendance:
    """A registered citizen took part. With the citizen's agreement (`to_plan`) the attendance is also a small step
    in the plan's log (and is listed as a stabilising activity); without it, it stays with the group."""
    if not visible_citizens(staff).filter(pk=citizen.pk).exists():
        raise ValidationError({"citizen": _("Only citizens you have a reason to see can be registered by name.")})
    if session.municipality_id != citizen.municipality_id:
        raise ValidationError({"citizen": _("Only citizens you have a reason to see can be registered by name.")})
    if to_plan and session.day > timezone.localdate():
        raise ValidationError({"to_plan": _("A small step is something that has happened: register it on the day.")})
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(municipality=citizen.municipality, session=session,
                                                   citizen=citizen, to_plan=to_plan, registered_by=staff)
    except IntegrityError:
        raise ValidationError({"citizen": _("The citizen is already registered for this session.")}) from None
    if to_plan:
        attendance.small_step = add_small_step(staff=staff, citizen=citizen, text=small_step_text(session),
                                               happened_on=session.day)
        attendance.save(update_fields=["small_step"])
    return attendance


def remove_attendance(*, staff: StaffMember, attendance: Attendance) -> None:
    """Registered by mistake: the row goes (a small step already noted stays in the plan's log, as written)."""
    attendance.delete()


def record_housing_consent(*, staff: StaffMember, office: OutreachOffice, citizen: Citizen,
                           given_on: datetime.date | None = None) -> Consent:
    """The resident's consent to pass information on to the housing social plan (forvaltningsloven § 28), which the
    law asks for before anything about the citizen is shared with the plan's staff by name."""
    if office.housing_plan is None:
        raise ValidationError(_("The office has no housing social plan to share with."))
    get_access(staff, citizen.pk, write=True)
    return citizen_services.record_consent(
        staff=staff, citizen=citizen, recipient_unit=office.housing_plan,
        legal_basis=Consent.LegalBasis.FORVALTNINGSLOVEN_28, given_on=given_on or timezone.localdate(),
        purpose=_("Cooperation with %(plan)s about job and education in the outreach employment effort at "
                  "%(place)s.") % {"plan": office.housing_plan.name, "place": office.place.name},
    )
