import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helhed.rules.calendar import is_working_day
from helhed.rules.engine import contact_quota, evaluate
from helhed.rules.facts import CitizenFacts, Conversation, Exemption, Offer, QuotaDecision, TargetPeriod
from helhed.rules.registry import REGISTRY, Status

D = datetime.date


def facts(*periods, conversations=(), offers=(), exemptions=(), coordinating=None, outside_quota=False):
    return CitizenFacts(
        citizen_id=1, first_name="Søren", target_periods=[TargetPeriod(*p) for p in periods],
        conversations=list(conversations), offers=list(offers), exemptions=list(exemptions),
        coordinating_caseworker_since=coordinating,
        quota_decisions=[QuotaDecision(D(2026, 7, 1))] if outside_quota else [],
    )


def by_rule(obligations):
    return {o.rule_id: o for o in obligations}


# --- first job conversation (§ 31 stk. 5) ------------------------------------------------------------------------

def test_first_jobsamtale_is_due_one_week_after_the_course_starts():
    o = by_rule(evaluate(facts(("2", D(2025, 3, 3), None)), D(2025, 3, 4)))["first_jobsamtale"]
    assert (o.due, o.status) == (D(2025, 3, 10), Status.DUE)  # within five working days: "due"
    assert "§ 31, stk. 5" in str(o.source) and o.source.url.endswith("/paragraf/31/")


def test_first_jobsamtale_is_overdue_the_day_after_the_deadline_and_met_when_held():
    citizen = facts(("2", D(2025, 3, 3), None))
    assert by_rule(evaluate(citizen, D(2025, 3, 10)))["first_jobsamtale"].status == Status.DUE
    assert by_rule(evaluate(citizen, D(2025, 3, 11)))["first_jobsamtale"].status == Status.OVERDUE
    citizen.conversations.append(Conversation(D(2025, 3, 12), in_person=True))
    assert by_rule(evaluate(citizen, D(2025, 3, 13)))["first_jobsamtale"].status == Status.MET


def test_first_jobsamtale_deadline_on_a_holiday_moves_to_the_next_working_day():
    # 26 March 2026 + 7 days = Thursday 2 April (skærtorsdag); Good Friday and Easter Monday follow.
    o = by_rule(evaluate(facts(("3", D(2026, 3, 26), None)), D(2026, 3, 27)))["first_jobsamtale"]
    assert o.due == D(2026, 4, 7)


def test_no_contact_obligations_for_a_citizen_on_sickness_benefit():
    assert "first_jobsamtale" not in by_rule(evaluate(facts(("6", D(2025, 3, 3), None)), D(2025, 4, 1)))


def test_moving_from_jobparat_to_aktivitetsparat_does_not_restart_the_course():
    citizen = facts(("2", D(2025, 1, 6), D(2025, 2, 28)), ("3", D(2025, 3, 1), None))
    o = by_rule(evaluate(citizen, D(2025, 3, 5)))["first_jobsamtale"]
    assert o.due == D(2025, 1, 13)


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2028, 6, 1)))
def test_first_jobsamtale_deadline_is_a_working_day_about_a_week_after_the_start(start):
    found = by_rule(evaluate(facts(("2", start, None)), start))
    o = found.get("first_jobsamtale") or found["effort_first_conversation"]  # the 2027 draft names it by effort
    assert is_working_day(o.due) and 7 <= (o.due - start).days <= 13


# --- four conversations in six months (§ 31 stk. 3) -----------------------------------------------------------------

def test_four_conversations_in_six_months_counts_held_ones_only():
    conversations = [Conversation(D(2025, 1, 8), True), Conversation(D(2025, 2, 20), False),
                     Conversation(D(2025, 3, 30), False, held=False), Conversation(D(2025, 4, 10), False)]
    o = by_rule(evaluate(facts(("3", D(2025, 1, 6), None), conversations=conversations), D(2025, 5, 1)))
    assert o["kontaktforloeb"].status != Status.MET and "3 af 4" in o["kontaktforloeb"].explanation
    conversations.append(Conversation(D(2025, 6, 2), True))
    o = by_rule(evaluate(facts(("3", D(2025, 1, 6), None), conversations=conversations), D(2025, 6, 3)))
    assert o["kontaktforloeb"].status == Status.MET


