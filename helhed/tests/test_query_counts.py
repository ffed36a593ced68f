"""Issue 12: the number of queries a page makes does not grow with the data.

Every GET page of the permission matrix (`test_permission_matrix.EXPECTED`) that someone may open is requested
by a role that may open it (`PAGES`), first in a small world and again after the same world has grown about
tenfold: ten times the citizens in each role's reach (three pages of "Mine borgere", more than the 40 citizens
per part of "Det skal ske") and ten times the rows about the same two citizens (journal notes, appointments
booked, held with agreements, not held with an absence and moved, a journal note corrected again and again, plan
versions and steps, signatures, scorings, small steps, documents, team members, consents, safety markers,
target-group and benefit periods, § 106 exemptions, § 36 offers, 25 % decisions, reminders, outbox messages,
stated-reason accesses, sanction cases, read-log rows), and more staff, units, calendar colleagues, feeds and
task-queue rows. The queries of the second request are counted (the first one warms caches, kept figures and the
session, and follows "my story first"); the large world may not need more of them than the small one. Run with
`-s` to see each page's counts and sizes (the size shows that the page grew with the data).

The worlds are built once for the module, in a transaction that is rolled back at the end: `build_world()` plus
one batch of rows, then nine more batches (`_batch`). What is written is committed as far as the application can
tell: on-commit callbacks run (`_committed`); the rules' stored results are computed once per world by the
nightly scan instead of after each write. WeasyPrint's layout is skipped while counting (`_LayoutSkipped`): the
PDF templates are rendered as always, and the layout makes no queries.

Each page is its own test id. A page whose count grows is marked `xfail(strict=True)` in `GROWS`, and its failure
message lists the queries that repeat. GET pages of the matrix that are not measured are in `LEFT_OUT` with the
reason; `test_every_page_of_the_permission_matrix_is_measured_or_left_out_with_a_reason` keeps the two lists
complete. (Routes that answer no one with 200 — `home`, `set_language`, `logout` and the POST-only routes — are
not pages.)
"""

import contextlib
import datetime
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from helhed.audit.models import StatedReasonAccess
from helhed.citizens import services as citizen_services
from helhed.citizens.access import visible_citizens
from helhed.citizens.models import AccessLogEntry, BenefitPeriod, Citizen, Consent
from helhed.contact.models import Appointment, JournalNote, OutboxMessage, QuotaDecision, Reminder
from helhed.contact.services import calendar_colleagues, calendar_feeds
from helhed.contact.services import reminders as reminder_services
from helhed.contact.services.appointments import (
    book_appointment,
    move_appointment,
    record_not_held,
    register_afterwards,
)
from helhed.contact.services.journal import add_journal_note, correct_journal_note, upload_document
from helhed.contact.tasks import send_due_reminders
from helhed.coordination.models import CaseTeamMember, RCSurvey
from helhed.coordination.rc_services import generate_answers
from helhed.coordination.services import (
    add_team_member,
    end_team_membership,
    offer_coordinator,
    record_coordinator_answer,
)
from helhed.core.models import OrganisationUnit, Role, StaffMember, StaffRole
from helhed.meetings.models import Action, ExternalParticipant, Meeting, Task, TaskMessage
from helhed.plans import services as plan_services
from helhed.plans.models import Plan, PlanStep, PlanVersion
from helhed.plans.selectors import builtin_instrument
from helhed.portal.tests.helpers import sign_in_as
from helhed.rules import services as rules_services
from helhed.rules.registry import REGISTRY
from helhed.sanctions import services as sanction_services
from helhed.sanctions.models import Letter as SanctionLetter
from helhed.sanctions.models import SanctionCase
from helhed.tests.test_permission_matrix import EXPECTED, RELATIONS
from helhed.tests.world import build_world

# The mark makes pytest-django set up the test database; the worlds live in the module fixture's own transaction.
pytestmark = pytest.mark.django_db

CW, CO, JB, MT, SO, TL, PA, DP, AD = (
    Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.JOB_BROKER, Role.MENTOR, Role.SANCTION_OFFICER,
    Role.TEAM_LEADER, Role.PARTNER, Role.DATA_PROTECTION, Role.ADMIN,
)
ANONYMOUS = "anonymous"
CITIZEN = "citizen"  # the own citizen, signed in to the portal
TEAM = CaseTeamMember.TeamRole
KIND = OrganisationUnit.Kind
LARGE_BATCHES = 9  # the small world holds one batch of rows, the large world ten
CASELOAD_PER_BATCH = 6  # the caseworker's citizens: 8 in the small world (with build_world's own), 62 in the large


# --- the world ------------------------------------------------------------------------------------------------------

@dataclass
class Ctx:
    world: object  # build_world(): one staff member per role, each with a reason for `own`
    own: Citizen  # target group 3: the § 36 offers, the mentor, the plan
    jobready: Citizen  # the caseworker's, target group 2: the 25 % decisions
    next_monday: datetime.date
    objects: dict = field(default_factory=dict)  # pks the pages' URLs need
    serial: int = 0  # for unique CPR numbers, user names and times

    def staff(self, role):
        return self.world.staff[role]

    def next(self) -> int:
        self.serial += 1
        return self.serial


