"""Every absence source opens a case for documentation, and none of them ever produces a deduction without a
decision by the sanction officer the case was sent to."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from helhed.contact.models import Appointment
from helhed.core.models import OrganisationUnit, Role
from helhed.offers import referrals
from helhed.offers.models import Referral
from helhed.sanctions import services
from helhed.sanctions.models import BenefitEvent, Decision, SanctionCase
from helhed.sanctions.tests.conftest import days_ago, miss_conversation, prepare

SOURCES = ["jobsamtale", "mentor_meeting", "offer", "mentor_support", "refusal"]


@pytest.fixture
def mentor(municipality, make_staff):
    OrganisationUnit.objects.create(municipality=municipality, name="Udsyn", kind=OrganisationUnit.Kind.PROVIDER)
    return make_staff(municipality, "mona", role=Role.MENTOR, unit_name="Udsyn", first="Mona")


def _absent_at(caseworker, mentor, citizen, service):
    provider = mentor.unit
    referral = referrals.create_referral(
        staff=caseworker, citizen=citizen, provider=provider, service=service, order_text="Støtte i hverdagen.",
        granted_minutes_per_week=120, valid_from=days_ago(30), valid_to=days_ago(-30))
    for state in (Referral.State.SENT, Referral.State.ACCEPTED, Referral.State.STARTED):
        referral = referrals.move_referral(staff=caseworker if state == Referral.State.SENT else mentor,
                                           referral=referral, to_state=state)
    referrals.register_attendance(staff=mentor, referral=referral, on=days_ago(10), present=False, reason="unknown",
                                  context="Ikke mødt; telefonen er slukket.")
    referrals.register_attendance(staff=mentor, referral=referral, on=days_ago(9), present=False, reason="ill",
                                  context="Syg, ringede selv.")
    return SanctionCase.objects.get(referral=referral)


def _open(source, caseworker, mentor, citizen):
    if source == "jobsamtale":
        return miss_conversation(caseworker, citizen, on=days_ago(10))
    if source == "mentor_meeting":
        return miss_conversation(caseworker, citizen, on=days_ago(10), kind=Appointment.Kind.MENTOR_MEETING)
    if source == "offer":
        return _absent_at(caseworker, mentor, citizen, "Afklaringsforløb i værkstedet")
    if source == "mentor_support":
        return _absent_at(caseworker, mentor, citizen, "Mentorstøtte")
    return services.open_refusal_case(staff=caseworker, citizen=citizen, event_on=days_ago(10),
                                      summary="Sagde nej til praktikken i Netto.")


@pytest.mark.parametrize("source", SOURCES)
def test_no_absence_source_produces_a_deduction_without_a_sanction_officers_decision(
        source, caseworker, mentor, citizen, benefit, officer):
    case = _open(source, caseworker, mentor, citizen)
    assert (case.stage, case.referred_to) == ("documenting", None)
    if source in ("offer", "mentor_support"):
        assert case.absent_days == [days_ago(10).isoformat(), days_ago(9).isoformat()]  # both days, one case
    documenters = [caseworker] + ([mentor] if case.reported_by == mentor else [])
    for who in documenters:
        services.record_contact_attempt(staff=who, case=case, on=days_ago(8), kind="phone", reached=True)
        services.update_context(staff=who, case=case, citizen_explanation="Jeg kunne ikke overskue det.",
                                staff_note="Talt med Søren.", contact_on=days_ago(8))
        for outcome in ("deduction", "reduction", "none"):
            with pytest.raises(PermissionDenied):
                services.decide(staff=who, case=case, outcome=outcome, reasons="x" * 40)
    assert not BenefitEvent.objects.exists() and not Decision.objects.exists()
    with pytest.raises(PermissionDenied):  # not sent to them yet
        services.decide(staff=officer, case=case, outcome="none", reasons="x" * 40)
    prepare(case, caseworker=caseworker, officer=officer)
    assert not BenefitEvent.objects.exists()
    outcome = "reduction" if source == "refusal" else "deduction"
    if source in ("mentor_meeting", "mentor_support"):  # mentor support is not an offer: never a § 36 deduction
        with pytest.raises(ValidationError):
            services.decide(staff=officer, case=case, outcome=outcome, reasons="x" * 40)
        assert not BenefitEvent.objects.exists()
        return
    decision = services.decide(staff=officer, case=case, outcome=outcome, reasons="x" * 40)
    assert BenefitEvent.objects.get().decision == decision and decision.decided_by == officer


def test_resolved_by_contact_closes_the_case_without_any_sanction(caseworker, citizen, officer):
    case = miss_conversation(caseworker, citizen, on=days_ago(3))
    with pytest.raises(ValidationError):  # first reach the citizen
        services.resolve_by_contact(staff=caseworker, case=case, note="Talt med ham.")
    services.record_contact_attempt(staff=caseworker, case=case, on=days_ago(2), kind="home_visit", reached=True,
                                    note="Hjemmebesøg: han var syg, ingen telefon.")
    services.resolve_by_contact(staff=caseworker, case=case, note="Syg; aftalt ny samtale på torsdag.")
    case.refresh_from_db()
    assert (case.stage, case.status, case.contact_on) == ("resolved", "closed", days_ago(2))
    with pytest.raises(ValidationError):
        services.refer(staff=caseworker, case=case, officer=officer)


def test_the_citizen_is_told_at_each_step(caseworker, citizen, benefit, officer):
    from helhed.contact.models import OutboxMessage

    case = prepare(miss_conversation(caseworker, citizen, on=days_ago(20)), caseworker=caseworker, officer=officer)
    services.decide(staff=officer, case=case, outcome="none", reasons="Søren var syg; lægen har bekræftet det.")
    subjects = list(OutboxMessage.objects.filter(citizen=citizen).order_by("created_at", "pk")
                    .values_list("subject", flat=True))
    assert len(subjects) == 4  # opened, sent to the sanction officer, hearing, decision
    assert subjects[0].startswith("Vi savnede dig") and "ingen" in subjects[-1].lower()


def test_bad_input_gets_a_clear_error_and_changes_nothing(caseworker, citizen, officer):
    case = miss_conversation(caseworker, citizen, on=days_ago(3))
    future = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.record_contact_attempt(staff=caseworker, case=case, on=future, kind="phone")
    with pytest.raises(ValidationError):
        services.record_contact_attempt(staff=caseworker, case=case, on=days_ago(1), kind="telepathy")
    with pytest.raises(ValidationError):
        services.update_context(staff=caseworker, case=case, contact_on=days_ago(10))  # before the absence
    with pytest.raises(ValidationError):
        services.update_context(staff=caseworker, case=case, citizen_explanation="x" * 5001)
    services.refer(staff=caseworker, case=case, officer=officer)
    with pytest.raises(ValidationError):
        services.send_hearing(staff=officer, case=case, deadline=timezone.localdate())  # no time to answer
    with pytest.raises(ValidationError):
        services.refer(staff=caseworker, case=case, officer=caseworker)
    case.refresh_from_db()
    assert (case.attempts.count(), case.contact_on, case.citizen_explanation, case.stage) == (0, None, "", "referred")
