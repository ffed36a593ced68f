"""Every change to an absence case: opening it from an absence, documenting, referring, assessing, hearing and
deciding. Only `decide` can lead to a deduction, only a sanction officer may call it, and it asks the safeguard
checker first: a legal precondition has no override."""

import datetime
import hashlib
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.models import BenefitPeriod, TargetGroup, TargetGroupPeriod
from helhed.contact.messaging import Message, get_backend
from helhed.contact.models import Absence, Appointment
from helhed.contact.models.reminders import Channel
from helhed.core.models import Role, StaffMember
from helhed.core.validation import field_text
from helhed.offers.models import Attendance
from helhed.rules import sanctions as rules
from helhed.sanctions import letters
from helhed.sanctions.models import (
    BenefitEvent,
    BlockedDecision,
    ContactAttempt,
    Decision,
    Hearing,
    SanctionCase,
    SanctionRate,
    WrittenGuidance,
)

Stage, Source, Ground = SanctionCase.Stage, SanctionCase.Source, SanctionCase.Ground
AKTIVITETSPARAT = {TargetGroup.AKTIVITETSPARAT, TargetGroup.AKTIVITETSPARAT_U30}
BEFORE_DECISION = (Stage.DOCUMENTING, Stage.REFERRED, Stage.HEARING)
HEARING_DAYS = 14


def _open(case: SanctionCase) -> SanctionCase:
    """The case, locked for the change, refused once it is decided or resolved."""
    case = SanctionCase.objects.select_for_update().get(pk=case.pk)
    if case.stage not in BEFORE_DECISION:
        raise ValidationError(_("The case is closed: it was decided or resolved."))
    return case


def _tell_citizen(case: SanctionCase, step: str, subject: str, body: str) -> None:
    """The citizen is told at each step, by Digital Post (the outbox stands in for it)."""
    citizen = case.citizen
    get_backend().send(Message(
        key=uuid.uuid5(uuid.NAMESPACE_URL, f"helhed:sanction-case:{case.pk}:{step}"),
        municipality_id=case.municipality_id, channel=Channel.DIGITAL_POST, address="", language=letters.language_of(citizen),
        subject=subject, body=body, citizen_id=citizen.pk,
    ))


# --- Opening cases from absences ------------------------------------------------------------------------------------

def open_case_for_absence(absence: Absence) -> SanctionCase:
    """A missed job conversation (§ 37) or mentor meeting becomes an absence case for the caseworker to document."""
    existing = SanctionCase.objects.filter(absence=absence).first()
    if existing:
        return existing
    appointment = absence.appointment
    day = timezone.localtime(appointment.starts_at).date()
    mentor = appointment.kind == Appointment.Kind.MENTOR_MEETING
    case = SanctionCase.objects.create(
        municipality_id=absence.municipality_id, citizen_id=absence.citizen_id, absence=absence,
        source=Source.MENTOR if mentor else Source.JOBSAMTALE, ground=Ground.OFFER if mentor else Ground.CONVERSATION,
        event_on=day, summary=letters.summary_of(appointment.get_kind_display(), day),
        staff_note="\n\n".join(t for t in (absence.context, absence.contact_attempts) if t),
        reported_by=absence.recorded_by,
    )
    _tell_citizen(case, "opened", *letters.opened_message(case))
    return case


def open_case_for_attendance(attendance: Attendance) -> SanctionCase | None:
    """A day missed at an offer (§ 36) or at mentor support joins the referral's open case, or opens one."""
    if attendance.present:
        return None
    referral = attendance.referral
    day = attendance.on.isoformat()
    case = (SanctionCase.objects.filter(referral=referral, stage__in=(Stage.DOCUMENTING, Stage.REFERRED))
            .order_by("-event_on").first())
    if case:
        if day not in case.absent_days:
            case.absent_days = sorted([*case.absent_days, day])
            case.staff_note = "\n\n".join(t for t in (case.staff_note, f"{day}: {attendance.context}") if t)
            case.save(update_fields=["absent_days", "staff_note"])
        return case
    mentor = "mentor" in referral.service.lower()
    case = SanctionCase.objects.create(
        municipality_id=attendance.municipality_id, citizen_id=attendance.citizen_id, referral=referral,
        source=Source.MENTOR if mentor else Source.OFFER, ground=Ground.OFFER, event_on=attendance.on,
        absent_days=[day], summary=letters.summary_of(referral.service, attendance.on),
        staff_note=f"{attendance.get_reason_display()}: {attendance.context}", reported_by=attendance.recorded_by,
    )
    _tell_citizen(case, "opened", *letters.opened_message(case))
    return case


