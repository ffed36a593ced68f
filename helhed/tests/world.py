"""A small municipality in which every role has exactly one citizen it may see ("own"), one it may not ("other"),
and a third citizen lives in another municipality ("foreign"). Used by the permission matrix and the crawl."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from helhed.audit.models import StatedReasonAccess
from helhed.citizens import services as citizen_services
from helhed.citizens.models import Citizen, Consent
from helhed.contact.models import Appointment, CalendarFeed
from helhed.contact.models.feeds import token_hash
from helhed.contact.services.appointments import book_appointment
from helhed.contact.services.journal import add_journal_note, upload_document
from helhed.coordination.models import CaseTeamMember
from helhed.coordination.services import add_team_member
from helhed.core.models import Municipality, OrganisationUnit, Role, StaffMember, StaffRole
from helhed.meetings.models import Action, ExternalParticipant, Meeting, Task, TaskMessage
from helhed.offers import referrals
from helhed.offers import services as offer_services
from helhed.offers.models import Offer, Referral, Sector
from helhed.outreach import services as outreach_services
from helhed.portal.models import AbsenceNotice, Attachment, MoveRequest, Thread
from helhed.portal.models import Message as PortalMessage
from helhed.programmes import services as programme_services
from helhed.programmes.models import Enrolment
from helhed.sanctions.models import Hearing, Letter, SanctionCase

PASSWORD = "test-password-123"
ROLES = [r.value for r in Role]
K = OrganisationUnit.Kind


@dataclass
class World:
    staff: dict = field(default_factory=dict)  # role -> StaffMember
    own: Citizen | None = None
    other: Citizen | None = None
    foreign: Citizen | None = None
    objects: dict = field(default_factory=dict)  # names of related objects per citizen, for URL arguments


def _staff(municipality, unit, username, roles, first="Test", last="Person"):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=first, last_name=last)
    staff = StaffMember.objects.create(user=user, municipality=municipality, unit=unit)
    for role in roles:
        StaffRole.objects.create(staff=staff, role=role)
    return staff


def _citizen(staff, cpr, first, last):
    return citizen_services.create_citizen(
        staff=staff, cpr=cpr, first_name=first, last_name=last, target_group="3",
        target_group_from=datetime.date(2025, 1, 6), target_group_reason="Visiteret aktivitetsparat.",
    )


def _related(world_objects, citizen, staff):
    note = add_journal_note(staff=staff, citizen=citizen, text="Samtale holdt; aftalt næste skridt.")
    marker = citizen_services.set_safety_marker(
        staff=staff, citizen=citizen, reason="Mød borgeren to sammen.",
        review_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    document = upload_document(staff=staff, citizen=citizen, title="Lægeerklæring",
                               file=SimpleUploadedFile("le.pdf", b"%PDF-1.4\n%%EOF"))
    appointment = book_appointment(staff=staff, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=3))
    offer = offer_services.create_offer(
        staff=staff, citizen=citizen, kind=Offer.Kind.MENTOR, start=timezone.localdate(),
        end=timezone.localdate() + datetime.timedelta(days=90), minutes_per_week=120, purpose="Følge til lægen.")
    world_objects[citizen.pk] = {"note_pk": note.pk, "marker_pk": marker.pk, "document_pk": document.pk,
                                 "apk": appointment.pk, "offer_pk": offer.pk, **_portal(citizen, staff, appointment)}


def _portal(citizen, staff, appointment) -> dict:
    """What the citizen sent through the portal, and an open hearing: a thread with an attachment, a move request."""
    m = citizen.municipality_id
    thread = Thread.objects.create(municipality_id=m, citizen=citizen, subject="Min aftale")
    message = PortalMessage.objects.create(municipality_id=m, thread=thread, body="Kan vi flytte mødet?")
    attachment = Attachment(municipality_id=m, message=message, original_name="seddel.pdf", size=14,
                            content_type="application/pdf", extension="pdf")
    attachment.file.save("seddel", ContentFile(b"%PDF-1.4\n%%EOF"), save=True)
    move = MoveRequest.objects.create(municipality_id=m, citizen=citizen, appointment=appointment, reason="Jeg er syg.")
    notice = AbsenceNotice.objects.create(municipality_id=m, citizen=citizen, appointment=appointment, kind="ill")
    case = SanctionCase.objects.create(
        municipality_id=m, citizen=citizen, summary="Udeblivelse fra jobsamtale.", source="jobsamtale", ground="37",
        event_on=timezone.localdate() - datetime.timedelta(days=9), stage="hearing")
    letter = Letter.objects.create(municipality_id=m, citizen=citizen, case=case, kind=Letter.Kind.HEARING,
                                   language="da", subject="Vi vil høre dig", paragraphs=["Hej"], created_by=staff)
    hearing = Hearing.objects.create(municipality_id=m, citizen=citizen, case=case, sent_on=timezone.localdate(),
                                     deadline=timezone.localdate() + datetime.timedelta(days=14), letter=letter,
                                     sent_by=staff)
    return {"thread_pk": thread.pk, "attachment_pk": attachment.pk, "request_pk": move.pk, "notice_pk": notice.pk, "hearing_pk": hearing.pk}


def build_world() -> World:
    """Call with settings.MEDIA_ROOT pointing at a temporary directory (see the `media` fixtures)."""
    world = World()
    m = Municipality.objects.create(code="999", name="Fjordby Kommune")
    units = {
        kind: OrganisationUnit.objects.create(municipality=m, name=name, kind=kind)
        for kind, name in [(K.EMPLOYMENT, "Job & Aktivhuset"), (K.BENEFITS_SANCTIONS, "Ydelse og Sanktion"),
                           (K.SOCIAL_HOUSING_PLAN, "Boligsocialt Hus"), (K.PROVIDER, "Brobyg Mentorhus")]
    }
    unit_for = {Role.MENTOR: units[K.PROVIDER], Role.PARTNER: units[K.SOCIAL_HOUSING_PLAN],
                Role.SANCTION_OFFICER: units[K.BENEFITS_SANCTIONS]}
    for role in ROLES:
        roles = [Role.CASEWORKER, role] if role == Role.COORDINATING_CASEWORKER else [role]
        world.staff[role] = _staff(m, unit_for.get(role, units[K.EMPLOYMENT]), role, roles, first=role.title())
    cw = world.staff[Role.CASEWORKER]
    world.own = _citizen(cw, "1502851234", "Søren", "Ågård")
    colleague = _staff(m, units[K.EMPLOYMENT], "kollega", [Role.CASEWORKER])
    world.other = _citizen(colleague, "0202902345", "Mette", "Holm")
    m2 = Municipality.objects.create(code="998", name="Bakkeby Kommune")
    stranger = _staff(m2, OrganisationUnit.objects.create(municipality=m2, name="Jobcenter", kind=K.EMPLOYMENT),
                      "fremmed", [Role.CASEWORKER])
    world.foreign = _citizen(stranger, "0303903456", "Aziz", "Hamdi")
    for citizen, author in [(world.own, cw), (world.other, colleague), (world.foreign, stranger)]:
        _related(world.objects, citizen, author)

    # Every reason, for the "own" citizen.
    R = CaseTeamMember.TeamRole
    for role, team_role in [(Role.COORDINATING_CASEWORKER, R.COORDINATING_CASEWORKER), (Role.MENTOR, R.MENTOR),
                            (Role.JOB_BROKER, R.JOB_BROKER), (Role.PARTNER, R.PARTNER)]:
        membership = add_team_member(staff=cw, citizen=world.own, member=world.staff[role], role=team_role,
                                     valid_from=datetime.date(2025, 2, 1))
    world.objects[world.own.pk]["member_pk"] = membership.pk
    # The mentor takes part in the own citizen's appointment (and may mark it held); the job broker does not.
    Appointment.objects.get(pk=world.objects[world.own.pk]["apk"]).other_staff.add(world.staff[Role.MENTOR])
    token = "world-feed-token"
    feed = CalendarFeed.objects.create(municipality=m, staff=cw, token_hash=token_hash(token), created_by=cw)
    world.objects.update(feed_pk=feed.pk, token=token)
    consent = citizen_services.record_consent(
        staff=cw, citizen=world.own, purpose="Samarbejde om bolig og økonomi.",
        legal_basis=Consent.LegalBasis.GDPR_CONSENT, given_on=datetime.date(2025, 2, 1),
        recipient_unit=units[K.SOCIAL_HOUSING_PLAN],
    )
    world.objects[world.own.pk]["consent_pk"] = consent.pk
    case = SanctionCase.objects.create(
        municipality=m, citizen=world.own, referred_to=world.staff[Role.SANCTION_OFFICER], referred_by=cw,
        summary="Udeblivelse fra jobsamtale.", source="jobsamtale", ground="37",
        event_on=timezone.localdate() - datetime.timedelta(days=5), stage="referred")
    letter = Letter.objects.create(municipality=m, citizen=world.own, case=case, kind=Letter.Kind.HEARING,
                                   language="da", subject="Dit fravær", paragraphs=["Kære Søren"], created_by=cw)
    world.objects[world.own.pk].update(case_pk=case.pk, letter_pk=letter.pk)
    gp = ExternalParticipant.objects.create(municipality=m, citizen=world.own, name="Lene Dahl", kind="gp",
                                            organisation="Lægehuset", added_by=cw)
    meeting = Meeting.objects.create(municipality=m, citizen=world.own, held_on=timezone.localdate(), organiser=cw,
                                     agenda=[{"text": "Ro på boligen", "by_citizen": True}], minutes="Vi talte om boligen.")
    meeting.externals.add(gp)
    action = Action.objects.create(municipality=m, citizen=world.own, meeting=meeting, text="Find en praktikplads",
                                   owner_staff=world.staff[Role.JOB_BROKER], due=timezone.localdate())
    task = Task.objects.create(municipality=m, citizen=world.own, subject="Boligstøtte?", owner=world.staff[Role.JOB_BROKER],
                               created_by=cw)
    TaskMessage.objects.create(municipality=m, citizen=world.own, task=task, author=cw, text="Kan du tjekke?")
    world.objects[world.own.pk].update(meeting_pk=meeting.pk, action_pk=action.pk, task_pk=task.pk)
    now = timezone.now()
    for role, kind in [(Role.TEAM_LEADER, StatedReasonAccess.Kind.BREAK_THE_GLASS),
                       (Role.DATA_PROTECTION, StatedReasonAccess.Kind.DATA_PROTECTION)]:
        access = StatedReasonAccess.objects.create(
            municipality=m, staff=world.staff[role], citizen=world.own, kind=kind, reason="Klage over sagsforløbet.",
            granted_at=now, expires_at=now + datetime.timedelta(minutes=60),
        )
    world.objects["access_pk"] = access.pk
    employer = offer_services.create_employer(staff=cw, name="Fjordby Byggemarked", cvr="13585628",
                                              sector=Sector.RETAIL, postcode="7100")
    place = offer_services.create_place(staff=cw, employer=employer, title="Lagermedhjælper",
                                        tasks="Varemodtagelse og opfyldning af hylder.", capacity=2)
    world.objects.update(employer_pk=employer.pk, place_pk=place.pk)
    referral = referrals.create_referral(
        staff=cw, citizen=world.own, provider=units[K.PROVIDER], service="Mentorstøtte",
        order_text="Følg Søren til udredning i klinikken.", granted_minutes_per_week=120,
        valid_from=timezone.localdate() - datetime.timedelta(days=7),
        valid_to=timezone.localdate() + datetime.timedelta(days=90))
    referrals.move_referral(staff=cw, referral=referral, to_state=Referral.State.SENT)
    referrals.move_referral(staff=world.staff[Role.MENTOR], referral=referral, to_state=Referral.State.ACCEPTED)
    world.objects[world.own.pk]["referral_pk"] = referral.pk
    world.objects["provider_pk"] = units[K.PROVIDER].pk
    office = outreach_services.create_office(
        municipality=m, name="Østparkens Jobcafé", address="Østparken 12", postal_code="8220", opening_days=[1, 3],
        staff_on_duty=[cw], housing_plan=units[K.SOCIAL_HOUSING_PLAN], area_postal_codes="8220")
    group = outreach_services.create_group(staff=cw, office=office, name="Gåholdet", kind="walking", facilitator=cw,
                                           partner=units[K.SOCIAL_HOUSING_PLAN])
    session = outreach_services.add_session(staff=cw, group=group,
                                            starts_at=timezone.now() - datetime.timedelta(days=1))
    world.objects.update(office_pk=office.pk, group_pk=group.pk, session_pk=session.pk)
    programme = programme_services.define_programme(
        staff=world.staff[Role.TEAM_LEADER], targets=[{"measure": "visited", "threshold": 100}],
        criterion={"target_groups": ["3"]}, data={
            "name": "Flere skal med 1", "funder": "STAR", "starts_on": timezone.localdate().replace(month=1, day=1),
            "ends_on": timezone.localdate().replace(month=12, day=31)})
    enrolment = Enrolment.objects.create(municipality=m, citizen=world.own, programme=programme,
                                         criterion=programme.criteria.first(), enrolled_on=timezone.localdate(),
                                         enrolled_by=world.staff[Role.TEAM_LEADER])
    world.objects.update(programme_pk=programme.pk, fmt="csv")
    world.objects[world.own.pk]["enrolment_pk"] = enrolment.pk
    return world