def test_fewer_than_four_conversations_is_never_overdue_before_the_six_months_end_and_missed_after_them():
    citizen = facts(("2", D(2025, 1, 6), None), conversations=[Conversation(D(2025, 1, 8), True)])
    o = by_rule(evaluate(citizen, D(2025, 7, 4)))["kontaktforloeb"]
    assert o.status == Status.DUE and o.advice_due < D(2025, 7, 4)  # the pacing advice has passed: advice only
    o = by_rule(evaluate(citizen, D(2025, 7, 15)))["kontaktforloeb"]
    assert (o.status, o.due) == (Status.MISSED, D(2025, 7, 7))
    assert "§ 32" in o.explanation


# --- the law changes on 1 July 2026 -------------------------------------------------------------------------------

def test_the_same_history_before_and_after_1_july_2026_yields_the_documented_differences():
    """A jobparat citizen the municipality placed outside the 75 % keeps the first conversation after 1 July 2026
    but no longer has the four-in-six-months obligation; obligations after that date cite rule set reform2026."""
    citizen = facts(("2", D(2026, 6, 29), None), conversations=[Conversation(D(2026, 6, 30), True)],
                    outside_quota=True)
    before = by_rule(evaluate(citizen, D(2026, 6, 30)))
    after = by_rule(evaluate(citizen, D(2026, 7, 1)))
    assert before["kontaktforloeb"].status != Status.EXEMPT and after["kontaktforloeb"].status == Status.EXEMPT
    # The first conversation was due on 6 July 2026: judged by the reform on either day.
    assert before["first_jobsamtale"].rule_set == after["first_jobsamtale"].rule_set == "reform2026"
    assert after["first_jobsamtale"].status == Status.MET
    # Inside the quota the obligation continues under the amended, still unconfirmed wording.
    citizen.quota_decisions = []
    kontakt = by_rule(evaluate(citizen, D(2026, 7, 1)))["kontaktforloeb"]
    assert kontakt.unconfirmed and "ændret" in kontakt.source.paragraph


def test_the_75_percent_requirement_is_a_municipality_level_share_from_1_july_2026():
    population = {i: facts(("2", D(2026, 1, 5), None), outside_quota=i < 3) for i in range(10)}
    for citizen in population.values():
        citizen.quota_decisions = [QuotaDecision(D(2026, 1, 1))] if citizen.quota_decisions else []
    assert contact_quota(population, D(2026, 6, 30)) is None
    quota = contact_quota(population, D(2026, 7, 1))
    assert (quota.scope, quota.status) == ("municipality", Status.OVERDUE) and "7 af 10" in quota.explanation
    population[0].quota_decisions = []
    assert contact_quota(population, D(2026, 7, 1)).status == Status.MET


def test_2027_is_a_draft_that_marks_everything_unconfirmed():
    o = by_rule(evaluate(facts(("2", D(2027, 1, 4), None)), D(2027, 1, 5)))["effort_first_conversation"]
    assert o.rule_set == "reform2027" and o.unconfirmed
    assert REGISTRY.rule_set_on(D(2027, 6, 1)).unconfirmed


# --- the other rules --------------------------------------------------------------------------------------------

def test_coordinating_caseworker_must_be_offered_at_once_to_aktivitetsparate():
    o = by_rule(evaluate(facts(("3", D(2025, 3, 3), None)), D(2025, 3, 4)))["coordinating_caseworker"]
    assert (o.due, o.status) == (D(2025, 3, 3), Status.OVERDUE)
    o = by_rule(evaluate(facts(("3", D(2025, 3, 3), None), coordinating=D(2025, 3, 3)), D(2025, 3, 4)))
    assert o["coordinating_caseworker"].status == Status.MET
    assert "coordinating_caseworker" not in by_rule(evaluate(facts(("2", D(2025, 3, 3), None)), D(2025, 3, 4)))