def open_refusal_case(*, staff: StaffMember, citizen, event_on: datetime.date, summary: str) -> SanctionCase:
    """A § 39 event (refusing an offer, leaving work) registered by the caseworker; it may end in a § 40 reduction."""
    summary = field_text(summary, "summary", required=True)
    if event_on > timezone.localdate():
        raise ValidationError({"event_on": _("The day cannot be in the future.")})
    case = SanctionCase.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, source=Source.REFUSAL, ground=Ground.REDUCTION,
        event_on=event_on, summary=summary, reported_by=staff,
    )
    _tell_citizen(case, "opened", *letters.opened_message(case))
    return case


# --- Documenting ----------------------------------------------------------------------------------------------------

def context_fingerprint(case: SanctionCase) -> str:
    """What the context form was filled from: saving over a context someone else changed meanwhile is refused."""
    text = "\x1f".join([case.citizen_explanation, case.staff_note, str(case.contact_on), str(case.self_booked)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@transaction.atomic
def update_context(*, staff: StaffMember, case: SanctionCase, citizen_explanation: str = "", staff_note: str = "",
                   contact_on: datetime.date | None = None, self_booked: bool = False,
                   seen: str | None = None) -> SanctionCase:
    case = _open(case)
    if seen and seen != context_fingerprint(case):
        raise ValidationError(_("Someone else changed the context while you wrote. Their text is on the page now; "
                                "what you wrote is kept in the form: add it and save again."))
    if contact_on and not (case.event_on <= contact_on <= timezone.localdate()):
        raise ValidationError({"contact_on": _("Contact is re-established on or after the absence, and not after today.")})
    case.citizen_explanation = field_text(citizen_explanation, "citizen_explanation")
    case.staff_note = field_text(staff_note, "staff_note")
    case.contact_on, case.self_booked = contact_on, bool(self_booked) and case.ground == Ground.CONVERSATION
    case.save(update_fields=["citizen_explanation", "staff_note", "contact_on", "self_booked"])
    return case


@transaction.atomic
def record_contact_attempt(*, staff: StaffMember, case: SanctionCase, on: datetime.date, kind: str,
                           reached: bool = False, note: str = "") -> ContactAttempt:
    case = _open(case)
    if kind not in ContactAttempt.Kind.values:
        raise ValidationError({"kind": _("Choose how you tried to reach the citizen.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("A contact attempt cannot be in the future.")})
    attempt = ContactAttempt.objects.create(
        municipality_id=case.municipality_id, citizen_id=case.citizen_id, case=case, on=on, kind=kind,
        reached=bool(reached), note=field_text(note, "note"), by=staff,
    )
    if reached and case.contact_on is None and on >= case.event_on:
        case.contact_on = on
        case.save(update_fields=["contact_on"])
    return attempt


@transaction.atomic
def resolve_by_contact(*, staff: StaffMember, case: SanctionCase, note: str) -> SanctionCase:
    """The absence is cleared up with the citizen: no sanction, nothing sent to the sanction officer."""
    case = _open(case)
    note = field_text(note, "note", required=True, empty_message=_("Write what the contact cleared up."))
    if case.stage != Stage.DOCUMENTING:
        raise ValidationError(_("The sanction officer has the case: ask them to decide."))
    if not case.attempts.filter(reached=True).exists():
        raise ValidationError(_("Record the contact with the citizen first (a contact attempt where you reached them)."))
    case.staff_note = "\n\n".join(t for t in (case.staff_note, note) if t)
    case.stage, case.status, case.closed_at = Stage.RESOLVED, SanctionCase.Status.CLOSED, timezone.now()
    case.save(update_fields=["staff_note", "stage", "status", "closed_at"])
    _tell_citizen(case, "resolved", *letters.resolved_message(case))
    return case


@transaction.atomic
def refer(*, staff: StaffMember, case: SanctionCase, officer: StaffMember) -> SanctionCase:
    case = _open(case)
    if case.stage != Stage.DOCUMENTING:
        raise ValidationError(_("The case is with a sanction officer already."))
    if not (officer.municipality_id == case.municipality_id and officer.has_role(Role.SANCTION_OFFICER)):
        raise ValidationError({"officer": _("Choose a sanction officer.")})
    case.referred_to, case.referred_by, case.referred_at, case.stage = officer, staff, timezone.now(), Stage.REFERRED
    case.save(update_fields=["referred_to", "referred_by", "referred_at", "stage"])
    _tell_citizen(case, "referred", *letters.referred_message(case))
    return case


def record_guidance(*, staff: StaffMember, citizen, given_on: datetime.date, how: str) -> WrittenGuidance:
    if how not in WrittenGuidance.How.values:
        raise ValidationError({"how": _("Choose how the guidance was given.")})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The day cannot be in the future.")})
    return WrittenGuidance.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, given_on=given_on,
                                          how=how, recorded_by=staff)


# --- The sanction officer's steps -----------------------------------------------------------------------------------

def _require_officer(staff: StaffMember, case: SanctionCase) -> None:
    if not (staff.has_role(Role.SANCTION_OFFICER) and case.referred_to_id == staff.pk):
        raise PermissionDenied


@transaction.atomic
def assess(*, staff: StaffMember, case: SanctionCase, reasonable_cause: str, cause_examples=(),
           reasonable_cause_assessment: str = "", availability_promoted: bool | None = None,
           availability_reasoning: str = "", vulnerability_assessment: str = "") -> SanctionCase:
    case = _open(case)
    _require_officer(staff, case)
    if reasonable_cause not in SanctionCase.Cause.values:
        raise ValidationError({"reasonable_cause": _("Choose whether there was a reasonable cause.")})
    unknown = set(cause_examples) - rules.CAUSE_CODES
    if unknown:
        raise ValidationError({"cause_examples": _("Unknown example.")})
    case.reasonable_cause, case.cause_examples = reasonable_cause, sorted(set(cause_examples))
    case.reasonable_cause_assessment = field_text(reasonable_cause_assessment, "reasonable_cause_assessment")
    case.availability_promoted = availability_promoted
    case.availability_reasoning = field_text(availability_reasoning, "availability_reasoning")
    case.vulnerability_assessment = field_text(vulnerability_assessment, "vulnerability_assessment")
    case.assessed_by, case.assessed_at = staff, timezone.now()
    case.save()
    return case


@transaction.atomic
def send_hearing(*, staff: StaffMember, case: SanctionCase, deadline: datetime.date) -> Hearing:
    case = _open(case)
    _require_officer(staff, case)
    today = timezone.localdate()
    if Hearing.objects.filter(case=case).exists():
        raise ValidationError(_("The hearing was sent already."))
    if not (today + datetime.timedelta(days=7) <= deadline <= today + datetime.timedelta(days=60)):
        raise ValidationError({"deadline": _("Give the citizen at least 7 and at most 60 days to answer.")})
    preview = deduction_preview(case, decided_on=deadline + datetime.timedelta(days=1))
    letter = letters.hearing_letter(case, staff=staff, deadline=deadline, preview=preview)
    hearing = Hearing.objects.create(municipality_id=case.municipality_id, citizen_id=case.citizen_id, case=case,
                                     sent_on=today, deadline=deadline, letter=letter, sent_by=staff)
    case.stage = Stage.HEARING
    case.save(update_fields=["stage"])
    _tell_citizen(case, "hearing", letter.subject, "\n\n".join(letter.paragraphs))
    return hearing


@transaction.atomic
def record_answer(*, staff: StaffMember, case: SanctionCase, answer: str, answered_on: datetime.date) -> Hearing:
    case = _open(case)
    hearing = Hearing.objects.filter(case=case).first()
    if hearing is None:
        raise ValidationError(_("Send the hearing first."))
    if hearing.answered_in_portal:
        raise ValidationError(_("The citizen answered in the portal already; their answer is kept as they wrote it."))
    if not (hearing.sent_on <= answered_on <= timezone.localdate()):
        raise ValidationError({"answered_on": _("The answer comes after the hearing was sent, and not after today.")})
    hearing.answer = field_text(answer, "answer", required=True, empty_message=_("Write the citizen's answer."))
    hearing.answered_on, hearing.answer_recorded_by = answered_on, staff
    hearing.save(update_fields=["answer", "answered_on", "answer_recorded_by"])
    return hearing


# Why `record_citizen_answer` refuses, as ValidationError codes the portal turns into its own plain words.
CLOSED, NO_HEARING, ANSWERED, EMPTY, TOO_LONG = "closed", "no_hearing", "answered", "empty", "too_long"
ANSWER_MAX_LENGTH = 5000


@transaction.atomic
def record_citizen_answer(*, case: SanctionCase, answer: str, change_reason: str = "") -> Hearing:
    """The citizen's own answer to the hearing, given in the portal: kept as written, dated today, recorded by no
    staff member and marked `answered_in_portal`. Refused when the case is decided or resolved, or the hearing has
    an answer already. An answer after the deadline is accepted (the officer must still read it; `answered_late`
    marks it): the deadline says when the officer may decide without one, not that a later answer is void.
    `change_reason` goes on the history row (the portal passes its own, so the change history names it)."""
    case = SanctionCase.objects.select_for_update().get(pk=case.pk)
    if case.stage not in BEFORE_DECISION:
        raise ValidationError(_("The case is closed: it was decided or resolved."), code=CLOSED)
    hearing = Hearing.objects.select_for_update().filter(case=case).first()
    if hearing is None:
        raise ValidationError(_("Send the hearing first."), code=NO_HEARING)
    if hearing.answered_on is not None:
        raise ValidationError(_("The hearing has an answer already."), code=ANSWERED)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": ValidationError(_("Write the citizen's answer."), code=EMPTY)})
    if len(answer) > ANSWER_MAX_LENGTH:
        raise ValidationError({"answer": ValidationError(
            _("Write at most %(n)s characters.") % {"n": ANSWER_MAX_LENGTH}, code=TOO_LONG)})
    hearing.answer, hearing.answered_on = answer, timezone.localdate()
    hearing.answer_recorded_by, hearing.answered_in_portal = None, True
    if change_reason:
        hearing._change_reason = change_reason
    hearing.save(update_fields=["answer", "answered_on", "answer_recorded_by", "answered_in_portal"])
    return hearing


# --- Facts, the deduction and the decision --------------------------------------------------------------------------

def rate_sets(municipality_id: int):
    rows = SanctionRate.objects.filter(municipality_id=municipality_id).order_by("valid_from")
    return tuple(
        rules.RateSet(r.valid_from, r.valid_to, (r.threshold_1, r.threshold_2, r.threshold_3),
                      (r.rate_1, r.rate_2, r.rate_3, r.rate_4), r.source, r.confirmed) for r in rows
    ) or rules.DEFAULT_RATES


def _benefits(case: SanctionCase):
    periods = list(BenefitPeriod.objects.filter(citizen_id=case.citizen_id))

    def benefit_on(day):
        found = next((p for p in periods if p.covers(day)), None)
        return None if found is None else Decimal(found.monthly_amount)
    return benefit_on


def case_days(case: SanctionCase) -> list[datetime.date]:
    return rules.deduction_days(case.ground, missed_on=case.event_on, contact_on=case.contact_on,
                                absent_days=[datetime.date.fromisoformat(d) for d in case.absent_days])


def deduction_preview(case: SanctionCase, *, decided_on: datetime.date) -> rules.Deduction:
    event_of = (lambda day: day) if case.ground == Ground.OFFER else (lambda day: case.event_on)
    return rules.compute_deduction(case_days(case), event_of=event_of, decided_on=decided_on,
                                   benefit_on=_benefits(case), rate_sets=rate_sets(case.municipality_id))


def _aktivitetsparat(case: SanctionCase) -> bool:
    period = (TargetGroupPeriod.objects.filter(citizen_id=case.citizen_id, valid_from__lte=case.event_on)
              .order_by("-valid_from").first())
    return period is not None and period.covers(case.event_on) and period.group in AKTIVITETSPARAT


def _rate_on_event_day(case: SanctionCase) -> int | None:
    benefit = _benefits(case)(case.event_on)
    found = None if benefit is None else rules.daily_rate(case.event_on, benefit, rate_sets(case.municipality_id))
    return None if found is None else found[0]


def facts_for(case: SanctionCase, *, outcome: str, reasons: str, decided_on: datetime.date):
    """What the safeguard checker reads, built from the case as it stands, and the deduction it would give."""
    deduction = deduction_preview(case, decided_on=decided_on)
    guidance = (WrittenGuidance.objects.filter(citizen_id=case.citizen_id, given_on__lte=case.event_on)
                .order_by("-given_on").first())
    hearing = Hearing.objects.filter(case=case).first()
    month_start = case.event_on.replace(day=1)
    reductions = Decision.objects.filter(
        citizen_id=case.citizen_id, outcome=Decision.Outcome.REDUCTION,
        case__event_on__gte=month_start, case__event_on__lt=(month_start + datetime.timedelta(days=32)).replace(day=1),
    ).exclude(case=case).count()
    facts = rules.SanctionFacts(
        ground=case.ground, source=case.source, event_on=case.event_on, decided_on=decided_on, outcome=outcome,
        aktivitetsparat=_aktivitetsparat(case), guidance_given_on=guidance.given_on if guidance else None,
        contact_attempts=tuple(rules.ContactAttemptFact(a.on, a.kind, a.reached) for a in case.attempts.all()),
        reasonable_cause=case.reasonable_cause, reasonable_cause_assessment=case.reasonable_cause_assessment,
        availability_promoted=case.availability_promoted, availability_reasoning=case.availability_reasoning,
        vulnerability_assessment=case.vulnerability_assessment,
        hearing_sent_on=hearing.sent_on if hearing else None, hearing_deadline=hearing.deadline if hearing else None,
        hearing_answered_on=hearing.answered_on if hearing else None, reasons=reasons or "",
        contact_on=case.contact_on, days=tuple(day for day, _rate in deduction.rates),
        days_without_benefit=deduction.without_benefit, reductions_this_month=reductions,
        rate_expected=_rate_on_event_day(case),
    )
    return facts, deduction


def missing_for(case: SanctionCase, *, outcome: str, reasons: str = "x" * rules.MIN_TEXT,
                decided_on: datetime.date | None = None) -> list[rules.Requirement]:
    """What still blocks a decision with this outcome today (the reasons are assumed written unless given)."""
    facts, _deduction = facts_for(case, outcome=outcome, reasons=reasons, decided_on=decided_on or timezone.localdate())
    return rules.missing(facts)


def decide(*, staff: StaffMember, case: SanctionCase, outcome: str, reasons: str) -> Decision:
    """The sanction officer's decision. Refused, with the list of what is missing, unless every safeguard for this
    citizen's group and date is done; a refusal is kept for the statistics."""
    with transaction.atomic():
        case = _open(case)
        _require_officer(staff, case)
        if outcome not in Decision.Outcome.values:
            raise ValidationError({"outcome": _("Choose the decision.")})
        reasons = field_text(reasons, "reasons")
        facts, deduction = facts_for(case, outcome=outcome, reasons=reasons, decided_on=timezone.localdate())
        blocking = rules.missing(facts)
        if not blocking:
            return _make_decision(staff, case, outcome, reasons, deduction)
    BlockedDecision.objects.create(municipality_id=case.municipality_id, citizen_id=case.citizen_id, case=case,
                                   outcome=outcome, missing=[r.code for r in blocking], by=staff)
    raise ValidationError(
        _("The decision cannot be made yet. Missing: %(missing)s.") % {"missing": "; ".join(str(r.title) for r in blocking)}
    )


def _make_decision(staff, case, outcome, reasons, deduction) -> Decision:
    amount, lines = 0, []
    if outcome == Decision.Outcome.DEDUCTION:
        amount = deduction.total
        lines = [{"year": line.year, "month": line.month, "days": line.days, "before_cap": line.before_cap,
                  "amount": line.amount} for line in deduction.lines]
    elif outcome == Decision.Outcome.REDUCTION:
        benefit = _benefits(case)(case.event_on)
        amount = rules.reduction_amount(case.event_on, benefit, rate_sets(case.municipality_id)) or 0
        lines = [{"year": case.event_on.year, "month": case.event_on.month, "days": 0, "before_cap": amount,
                  "amount": amount}]
    letter = letters.decision_letter(case, staff=staff, outcome=outcome, reasons=reasons, amount=amount, lines=lines)
    decision = Decision.objects.create(
        municipality_id=case.municipality_id, citizen_id=case.citizen_id, case=case, outcome=outcome, reasons=reasons,
        amount=amount, lines=lines, rate_unconfirmed=deduction.unconfirmed and outcome != Decision.Outcome.NONE,
        decided_on=timezone.localdate(), decided_by=staff, letter=letter,
    )
    if amount:
        BenefitEvent.objects.create(municipality_id=case.municipality_id, citizen_id=case.citizen_id,
                                    decision=decision, kind=outcome, amount=amount, months=lines)
    case.stage, case.status, case.closed_at = Stage.DECIDED, SanctionCase.Status.CLOSED, timezone.now()
    case.save(update_fields=["stage", "status", "closed_at"])
    _tell_citizen(case, "decided", letter.subject, "\n\n".join(letter.paragraphs))
    return decision


# --- The rate table -------------------------------------------------------------------------------------------------

def _seed_rates(staff: StaffMember) -> None:
    if SanctionRate.objects.filter(municipality_id=staff.municipality_id).exists():
        return
    for r in rules.DEFAULT_RATES:
        SanctionRate.objects.create(
            municipality_id=staff.municipality_id, valid_from=r.valid_from, valid_to=r.valid_to,
            threshold_1=r.thresholds[0], threshold_2=r.thresholds[1], threshold_3=r.thresholds[2],
            rate_1=r.rates[0], rate_2=r.rates[1], rate_3=r.rates[2], rate_4=r.rates[3], source=r.source,
            confirmed=r.confirmed,
        )


@transaction.atomic
def set_rate_period(*, staff: StaffMember, valid_from: datetime.date, valid_to: datetime.date | None, threshold_1,
                    threshold_2, threshold_3, rate_1: int, rate_2: int, rate_3: int, rate_4: int, source: str,
                    confirmed: bool = False) -> SanctionRate:
    """Set the rates from a day, with their source: the period running on that day ends the day before (or, if it
    starts that day, is replaced). History keeps every earlier version."""
    if not staff.has_role(Role.ADMIN):
        raise PermissionDenied
    source = field_text(source, "source", required=True, empty_message=_("Give the source of the figures."))
    if not (threshold_1 <= threshold_2 <= threshold_3):
        raise ValidationError({"threshold_2": _("The band limits must rise from band 2 to band 4.")})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The period must end on or after its first day.")})
    _seed_rates(staff)
    rows = SanctionRate.objects.select_for_update().filter(municipality_id=staff.municipality_id)
    if rows.filter(valid_from__gt=valid_from).exists():
        raise ValidationError({"valid_from": _("A later period exists: set the rates from its first day or later.")})
    values = {"valid_to": valid_to, "threshold_1": threshold_1, "threshold_2": threshold_2,
              "threshold_3": threshold_3, "rate_1": rate_1, "rate_2": rate_2, "rate_3": rate_3, "rate_4": rate_4,
              "source": source, "confirmed": bool(confirmed), "changed_by": staff}
    same_day = rows.filter(valid_from=valid_from).first()
    if same_day:
        for name, value in values.items():
            setattr(same_day, name, value)
        same_day.save()
        return same_day
    running = rows.filter(valid_from__lt=valid_from).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    for row in running:
        row.valid_to, row.changed_by = valid_from - datetime.timedelta(days=1), staff
        row.save(update_fields=["valid_to", "changed_by"])
    return SanctionRate.objects.create(municipality_id=staff.municipality_id, valid_from=valid_from, **values)
