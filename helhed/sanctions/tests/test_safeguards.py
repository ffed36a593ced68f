"""The decide action is blocked until every required step for the citizen's group and date is done: each missing
precondition in its own test, against the whole path through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.sanctions import services
from helhed.sanctions.models import BenefitEvent, BlockedDecision, Decision, SanctionCase
from helhed.sanctions.tests.conftest import days_ago, miss_conversation, prepare

REASONS = "Søren udeblev uden rimelig grund og var vejledt om konsekvensen; han fik lejlighed til at udtale sig."


@pytest.fixture
def case(caseworker, citizen, benefit):
    return miss_conversation(caseworker, citizen, on=days_ago(20))


def _blocked(case, officer, code, outcome="deduction"):
    with pytest.raises(ValidationError, match="Missing|mangler|Mangler"):
        services.decide(staff=officer, case=case, outcome=outcome, reasons=REASONS)
    assert code in BlockedDecision.objects.get(case=case).missing
    assert not Decision.objects.exists() and not BenefitEvent.objects.exists()
    case.refresh_from_db()
    assert case.status == SanctionCase.Status.OPEN


def test_a_lawful_deduction_is_decided_with_letter_and_benefit_event(case, caseworker, officer):
    prepare(case, caseworker=caseworker, officer=officer)
    decision = services.decide(staff=officer, case=case, outcome="deduction", reasons=REASONS)
    assert (decision.amount, [line["days"] for line in decision.lines]) in [(1200, [2]), (1200, [1, 1])]
    assert BenefitEvent.objects.get().amount == 1200
    assert decision.letter.kind == "decision" and "Ankestyrelsen" in " ".join(decision.letter.paragraphs)
    case.refresh_from_db()
    assert (case.stage, case.status) == ("decided", "closed")


def test_sanction_blocked_without_written_guidance(case, caseworker, officer):
    _blocked(prepare(case, caseworker=caseworker, officer=officer, skip={"guidance"}), officer, "written_guidance")


def test_sanction_blocked_without_contact_attempts(case, caseworker, officer):
    _blocked(prepare(case, caseworker=caseworker, officer=officer, skip={"contact_attempt"}), officer,
             "contact_attempt")


def test_sanction_blocked_without_reasonable_cause_assessment(case, caseworker, officer):
    _blocked(prepare(case, caseworker=caseworker, officer=officer, skip={"assessment"}), officer,
             "reasonable_cause_assessed")


def test_sanction_blocked_when_reasonable_cause_was_found(case, caseworker, officer):
    _blocked(prepare(case, caseworker=caseworker, officer=officer, cause="yes"), officer, "no_reasonable_cause")


def test_sanction_blocked_without_availability_assessment_for_an_activity_ready_citizen(case, caseworker, officer):
    _blocked(prepare(case, caseworker=caseworker, officer=officer, skip={"availability"}), officer,
             "availability_assessed")


def test_sanction_blocked_without_vulnerability_assessment_for_an_activity_ready_citizen(case, caseworker, officer):
    _blocked(prepare(case, caseworker=caseworker, officer=officer, skip={"vulnerability"}), officer,
             "availability_assessed")


def test_sanction_blocked_when_it_would_not_promote_availability(case, caseworker, officer):
    _blocked(prepare(case, caseworker=caseworker, officer=officer, promoted=False), officer, "availability_promoted")


def test_sanction_blocked_without_hearing(case, caseworker, officer):
    _blocked(prepare(case, caseworker=caseworker, officer=officer, skip={"hearing"}), officer, "hearing")


def test_sanction_blocked_before_the_hearing_deadline_without_an_answer(case, caseworker, officer):
    _blocked(prepare(case, caseworker=caseworker, officer=officer, skip={"answer"}), officer, "hearing")


def test_sanction_blocked_after_the_three_month_limit(caseworker, citizen, benefit, officer):
    late = miss_conversation(caseworker, citizen, on=days_ago(130))
    _blocked(prepare(late, caseworker=caseworker, officer=officer), officer, "within_three_months")


def test_a_job_ready_citizen_needs_no_availability_assessment(caseworker, make_citizen, officer):
    from helhed.citizens.models import BenefitPeriod

    jobparat = make_citizen(caseworker, cpr="0202904321", first="Karin", group="2")
    BenefitPeriod.objects.create(municipality=jobparat.municipality, citizen=jobparat, kind="kontanthjaelp",
                                 monthly_amount=9000, valid_from=datetime.date(2024, 1, 1))
    case = prepare(miss_conversation(caseworker, jobparat, on=days_ago(20)), caseworker=caseworker, officer=officer,
                   skip={"availability", "vulnerability"})
    assert services.decide(staff=officer, case=case, outcome="deduction", reasons=REASONS).amount == 900


def test_legal_preconditions_have_no_override_not_even_for_a_decision_without_reasons(case, caseworker, officer):
    prepare(case, caseworker=caseworker, officer=officer)
    with pytest.raises(ValidationError):
        services.decide(staff=officer, case=case, outcome="none", reasons="")
    assert services.decide(staff=officer, case=case, outcome="none", reasons=REASONS).amount == 0
    assert not BenefitEvent.objects.exists()


def test_only_the_sanction_officer_it_was_sent_to_decides(case, caseworker, officer, make_staff, municipality):
    from helhed.core.models import Role

    prepare(case, caseworker=caseworker, officer=officer)
    other_officer = make_staff(municipality, "ove", role=Role.SANCTION_OFFICER, unit_name="Ydelse og Sanktion")
    for who in (caseworker, other_officer):
        with pytest.raises(PermissionDenied):
            services.decide(staff=who, case=case, outcome="deduction", reasons=REASONS)
        with pytest.raises(PermissionDenied):
            services.assess(staff=who, case=case, reasonable_cause="no")
    assert not Decision.objects.exists()


def test_a_decided_case_takes_no_more_steps(case, caseworker, officer):
    prepare(case, caseworker=caseworker, officer=officer)
    services.decide(staff=officer, case=case, outcome="none", reasons=REASONS)
    with pytest.raises(ValidationError):
        services.decide(staff=officer, case=case, outcome="deduction", reasons=REASONS)
    with pytest.raises(ValidationError):
        services.record_contact_attempt(staff=caseworker, case=case, on=days_ago(1), kind="phone")
    assert Decision.objects.count() == 1