def _cpr(n: int) -> str:
    """A valid CPR number of someone born in the 1970s (none of build_world's)."""
    return f"{1 + n % 28:02d}{1 + (n // 28) % 12:02d}7{n // 336 % 10}{1000 + n % 9000:04d}"


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _next_week_slot(ctx: Ctx) -> datetime.datetime:
    """A time next week (Monday to Friday, 8–16), a different one each call."""
    n = ctx.next()
    return _local(ctx.next_monday + datetime.timedelta(days=n % 5), 8 + (n // 5) % 8, 5 * ((n // 40) % 12))


def _past(ctx: Ctx, days_back: int) -> datetime.datetime:
    return _local(_days_ago(days_back), 10, ctx.next() % 50)


def _new_staff(ctx: Ctx, unit, role, prefix="kollega") -> StaffMember:
    n = ctx.next()
    user = get_user_model().objects.create_user(
        username=f"{prefix}{n}", password="x", first_name=f"Kollega{n:03d}", last_name="Østergård",
        email=f"{prefix}{n}@fjordby.example",
    )
    staff = StaffMember.objects.create(user=user, municipality=unit.municipality, unit=unit, title="Jobrådgiver")
    StaffRole.objects.create(staff=staff, role=role)
    return staff


def _send_reminders(appointments):
    """The appointments' pending reminders as the reminder run leaves them: composed into the outbox (in one insert;
    OutboxBackend writes the same rows one at a time) and marked sent, and the last one failed (the outbox page lists
    failed reminders too)."""
    pending = list(Reminder.objects.filter(appointment__in=appointments, status=Reminder.Status.PENDING)
                   .select_related("appointment__organiser__user", "citizen").order_by("pk"))
    if not pending:
        return
    sent, failed = pending[:-1], pending[-1]
    OutboxMessage.objects.bulk_create([OutboxMessage(**vars(reminder_services.compose(r))) for r in sent])
    Reminder.objects.filter(pk__in=[r.pk for r in sent]).update(
        status=Reminder.Status.SENT, sent_at=timezone.now(), attempts=1)
    Reminder.objects.filter(pk=failed.pk).update(status=Reminder.Status.FAILED, attempts=5,
                                                 last_error="SMS-gatewayen svarede 503")


def _plan_content(batch: int) -> dict:
    """The plan after `batch` + 1 follow-ups: three more steps each time (the keys stay, so steps carry over)."""
    steps = [
        {"key": str(uuid.uuid5(uuid.NAMESPACE_OID, f"step-{b}-{j}")), "kind": "step",
         "text": f"Skridt {b}.{j}: ringe til Fjordby Genbrug", "owner": ["citizen", "caseworker", "mentor"][j],
         "due": None, "status": "open" if (b + j) % 2 else "done"}
        for b in range(batch + 1) for j in range(3)
    ]
    return {"kind": Plan.Kind.MIN_PLAN, "own_goal": f"Jeg vil have et arbejde udenfor (udgave {batch + 1}).",
            "job_goal": "Gartneri eller park", "stabilising": "Fast ugentlig kontakt med mentor.",
            "job_search": "To ansøgninger om ugen.",
            "sections": {"mentor": f"Mentorens del, udgave {batch + 1}.", "job_broker": "Praktik i gartneri."},
            "steps": steps}


def _citizen_rows(ctx: Ctx, citizen: Citizen, batch: int, *, group3: bool):
    """One batch of rows about one citizen, through the services: the journal, appointments in every state, the
    plan, progression, small steps, the story, documents, safety markers, consents, periods, the team, an exemption,
    sanction cases, stated-reason accesses, and the § 36 offer (group 3) or a 25 % decision (group 2)."""
    cw, mentor, tl, dp = ctx.staff(CW), ctx.staff(MT), ctx.staff(TL), ctx.staff(DP)
    keep = ctx.objects.setdefault(citizen.pk, {})
    for j in range(4):
        add_journal_note(staff=cw, citizen=citizen, text=f"Notat {batch}.{j}: samtale om praktik og helbred.",
                         kind="conversation" if j == 0 else "note", occurred_on=_days_ago(batch * 5 + j + 1))

    # Appointments: booked (the caseworker's with the mentor, the mentor's own), held with agreements, not held with
    # an absence, and moved; reminders sent.
    booked = [book_appointment(staff=cw, citizen=citizen, starts_at=_next_week_slot(ctx), overlap_confirmed=True,
                               other_staff=[mentor] if group3 else [], message_to_citizen="Tag lønsedler med.")]
    if group3:
        booked.append(book_appointment(staff=mentor, citizen=citizen, starts_at=_next_week_slot(ctx),
                                       kind="mentor_meeting", channel="home_visit", overlap_confirmed=True))
    record = register_afterwards(staff=cw, citizen=citizen, started_at=_past(ctx, batch * 5 + 2), channel="office",
                                 agreed=f"Søge praktik {batch}\nRinge til lægen {batch}",
                                 citizen_words="Det går bedre.")
    keep.setdefault("held_apk", record.appointment_id)
    # The first held conversation's journal note is corrected once per batch: a chain of versions.
    newest = JournalNote.objects.get(pk=keep.get("held_note", record.journal_note_id))
    keep["held_note"] = correct_journal_note(staff=cw, note=newest, text=f"Rettet notat, udgave {batch + 2}.").pk
    missed_at = _past(ctx, batch * 5 + 3)
    missed = Appointment.objects.create(  # booked in the past: written directly, as booking refuses a past time
        municipality=citizen.municipality, citizen=citizen, starts_at=missed_at,
        ends_at=missed_at + datetime.timedelta(minutes=30), organiser=cw, booked_by=cw,
    )
    record_not_held(staff=cw, appointment=missed, reason="citizen_absent", notice="none",
                    context="Borgeren har haft en svær uge.", contact_attempts="Ringet to gange.")
    moving = book_appointment(staff=cw, citizen=citizen, starts_at=_next_week_slot(ctx), overlap_confirmed=True)
    booked.append(move_appointment(staff=cw, appointment=moving, starts_at=_next_week_slot(ctx), duration_minutes=30,
                                   channel="office", reason="Borgeren skal til lægen.", overlap_confirmed=True))
    _send_reminders(booked)

    # The plan: a new version with three more steps, signed; a scoring, small steps, the story.
    plan = Plan.objects.filter(citizen=citizen).first()
    version = plan_services.save_plan(
        staff=cw, citizen=citizen, base_version=plan.version if plan else 0, content=_plan_content(batch),
        involvement="co_creation", citizen_position="agrees", change_note=f"Opfølgning {batch}.",
    )
    plan_services.sign(staff=cw, plan=version.plan, number=version.number, method="on_screen")
    instrument = builtin_instrument()
    plan_services.record_scoring(
        staff=cw, citizen=citizen, instrument=instrument, scored_on=_days_ago(batch * 7),
        values={item.code: 1 + (batch + i) % 10 for i, item in enumerate(instrument.items.all())},
    )
    for j in range(2):
        plan_services.add_small_step(staff=mentor if group3 else cw, citizen=citizen, text=f"Lille skridt {batch}.{j}",
                                     happened_on=_days_ago(batch * 3 + j))
    plan_services.save_story(staff=cw, citizen=citizen, text=f"Min historie, fortalt igen ({batch}).")

    for j in range(2):
        document = upload_document(staff=cw, citizen=citizen, title=f"Lægeerklæring {batch}.{j}",
                                   file=SimpleUploadedFile(f"le{batch}{j}.pdf", b"%PDF-1.4\n%%EOF"))
        keep.setdefault("document_pk", document.pk)
    today = timezone.localdate()
    marker = citizen_services.set_safety_marker(staff=cw, citizen=citizen, reason=f"Mød borgeren to sammen ({batch}).",
                                                review_date=today + datetime.timedelta(days=30 + batch))
    citizen_services.remove_safety_marker(staff=cw, marker=marker)
    citizen_services.set_safety_marker(staff=cw, citizen=citizen, reason=f"Ring før besøg ({batch}).",
                                       review_date=today + datetime.timedelta(days=60 + batch))
    citizen_services.record_consent(
        staff=cw, citizen=citizen, purpose=f"Samarbejde med lægen ({batch}).",
        legal_basis=Consent.LegalBasis.GDPR_CONSENT, given_on=_days_ago(batch), recipient_role=Role.MENTOR,
    )
    earlier = datetime.date(2012, 1, 2) + datetime.timedelta(days=120 * batch)  # before build_world's periods
    citizen_services.add_closed_target_group_period(
        staff=cw, citizen=citizen, group="2" if batch % 2 else "3", valid_from=earlier,
        valid_to=earlier + datetime.timedelta(days=90), reason=f"Tidligere forløb {batch}.",
    )
    BenefitPeriod.objects.create(municipality=citizen.municipality, citizen=citizen,
                                 kind=BenefitPeriod.Kind.KONTANTHJAELP, monthly_amount=12550, valid_from=earlier,
                                 valid_to=earlier + datetime.timedelta(days=90))

    # The team: a colleague joins as "other"; every other one leaves again.
    membership = add_team_member(staff=cw, citizen=citizen, member=_new_staff(ctx, cw.unit, CW), role=TEAM.OTHER,
                                 valid_from=_days_ago(10))
    if batch % 2:
        end_team_membership(staff=cw, membership=membership)
    rules_services.exempt(staff=cw, citizen=citizen, ground="job", covers=[sorted(REGISTRY.exemptable_rules())[0]],
                          reason=f"Job fra {batch}.", valid_from=earlier,
                          valid_to=earlier + datetime.timedelta(days=30))
    SanctionCase.objects.create(municipality=citizen.municipality, citizen=citizen, referred_to=ctx.staff(SO),
                                referred_by=cw, summary=f"Udeblivelse {batch}.", status=SanctionCase.Status.CLOSED,
                                source="jobsamtale", ground="37", event_on=earlier, stage="resolved")
    # The world's task grows: a reply per batch; and a new task for the job broker.
    if "task_pk" in ctx.world.objects.get(citizen.pk, {}):
        world_task = Task.objects.get(pk=ctx.world.objects[citizen.pk]["task_pk"])
        TaskMessage.objects.create(municipality=citizen.municipality, citizen=citizen, task=world_task, author=cw,
                                   text=f"Svar {batch}.")
        Task.objects.create(municipality=citizen.municipality, citizen=citizen, subject=f"Opgave {batch}",
                            owner=ctx.staff(JB), created_by=cw, due=_days_ago(-batch))
    # The survey grows: two anonymous answer sets per batch.
    survey = RCSurvey.objects.filter(municipality=citizen.municipality).first() or RCSurvey.objects.create(
        municipality=citizen.municipality, title="Runde", opens_on=_days_ago(5), closes_on=_days_ago(-5))
    generate_answers(survey, per_role={CW: 1, MT: 1}, units=[cw.unit], seed=batch)
    # The world's meeting grows: an action per batch for the job broker and one for an external participant.
    if "meeting_pk" in ctx.world.objects.get(citizen.pk, {}):
        meeting = Meeting.objects.get(pk=ctx.world.objects[citizen.pk]["meeting_pk"])
        external = ExternalParticipant.objects.create(municipality=citizen.municipality, citizen=citizen,
                                                      name=f"Læge {batch}", kind="gp", added_by=cw)
        meeting.externals.add(external)
        for owner in ({"owner_staff": ctx.staff(JB)}, {"owner_external": external}):
            Action.objects.create(municipality=citizen.municipality, citizen=citizen, meeting=meeting,
                                  text=f"Handling {batch}", due=_days_ago(batch % 3), **owner)
    # The world's open absence case grows: a contact attempt, written guidance and a letter per batch.
    world_case = SanctionCase.objects.get(pk=ctx.world.objects[citizen.pk]["case_pk"]) \
        if "case_pk" in ctx.world.objects.get(citizen.pk, {}) else None
    if world_case:
        sanction_services.record_contact_attempt(staff=cw, case=world_case, on=_days_ago(batch % 4), kind="phone",
                                                 note=f"Forsøg {batch}.")
        sanction_services.record_guidance(staff=cw, citizen=citizen, given_on=_days_ago(30 + batch), how="letter")
        SanctionLetter.objects.create(municipality=citizen.municipality, citizen=citizen, case=world_case,
                                      kind="hearing", language="da", subject=f"Brev {batch}", paragraphs=["Kære"],
                                      created_by=cw)
    granted = timezone.now() - datetime.timedelta(days=batch + 1)
    for who, reviewer in [(tl, dp), (dp, None)]:  # expired; reviewed, or waiting for review
        StatedReasonAccess.objects.create(
            municipality=citizen.municipality, staff=who, citizen=citizen, kind=StatedReasonAccess.Kind.BREAK_THE_GLASS,
            reason=f"Klage over sagsforløbet ({batch}).", granted_at=granted,
            expires_at=granted + datetime.timedelta(hours=1),
            reviewed_by=reviewer, reviewed_at=granted + datetime.timedelta(hours=2) if reviewer else None,
        )
    if group3:
        # § 36: offered and declined; a citizen who declined may be offered it again.
        offered = _days_ago(200 - 14 * batch)
        offer_coordinator(staff=cw, citizen=citizen, on=offered)
        record_coordinator_answer(staff=cw, citizen=citizen, answer="declined", on=offered + datetime.timedelta(days=1))
    else:
        # An ended 25 % decision, before the one in force (`_build_small`). Written directly: the service records a
        # decision from today only.
        ends = _days_ago(22 + 7 * batch)
        QuotaDecision.objects.create(
            municipality=citizen.municipality, citizen=citizen, reason=f"Kan selv finde job ({batch}).", decided_by=cw,
            valid_from=ends - datetime.timedelta(days=5), valid_to=ends, ended_by=cw, ended_at=timezone.now(),
        )


def _caseload_rows(ctx: Ctx, batch: int):
    """New citizens in the caseworker's caseload, each with a note and an appointment next week (every other one
    also one today), shared out as the other roles' reasons: the coordinating caseworker and the mentor, the job
    broker, the partner with a consent, the sanction officer, and stated-reason accesses of the team leader and the
    data-protection officer."""
    cw = ctx.staff(CW)
    booked = []
    for j in range(CASELOAD_PER_BATCH):
        n = ctx.next()
        citizen = citizen_services.create_citizen(
            staff=cw, cpr=_cpr(n), first_name=f"Borger{n:03d}", last_name="Jensen",
            target_group="2" if j % 3 == 2 else "3", target_group_reason="Visiteret.",
            target_group_from=datetime.date(2025, 1, 6) + datetime.timedelta(days=n % 200),
        )
        add_journal_note(staff=cw, citizen=citizen, text="Første kontakt.", occurred_on=_days_ago(j))
        members = []
        since = datetime.date(2025, 2, 1)
        if j % 2 == 0:
            add_team_member(staff=cw, citizen=citizen, member=ctx.staff(CO), role=TEAM.COORDINATING_CASEWORKER,
                            valid_from=since)
            add_team_member(staff=cw, citizen=citizen, member=ctx.staff(MT), role=TEAM.MENTOR, valid_from=since)
            members = [ctx.staff(MT)]
        if j % 3 == 0:
            add_team_member(staff=cw, citizen=citizen, member=ctx.staff(JB), role=TEAM.JOB_BROKER, valid_from=since)
        elif j % 3 == 1:
            add_team_member(staff=cw, citizen=citizen, member=ctx.staff(PA), role=TEAM.PARTNER, valid_from=since)
            citizen_services.record_consent(
                staff=cw, citizen=citizen, purpose="Samarbejde om bolig.", legal_basis=Consent.LegalBasis.GDPR_CONSENT,
                given_on=since, recipient_unit=ctx.staff(PA).unit,
            )
        else:
            SanctionCase.objects.create(municipality=citizen.municipality, citizen=citizen, referred_to=ctx.staff(SO),
                                        referred_by=cw, summary="Udeblivelse fra jobsamtale.", source="jobsamtale",
                                        ground="37", event_on=since, stage="referred")
        if j == 0:
            now = timezone.now()
            for role in (TL, DP):
                StatedReasonAccess.objects.create(
                    municipality=citizen.municipality, staff=ctx.staff(role), citizen=citizen,
                    kind=StatedReasonAccess.Kind.BREAK_THE_GLASS, reason="Klage over sagsforløbet.", granted_at=now,
                    expires_at=now + datetime.timedelta(minutes=StatedReasonAccess.DURATION_MINUTES),
                )
        booked.append(book_appointment(staff=cw, citizen=citizen, starts_at=_next_week_slot(ctx), other_staff=members,
                                       overlap_confirmed=True))
        if j % 2 == 1:
            # "Today's appointments" on the worklist (written directly: the time may have passed).
            at = _local(timezone.localdate(), 8) + datetime.timedelta(minutes=(10 * n) % 600)
            Appointment.objects.create(municipality=citizen.municipality, citizen=citizen, starts_at=at,
                                       ends_at=at + datetime.timedelta(minutes=30), organiser=cw, booked_by=cw)
    _send_reminders(booked)


def _organisation_rows(ctx: Ctx, batch: int):
    """A new team in the jobcentre with a caseworker and a citizen in the 75 % population (the team leader's
    figures are per unit), colleagues for the calendars, calendar feeds, a task-queue row and read-log rows."""
    cw, mentor = ctx.staff(CW), ctx.staff(MT)
    team = OrganisationUnit.objects.create(municipality=cw.municipality, name=f"Team {batch + 1}", kind=KIND.EMPLOYMENT,
                                           parent=cw.unit)
    n = ctx.next()
    citizen_services.create_citizen(
        staff=_new_staff(ctx, team, CW, prefix="team"), cpr=_cpr(n), first_name=f"Anden{n:03d}", last_name="Hansen",
        target_group="2", target_group_from=datetime.date(2025, 3, 3), target_group_reason="Jobparat.",
    )
    for _ in range(2):
        calendar_colleagues.add_colleague(staff=cw, colleague_id=_new_staff(ctx, cw.unit, CW).pk)
    calendar_colleagues.add_colleague(staff=mentor, colleague_id=_new_staff(ctx, mentor.unit, MT, prefix="mentor").pk)
    calendar_feeds.create_feed(created_by=cw, staff=cw)
    ctx.objects["citizen_token"] = calendar_feeds.create_feed(created_by=cw, citizen=ctx.own)  # revokes the last
    send_due_reminders.enqueue()
    citizens = list(Citizen.objects.filter(municipality=cw.municipality).order_by("pk").values_list("pk", flat=True))
    AccessLogEntry.objects.bulk_create([
        AccessLogEntry(municipality_id=cw.municipality_id, user=cw.user, staff=cw,
                       citizen_id=citizens[i % len(citizens)], page="casefile:overview", path="/borgere/",
                       reason="responsible_caseworker", role=CW)
        for i in range(30)
    ])


def _batch(ctx: Ctx, batch: int):
    _citizen_rows(ctx, ctx.own, batch, group3=True)
    _citizen_rows(ctx, ctx.jobready, batch, group3=False)
    _caseload_rows(ctx, batch)
    _organisation_rows(ctx, batch)
    _outreach_rows(ctx, batch)
    _portal_rows(ctx, batch)
    _api_rows(ctx, batch)


def _api_rows(ctx: Ctx, batch: int):
    """API clients as the administrator registers them: a provider's system and the kommune's, each with a request."""
    from helhed.api.clients import register_client
    from helhed.api.models import SCOPES_BY_TYPE, ApiRequest, OrganisationType

    provider = OrganisationUnit.objects.get(pk=ctx.world.objects["provider_pk"])
    for organisation, kind in ((provider, OrganisationType.PROVIDER), (ctx.staff(CW).unit, OrganisationType.KOMMUNE)):
        client, _secret = register_client(by=ctx.staff(AD), name=f"Fagsystem {kind} {batch}", organisation=organisation,
                                          organisation_type=kind, scopes=list(SCOPES_BY_TYPE[kind]))
        ApiRequest.objects.create(client=client, request_id=uuid.uuid4().hex, method="POST", path="/api/v1/")


def _portal_rows(ctx: Ctx, batch: int):
    """What the own citizen does in the portal: a thread with a staff answer, a request to move a coming meeting, an
    absence reported, and signing in; staff read the citizen (the read log the citizen sees)."""
    from helhed.portal.services import actions as portal_actions
    from helhed.portal.services import appointments as portal_appointments
    from helhed.portal.services import messages as portal_messages

    cw, own = ctx.staff(CW), ctx.own
    thread = portal_messages.start_thread(citizen=own, subject=f"Spørgsmål {batch}", body="Kan vi tale sammen?")
    portal_messages.reply(citizen=own, thread=thread, body="Og en ting mere.")
    portal_messages.staff_reply(staff=cw, thread=thread, body="Ja, jeg ringer i morgen.")
    for kind in ("move", "absence"):
        appointment = book_appointment(staff=cw, citizen=own, overlap_confirmed=True,
                                       starts_at=timezone.now() + datetime.timedelta(days=2, minutes=ctx.next()))
        if kind == "move":
            portal_appointments.ask_to_move(citizen=own, appointment=appointment, reason="Jeg skal til lægen.")
        else:
            portal_appointments.report_absence(citizen=own, appointment=appointment, kind="ill", text="Feber.")
    portal_actions.record_action(own, "signed_in")


def _outreach_rows(ctx: Ctx, batch: int):
    """At the outreach office: a conversation today, drop-ins, a group session with attendance; and the caseload
    lives in the office's area (the local target group)."""
    from helhed.outreach import services as outreach_services
    from helhed.outreach.models import Group as OutreachGroup
    from helhed.outreach.models import OutreachOffice

    cw, office = ctx.staff(CW), OutreachOffice.objects.get(pk=ctx.world.objects["office_pk"])
    Citizen.objects.filter(municipality=ctx.own.municipality).update(postal_code="8220")
    for citizen in (ctx.own, ctx.jobready):
        book_appointment(staff=cw, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(minutes=ctx.next()),
                         meeting_place=office.place, overlap_confirmed=True)
        outreach_services.register_drop_in(staff=cw, office=office, topic="cv", citizen=citizen)
    outreach_services.register_drop_in(staff=cw, office=office, topic="job_search", count=batch + 1)
    group = OutreachGroup.objects.get(pk=ctx.world.objects["group_pk"])
    session = outreach_services.add_session(staff=cw, group=group,
                                            starts_at=timezone.now() - datetime.timedelta(days=batch, hours=1))
    for citizen in visible_citizens(cw)[:5]:
        outreach_services.register_attendance(staff=cw, session=session, citizen=citizen, to_plan=True)
    ctx.objects["session_pk"] = session.pk


def _build_small() -> Ctx:
    world = build_world()
    cw = world.staff[CW]
    cw.user.email = "caseworker@fjordby.example"  # staff reminders need an address
    cw.user.save(update_fields=["email"])
    jobready = citizen_services.create_citizen(
        staff=cw, cpr="1104781234", first_name="Jonas", last_name="Bak", target_group="2",
        target_group_from=datetime.date(2025, 1, 6), target_group_reason="Jobparat.",
        phone="+4512345678", email="jonas@example.org",
    )
    today = timezone.localdate()
    ctx = Ctx(world=world, own=world.own, jobready=jobready,
              next_monday=today + datetime.timedelta(days=7 - today.weekday()))
    _batch(ctx, 0)
    QuotaDecision.objects.create(municipality=jobready.municipality, citizen=jobready, reason="Kan selv finde job.",
                                 decided_by=cw, valid_from=_days_ago(20))
    return ctx


def _grow(ctx: Ctx):
    for batch in range(1, LARGE_BATCHES + 1):
        _batch(ctx, batch)


def _committed():
    """Run the on-commit callbacks of what happens inside (kept figures bumped, and so on), as a commit would:
    everything here runs in one transaction, rolled back at the end."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@contextlib.contextmanager
def _building():
    """Writing a world, committed (`_committed`), except that the rules' refresh of each changed citizen after the
    commit is left to one nightly scan at the end (`_evaluate`): the same results, computed once."""
    with mock.patch("helhed.rules.services.refresh", lambda *args, **kwargs: 0), _committed():
        yield


def _evaluate():
    """The stored results "Det skal ske" reads: the nightly scan."""
    rules_services.refresh_everyone()


def _sizes(ctx: Ctx) -> str:
    own = ctx.own
    counts = {
        "citizens": Citizen.objects.count(),
        "the caseworker's": visible_citizens(ctx.staff(CW)).count(),
        "the mentor's": visible_citizens(ctx.staff(MT)).count(),
        "own citizen's journal notes": JournalNote.objects.filter(citizen=own).count(),
        "appointments": Appointment.objects.filter(citizen=own).count(),
        "plan versions": PlanVersion.objects.filter(plan__citizen=own).count(),
        "plan steps": PlanStep.objects.filter(plan__citizen=own).count(),
        "team rows": CaseTeamMember.objects.filter(citizen=own).count(),
        "outbox": OutboxMessage.objects.count(),
        "stated-reason accesses": StatedReasonAccess.objects.count(),
        "read log": AccessLogEntry.objects.count(),
        "staff": StaffMember.objects.count(),
    }
    return ", ".join(f"{name} {count}" for name, count in counts.items())


# --- the pages ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    name: str  # URL name, as in the permission matrix
    who: str  # the role that requests it, or "anonymous"
    args: Callable[[Ctx], dict] | None = None  # URL arguments
    query: Callable[[Ctx], str] | str = ""
    label: str = ""  # tells two requests of the same page apart

    @property
    def id(self) -> str:
        return f"{self.name}{'+' + self.label if self.label else ''}/{self.who}"

    def url(self, ctx: Ctx) -> str:
        path = reverse(self.name, kwargs=self.args(ctx) if self.args else None)
        query = self.query(ctx) if callable(self.query) else self.query
        return f"{path}?{query}" if query else path


def own(ctx):
    return {"pk": ctx.own.pk}


def jobready(ctx):
    return {"pk": ctx.jobready.pk}


def own_with(name, *, world=False):
    """The own citizen and one of its rows: from build_world (`world=True`) or from the batches."""
    def args(ctx):
        rows = ctx.world.objects[ctx.own.pk] if world else ctx.objects[ctx.own.pk]
        return {"pk": ctx.own.pk, "apk" if name == "held_apk" else name: rows[name]}
    return args


def next_week(ctx):
    return f"uge={ctx.next_monday.isoformat()}"


PAGES = [
    # The citizen's own pages in the portal, and what staff see of it.
    *[Page(f"portal:{name}", CITIZEN) for name in (
        "front", "plan", "progress", "appointments", "appointments_ics", "messages", "message_new", "hearings",
        "who_looked", "my_data", "my_data_pdf", "my_data_json")],
    Page("portal:thread", CITIZEN, args=lambda ctx: {"pk": ctx.world.objects[ctx.own.pk]["thread_pk"]}),
    Page("portal:attachment", CITIZEN, args=lambda ctx: {"pk": ctx.world.objects[ctx.own.pk]["attachment_pk"]}),
    Page("portal:hearing", CITIZEN, args=lambda ctx: {"pk": ctx.world.objects[ctx.own.pk]["hearing_pk"]}),
    *[Page(f"portal:{name}", CITIZEN, args=lambda ctx: {"pk": ctx.world.objects[ctx.own.pk]["apk"]})
      for name in ("move_request", "report_absence")],
    Page("portal_staff:staff_thread", CW, args=own_with("thread_pk", world=True)),
    Page("portal_staff:staff_thread_new", CW, args=own),
    Page("portal_staff:staff_attachment", CW, args=own_with("attachment_pk", world=True)),
    # Lists, start pages, calendars, feeds, figures.
    *[Page("citizens:my_citizens", role) for role in (CW, CO, JB, MT, PA, SO, TL, DP)],
    Page("citizens:my_citizens", CW, query="page=2", label="page2"),
    Page("citizens:my_citizens", CW, query="q=Jensen", label="search"),
    Page("citizens:my_citizens", CW, query="group=3", label="group"),
    *[Page("casefile:start", role) for role in (TL, DP, AD)],
    Page("core:municipality_settings", AD),
    Page("citizens:create", CW),
    Page("audit:stated_access", TL),
    Page("audit:access_review", TL),
    Page("audit:access_review", DP),
    Page("audit:read_log", DP, query="username=caseworker", label="user"),
    Page("audit:read_log", DP, query=lambda ctx: f"cpr={ctx.own.cpr}", label="cpr"),
    Page("casefile:worklist", CW),
    Page("casefile:worklist", CO),
    Page("casefile:worklist", CW, query=lambda ctx: f"pr={ctx.next_monday.isoformat()}", label="as-of"),
    Page("contact:week", CW, query=next_week),
    Page("contact:week", CW, label="this-week"),
    Page("contact:week", CW, query=lambda ctx: f"{next_week(ctx)}&q=Kollega", label="search"),
    Page("contact:week", MT, query=next_week),
    Page("contact:staff_feeds", CW),
    Page("contact:outbox", CW),
    Page("contact:outbox", MT),
    Page("contact:ical_feed", ANONYMOUS, args=lambda ctx: {"token": ctx.world.objects["token"]}, label="staff"),
    Page("contact:ical_feed", ANONYMOUS, args=lambda ctx: {"token": ctx.objects["citizen_token"]}, label="citizen"),
    Page("contact:contact_quota", TL),
    Page("metrics", ANONYMOUS),  # the test client comes from 127.0.0.1 (HELHED_METRICS_ALLOW)
    # The case file, the team view, history and insight.
    *[Page("casefile:overview", role, own) for role in (CW, CO, SO, TL, DP)],
    Page("casefile:overview", CW, own, query="noter=2", label="journal-page2"),
    Page("casefile:overview", CW, jobready, label="group2"),
    *[Page("casefile:team_view", role, own) for role in (CW, JB, MT, PA)],
    Page("audit:citizen_history", CW, own),
    Page("audit:citizen_export_html", CW, own),
    Page("audit:citizen_export_json", CW, own),
    Page("audit:citizen_export_pdf", CW, own),
    # Forms about the citizen (each shows the citizen's safety markers) and a document.
    Page("citizens:target_group_change", CW, own),
    Page("citizens:case_edit", CW, own),
    Page("citizens:safety_marker_add", CW, own),
    Page("citizens:consent_add", CW, own),
    Page("contact:journal_note_add", CW, own),
    Page("contact:journal_note_correct", CW, own_with("note_pk", world=True)),
    Page("coordination:team_member_add", CW, own),
    Page("contact:document_upload", CW, own),
    Page("contact:document_download", CW, own_with("document_pk")),
    Page("helhed_rules:exemption_add", CW, own),
    Page("helhed_rules:exemption_add", CW, own, query=lambda ctx: f"regel={sorted(REGISTRY.exemptable_rules())[0]}",
         label="rule"),
    # Appointments.
    Page("contact:appointment_book", CW, own),
    Page("contact:appointment_book", MT, own),
    Page("contact:conversation_afterwards", CW, own),
    Page("contact:appointment_detail", CW, own_with("apk", world=True), label="booked"),
    Page("contact:appointment_detail", MT, own_with("apk", world=True), label="booked"),
    Page("contact:appointment_detail", CW, own_with("held_apk"), label="held"),
    Page("contact:appointment_move", CW, own_with("apk", world=True)),
    Page("contact:appointment_held", CW, own_with("apk", world=True)),
    Page("contact:appointment_not_held", CW, own_with("apk", world=True)),
    # The plan.
    *[Page("plans:plan", role, own) for role in (CW, MT, PA)],
    Page("plans:plan_history", CW, own),
    Page("plans:plan_pdf", CW, own),
    Page("plans:plan_pdf", CW, own, query="udgave=let", label="easy-read"),
    Page("plans:plan_edit", CW, own),
    Page("plans:plan_part", MT, own),
    Page("plans:scoring_add", CW, own),
    Page("plans:small_step_add", CW, own),
    Page("plans:story", CW, own),
    # Offers.
    *[Page(f"offers:{name}", role, own) for name in ("citizen_offers", "wishes", "internship_match",
                                                      "internship_found_place", "other_offer") for role in (CW, JB)],
    *[Page(f"offers:{name}", CW, own_with("offer_pk", world=True))
      for name in ("extend", "adjust_hours", "midway", "end", "documentation")],
    Page("offers:internship_create", JB, lambda ctx: {"pk": ctx.own.pk, "place_pk": ctx.world.objects["place_pk"]}),
    *[Page("offers:employers", role) for role in (JB, TL)],
    Page("offers:employer", JB, args=lambda ctx: {"employer_pk": ctx.world.objects["employer_pk"]}),
    Page("offers:employer_add", JB),
    Page("offers:referral_add", CW, own),
    Page("offers:providers", TL),
    *[Page("sanctions:worklist", role) for role in (CW, SO)],
    Page("sanctions:statistics", TL),
    *[Page(f"insight:{name}", TL) for name in ("overview", "download")],
    Page("insight:download", TL, query="format=xlsx&tabel=sagstal", label="xlsx"),
    Page("insight:parked", TL, query=lambda ctx: f"medarbejder={ctx.staff(CW).pk}&maaneder=1", label="caseworker"),
    *[Page("casefile:worklist", role, label="actions") for role in (JB, PA)],
    *[Page(f"programmes:{name}", TL) for name in ("list", "add")],
    *[Page(f"programmes:{name}", role, args=lambda ctx: {"programme_pk": ctx.world.objects["programme_pk"]})
      for name in ("programme", "members") for role in (TL, JB)],
    Page("programmes:programme", TL, args=lambda ctx: {"programme_pk": ctx.world.objects["programme_pk"]},
         query="gruppe=1", label="group"),
    Page("programmes:criterion_change", TL, args=lambda ctx: {"programme_pk": ctx.world.objects["programme_pk"]}),
    Page("programmes:figures", TL, args=lambda ctx: {"programme_pk": ctx.world.objects["programme_pk"], "fmt": "xlsx"}),
    Page("meetings:meeting_add", CW, own),
    Page("meetings:desk", CO),
    Page("meetings:task_add", CW, own),
    *[Page("meetings:task", role, own_with("task_pk", world=True)) for role in (CW, PA)],
    Page("coordination:rc_results", TL),
    Page("coordination:rc_answer", CW),
    Page("meetings:external_add", CW, own),
    *[Page("meetings:meeting", role, own_with("meeting_pk", world=True)) for role in (CW, PA)],
    Page("sanctions:rates", AD),
    Page("sanctions:refusal_add", CW, own),
    Page("sanctions:guidance_add", CW, own),
    *[Page("sanctions:case", role, own_with("case_pk", world=True)) for role in (CW, SO, MT)],
    Page("sanctions:letter_pdf", SO, lambda ctx: {"pk": ctx.own.pk, **{
        k: ctx.world.objects[ctx.own.pk][k] for k in ("case_pk", "letter_pk")}}),
    *[Page(f"offers:{name}", TL, args=lambda ctx: {"unit_pk": ctx.world.objects["provider_pk"]})
      for name in ("supervision", "supervision_pdf", "supervision_csv")],
    *[Page("offers:referral", role, own_with("referral_pk", world=True)) for role in (CW, MT)],
    *[Page(f"offers:{name}", MT, own_with("referral_pk", world=True)) for name in ("mentor_time", "attendance",
                                                                                   "progress")],
    Page("offers:place_add", JB, args=lambda ctx: {"employer_pk": ctx.world.objects["employer_pk"]}),
    *[Page(f"outreach:{name}", role) for name in ("offices", "groups") for role in (CW, PA)],
    Page("outreach:group_add", CW),
    *[Page(f"outreach:{name}", role, args=lambda ctx: {"office_pk": ctx.world.objects["office_pk"]})
      for name in ("office", "report") for role in (CW, PA)],
    Page("outreach:report", PA, args=lambda ctx: {"office_pk": ctx.world.objects["office_pk"]}, query="hent=xlsx",
         label="xlsx"),
    Page("outreach:target_group", CW, args=lambda ctx: {"office_pk": ctx.world.objects["office_pk"]}),
    *[Page("outreach:group", role, args=lambda ctx: {"group_pk": ctx.world.objects["group_pk"]}) for role in (CW, PA)],
    Page("outreach:session", CW, args=lambda ctx: {"group_pk": ctx.world.objects["group_pk"],
                                                   "session_pk": ctx.objects["session_pk"]}),
    # The administrator's API clients (their own API, /api/v1/, answers tokens only: helhed/api/tests).
    *[Page(f"api:{name}", AD) for name in ("clients", "client_add")],
]
# GET pages of the permission matrix that are not measured, and why.
LEFT_OUT = {
    **{f"dev_idp:{name}": "the development identity provider's discovery document and keys: no data, no queries"
       for name in ("discovery", "jwks")},
    "healthz": "the liveness probe: no data",
    "readyz": "the readiness probe: SELECT 1 and, until it has seen them applied, the migrations; no data",
    "login": "the anonymous login form (a logged-in user is sent on): no data",
    "reauthenticate": "the password form before a sensitive action: no data",
    "api:api-v1:openapi-json": "the API's OpenAPI document: built from the code, no queries",
}
# Pages whose count grows: marked xfail(strict=True) with the reason until the view is fixed (strict: a fixed page
# fails until its mark is taken away). None at present: the insight export joined each staff member's user, and a
# conversation's corrected note is found in one recursive query (issue 12).
GROWS: dict[str, str] = {
    "meetings:meeting_add/caseworker": "the participant picker checks each team member's need-to-know reasons with "
                                       "one query per member (a team is a handful of people; one query for all is "
                                       "still to be written)",
    "meetings:task_add/caseworker": "the owner picker uses the same per-member check as the meeting's participants",
}


# --- measuring ------------------------------------------------------------------------------------------------------

class _LayoutSkipped:
    """Stands in for WeasyPrint's HTML while counting: the PDF's template is rendered as always (its queries happen
    there), but the layout, which makes no queries and takes seconds for a long export, is skipped. The "PDF" is the
    HTML."""

    def __init__(self, string, base_url=None, **kwargs):
        self.string = string

    def write_pdf(self, *args, **kwargs) -> bytes:
        return self.string.encode()


@dataclass
class Count:
    status: int
    queries: list[str]
    size: int  # bytes: shows that the page grew with the data

    def __len__(self):
        return len(self.queries)


def _body(response) -> bytes:
    """The content; a streamed response is read to its end, which closes it (the test client closes the others; a
    second close would close the database connection, as after a real request)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def _count(client: Client, url: str) -> Count:
    with _committed():
        _body(client.get(url, follow=True))  # warms caches, kept figures and the session; follows "my story first"
    with CaptureQueriesContext(connection) as captured, _committed():
        response = client.get(url)
        body = _body(response)
    return Count(response.status_code, [q["sql"] for q in captured.captured_queries], len(body))


def _safe_count(client: Client, page: Page, ctx: Ctx) -> Count | str:
    """The count, or what went wrong (that page's test fails with it; the others go on). In a savepoint outside the
    counted queries, so that a failed request leaves the world as it was."""
    try:
        with transaction.atomic():
            return _count(client, page.url(ctx))
    except Exception as error:  # noqa: BLE001 - reported by the page's own test
        return f"{type(error).__name__}: {error}"


_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
_IN_LIST = re.compile(r"\bIN \((?:\s*(?:N|S|%s|NULL)\s*,)*\s*(?:N|S|%s|NULL)\s*\)")
_COLUMNS = re.compile(r'^SELECT (?:DISTINCT )?(?:"\w+"\."\w+"(?: AS "\w+")?, )+"\w+"\."\w+"(?: AS "\w+")? FROM ')


def _shape(sql: str) -> str:
    """The query without its values, so that the same query for another row counts as a repeat."""
    return re.sub(r"\s+", " ", _IN_LIST.sub("IN (…)", _NUMBER.sub("N", _STRING.sub("S", sql))))


def _repeated(small: Count, large: Count, width: int = 300) -> list[str]:
    """The queries the large world runs more often than the small one: times in each, and the query (its column
    list left out) shortened."""
    before, after = Counter(map(_shape, small.queries)), Counter(map(_shape, large.queries))
    lines = []
    for shape, times in after.most_common():
        if times > before.get(shape, 0):
            text = _COLUMNS.sub("SELECT … FROM ", shape)
            text = text if len(text) <= width else text[: width - 1] + "…"
            lines.append(f"  {before.get(shape, 0)} → {times}×  {text}")
    return lines


def _selected_pages(request) -> list[Page]:
    """The pages of the tests selected in this run (-k or a test id narrows it), so that only those are measured.
    (Under pytest-xdist each worker that runs some of them measures all the selected pages: it cannot know which of
    them it will be given.)"""
    wanted = {item.callspec.params["page"].id for item in request.session.items
              if getattr(item, "originalname", "") == "test_query_count_does_not_grow_with_the_data"}
    return [page for page in PAGES if page.id in wanted and page.name in EXPECTED]


@pytest.fixture(scope="module")
def measured(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """{page id: (small-world count, large-world count)}, and "sizes": what each world holds."""
    pages = _selected_pages(request)
    # The portal notes the citizen's last request in the session at most every PORTAL_LAST_SEEN_EVERY seconds: never
    # here, so that a slow machine crossing that moment between the warm-up and the counted request is not a count.
    settings = override_settings(LANGUAGE_CODE="da", MEDIA_ROOT=tmp_path_factory.mktemp("media"),
                                 PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                                 PORTAL_LAST_SEEN_EVERY=10**9)
    results = {}
    with (settings, mock.patch("weasyprint.HTML", _LayoutSkipped), django_db_blocker.unblock(),
          transaction.atomic()):
        with _building():
            ctx = _build_small()
        _evaluate()
        sizes = [_sizes(ctx)]
        clients = {who: Client() for who in {page.who for page in pages}}
        for who, client in clients.items():
            if who == CITIZEN:
                sign_in_as(client, ctx.own)
            elif who != ANONYMOUS:
                client.force_login(ctx.staff(who).user)
        small = {page.id: _safe_count(clients[page.who], page, ctx) for page in pages}
        with _building():
            _grow(ctx)
        _evaluate()
        sizes.append(_sizes(ctx))
        for page in pages:
            results[page.id] = (small[page.id], _safe_count(clients[page.who], page, ctx))
        results["sizes"] = sizes
        transaction.set_rollback(True)
    print(f"\nsmall world: {sizes[0]}\nlarge world: {sizes[1]}", end="")
    return results


def _param(page: Page):
    marks = [pytest.mark.xfail(strict=True, reason=f"grows: {GROWS[page.id]}")] if page.id in GROWS else []
    if page.name not in EXPECTED:
        marks.append(pytest.mark.skip(reason=f"{page.name} is not in the permission matrix of this version"))
    return pytest.param(page, id=page.id, marks=marks)


@pytest.mark.parametrize("page", [_param(page) for page in PAGES])
def test_query_count_does_not_grow_with_the_data(measured, page):
    small, large = measured[page.id]
    for count in (small, large):
        if isinstance(count, str):
            pytest.fail(f"{page.id}: {count}")
    print(f"\n{page.id}: {len(small)} → {len(large)} queries, {small.size / 1024:.0f} → {large.size / 1024:.0f} kB",
          end="")
    assert small.status == large.status == 200, f"{page.id}: status {small.status}, then {large.status}"
    before, after = len(small), len(large)
    assert after <= before, (
        f"{page.id}: {before} queries in the small world, {after} in the large one. Repeated:\n"
        + "\n".join(_repeated(small, large))
    )


def test_every_page_of_the_permission_matrix_is_measured_or_left_out_with_a_reason():
    """A page of the matrix that someone may open (200) needs a `Page` above, or a reason in LEFT_OUT."""
    opened = {name for name, spec in EXPECTED.items()
              if any(code == 200 for relation in RELATIONS for code in spec[relation].values())}
    measured_names = {page.name for page in PAGES}
    assert opened - measured_names - set(LEFT_OUT) == set()
    assert set(LEFT_OUT) & measured_names == set()
    assert {page.id for page in PAGES} >= set(GROWS)