def test_ret_og_pligt_needs_an_offer_of_two_weeks_within_six_months():
    short = Offer("virksomhedspraktik", D(2025, 5, 1), D(2025, 5, 10))
    citizen = facts(("2", D(2025, 1, 6), None), offers=[short])
    assert by_rule(evaluate(citizen, D(2025, 7, 8)))["ret_og_pligt_102"].status == Status.OVERDUE
    citizen.offers.append(Offer("virksomhedspraktik", D(2025, 6, 2), D(2025, 6, 16)))
    assert by_rule(evaluate(citizen, D(2025, 7, 8)))["ret_og_pligt_102"].status == Status.MET


def test_under_30s_need_an_offer_within_a_month_and_at_most_four_months_between_offers():
    citizen = facts(("4", D(2025, 1, 6), None))
    assert by_rule(evaluate(citizen, D(2025, 2, 7)))["ret_og_pligt_105"].status == Status.OVERDUE
    citizen.offers.append(Offer("vejledning", D(2025, 2, 3), D(2025, 3, 28)))
    o = by_rule(evaluate(citizen, D(2025, 5, 1)))["ret_og_pligt_105"]
    assert (o.due, o.status) == (D(2025, 7, 28), Status.UPCOMING)


@pytest.mark.parametrize("group, weeks", [("2", 4), ("3", 13), ("8", 13)])
def test_internship_maximum_duration_depends_on_the_target_group(group, weeks):
    start = D(2025, 3, 3)
    offer = Offer("virksomhedspraktik", start, None)
    o = by_rule(evaluate(facts((group, D(2025, 1, 6), None), offers=[offer]), start))["internship_duration"]
    assert o.due == start + datetime.timedelta(weeks=weeks, days=-1)


def test_internship_beyond_the_limit_needs_an_extension_reason():
    citizen = facts(("3", D(2025, 1, 6), None), offers=[Offer("virksomhedspraktik", D(2025, 3, 3), D(2025, 8, 1))])
    assert by_rule(evaluate(citizen, D(2025, 6, 5)))["internship_duration"].status == Status.OVERDUE
    citizen.offers = [Offer("virksomhedspraktik", D(2025, 3, 3), D(2025, 8, 1), "Timetallet øges gradvist; "
                            "rehabiliteringsteamet skal bruge dokumentationen.")]
    assert by_rule(evaluate(citizen, D(2025, 6, 5)))["internship_duration"].status == Status.MET


def test_mentor_support_is_reviewed_after_six_months():
    citizen = facts(("3", D(2025, 1, 6), None), offers=[Offer("mentor", D(2025, 2, 3), None)])
    o = by_rule(evaluate(citizen, D(2025, 8, 5)))["mentor_review"]
    assert (o.due, o.status) == (D(2025, 8, 4), Status.OVERDUE)


def test_ressourceforloeb_without_effort_goes_back_to_the_team_after_six_months():
    citizen = facts(("8", D(2025, 1, 6), None))
    o = by_rule(evaluate(citizen, D(2025, 7, 7)))["ressourceforloeb_effort"]
    assert (o.due, o.status) == (D(2025, 7, 7), Status.DUE)
    assert by_rule(evaluate(citizen, D(2025, 7, 8)))["ressourceforloeb_effort"].status == Status.OVERDUE


def test_a_106_exemption_turns_open_obligations_into_exempt():
    citizen = facts(("2", D(2025, 1, 6), None), exemptions=[Exemption(D(2025, 1, 6), D(2025, 3, 31),
                                                                      "Starter fuldtidsjob 1. februar",
                                                                      ("first_jobsamtale",), "job")])
    o = by_rule(evaluate(citizen, D(2025, 1, 20)))["first_jobsamtale"]
    assert o.status == Status.EXEMPT and "§ 106" in o.explanation
    assert by_rule(evaluate(citizen, D(2025, 4, 1)))["first_jobsamtale"].status == Status.OVERDUE
