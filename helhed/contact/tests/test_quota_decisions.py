"""The 25 % decisions (reform 2026): recorded per citizen with who, when and why, refused where the law gives no
room for one, handed to the rules as facts, and shown on the overview of citizens in target groups 1, 2 and 9."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.signals import facts_changed
from helhed.contact.facts import quota_decisions_for
from helhed.contact.models import QuotaDecision
from helhed.contact.services.quota import end_quota_decision, record_quota_decision
from helhed.coordination.models import CaseTeamMember
from helhed.coordination.services import add_team_member
from helhed.core.models import Role
from helhed.rules import facts as rule_facts
from helhed.sanctions.models import SanctionCase

pytestmark = pytest.mark.django_db

D = datetime.date
REFORM = D(2026, 7, 1)


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.fixture
def jobparat(caseworker, make_citizen):
    return make_citizen(caseworker, group="2", since=D(2026, 9, 1))


@pytest.fixture
def signals():
    sent = []

    def receiver(sender, citizen, **kwargs):
        sent.append(citizen.pk)

    facts_changed.connect(receiver, dispatch_uid="test_quota_receiver")
    yield sent
    facts_changed.disconnect(dispatch_uid="test_quota_receiver")


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- Services ----------------------------------------------------------------------------------------------------

def test_a_decision_is_recorded_with_who_when_and_why_and_the_rules_hear_of_it(caseworker, jobparat, signals):
    decision = record_quota_decision(staff=caseworker, citizen=jobparat, reason="  Udlært tømrer, mange job.  ")
    decision.refresh_from_db()
    assert (decision.reason, decision.decided_by, decision.valid_from, decision.valid_to) == (
        "Udlært tømrer, mange job.", caseworker, timezone.localdate(), None)
    assert decision.decided_at is not None and decision.municipality_id == jobparat.municipality_id
    assert signals == [jobparat.pk]


@pytest.mark.parametrize("group", ["1", "2", "9"])
def test_dagpenge_jobparat_and_ledighedsydelse_can_be_exempted(caseworker, make_citizen, group):
    citizen = make_citizen(caseworker, group=group, since=D(2026, 8, 3))
    assert record_quota_decision(staff=caseworker, citizen=citizen, reason="Kan selv finde job.").pk


def test_a_decision_from_before_1_july_2026_is_refused(caseworker, jobparat):
    with pytest.raises(ValidationError) as refused:
        record_quota_decision(staff=caseworker, citizen=jobparat, reason="Kan selv.", valid_from=D(2026, 6, 30))
    assert codes(refused.value) == {"before_reform"}
    assert not QuotaDecision.objects.exists()


def test_no_decision_can_be_recorded_before_the_reform_takes_effect(caseworker, jobparat, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 6, 15))
    with pytest.raises(ValidationError) as refused:
        record_quota_decision(staff=caseworker, citizen=jobparat, reason="Kan selv.", valid_from=REFORM)
    assert codes(refused.value) == {"before_reform"}
    assert not QuotaDecision.objects.exists()


@pytest.mark.parametrize("group", ["3", "6", "selvforsoergende"])
def test_a_citizen_outside_groups_1_2_and_9_today_cannot_be_exempted(caseworker, make_citizen, group):
    citizen = make_citizen(caseworker, group=group, since=D(2026, 8, 3))
    with pytest.raises(ValidationError) as refused:
        record_quota_decision(staff=caseworker, citizen=citizen, reason="Kan selv.")
    assert codes(refused.value) == {"target_group"}
    assert not QuotaDecision.objects.exists()


@pytest.mark.parametrize("reason", ["", "   \n ", None])
def test_a_decision_without_a_reason_is_refused(caseworker, jobparat, reason):
    with pytest.raises(ValidationError) as refused:
        record_quota_decision(staff=caseworker, citizen=jobparat, reason=reason)
    assert codes(refused.value) == {"reason"} and "reason" in refused.value.message_dict
    assert not QuotaDecision.objects.exists()


def test_a_second_decision_while_one_is_in_force_is_refused(caseworker, other_caseworker, jobparat):
    record_quota_decision(staff=caseworker, citizen=jobparat, reason="Kan selv.")
    with pytest.raises(ValidationError) as refused:
        record_quota_decision(staff=other_caseworker, citizen=jobparat, reason="Igen.")
    assert codes(refused.value) == {"in_force"}
    assert QuotaDecision.objects.count() == 1


def test_ending_a_decision_records_who_and_makes_room_for_a_new_one(caseworker, other_caseworker, jobparat,
                                                                      signals):
    today = timezone.localdate()
    record_quota_decision(staff=caseworker, citizen=jobparat, reason="Kan selv.", valid_from=today)
    ended = end_quota_decision(staff=other_caseworker, citizen=jobparat, on=today)
    ended.refresh_from_db()
    assert (ended.valid_to, ended.ended_by) == (today, other_caseworker) and ended.ended_at is not None
    assert signals == [jobparat.pk, jobparat.pk]
    # The ended decision still holds today (valid_to is inclusive): a new one may start tomorrow.
    with pytest.raises(ValidationError) as refused:
        record_quota_decision(staff=caseworker, citizen=jobparat, reason="Igen.", valid_from=today)
    assert codes(refused.value) == {"in_force"}
    again = record_quota_decision(staff=caseworker, citizen=jobparat, reason="Igen.",
                                  valid_from=today + datetime.timedelta(days=1))
    assert again.valid_to is None


def test_ending_when_no_decision_is_in_force_is_refused(caseworker, jobparat, signals):
    with pytest.raises(ValidationError) as refused:
        end_quota_decision(staff=caseworker, citizen=jobparat)
    assert codes(refused.value) == {"none_in_force"} and signals == []


def test_a_decision_cannot_end_before_it_starts(caseworker, jobparat):
    today = timezone.localdate()
    record_quota_decision(staff=caseworker, citizen=jobparat, reason="Kan selv.", valid_from=today)
    with pytest.raises(ValidationError) as refused:
        end_quota_decision(staff=caseworker, citizen=jobparat, on=today - datetime.timedelta(days=1))
    assert codes(refused.value) == {"before_start"}
    assert QuotaDecision.objects.get().valid_to is None


# --- The rule facts ------------------------------------------------------------------------------------------------

def test_the_rules_read_each_citizens_decisions_as_periods(caseworker, make_citizen, jobparat):
    other = make_citizen(caseworker, cpr="0202902345", first="Mette", group="1", since=D(2026, 8, 3))
    QuotaDecision.objects.create(municipality=jobparat.municipality, citizen=jobparat, reason="a",
                                 valid_from=D(2026, 7, 1), valid_to=D(2026, 8, 31), decided_by=caseworker)
    QuotaDecision.objects.create(municipality=jobparat.municipality, citizen=jobparat, reason="b",
                                 valid_from=D(2026, 10, 1), decided_by=caseworker)
    provided = quota_decisions_for([jobparat.pk, other.pk])
    assert provided == {jobparat.pk: [rule_facts.QuotaDecision(D(2026, 7, 1), D(2026, 8, 31)),
                                      rule_facts.QuotaDecision(D(2026, 10, 1), None)]}
    loaded = rule_facts.load_facts([jobparat.pk, other.pk])
    assert loaded[jobparat.pk].quota_decisions == provided[jobparat.pk]
    assert loaded[other.pk].quota_decisions == []


# --- The section on the overview and its two POST-only actions ----------------------------------------------------

def _overview(client, citizen):
    response = client.get(reverse("casefile:overview", args=[citizen.pk]))
    assert response.status_code == 200
    return response


def test_the_overview_of_a_citizen_in_group_2_explains_the_decision_and_offers_the_form(english, caseworker,
                                                                                        jobparat):
    english.force_login(caseworker.user)
    response = _overview(english, jobparat)
    page = response.content.decode()
    assert "quota" in {s.key for s in response.context["side_sections"]}
    assert "up to 25 %" in page and "able to find a job on their own" in page
    assert reverse("contact:quota_decision_add", args=[jobparat.pk]) in page and 'name="quota-reason"' in page
    assert reverse("contact:quota_decision_end", args=[jobparat.pk]) not in page


def test_the_section_shows_who_decided_when_and_why_and_offers_to_end_it(english, caseworker, jobparat):
    record_quota_decision(staff=caseworker, citizen=jobparat, reason="Udlært tømrer med mange jobåbninger.")
    english.force_login(caseworker.user)
    page = _overview(english, jobparat).content.decode()
    assert "Udlært tømrer med mange jobåbninger." in page and caseworker.full_name in page
    assert reverse("contact:quota_decision_end", args=[jobparat.pk]) in page
    assert 'name="quota-reason"' not in page


def test_a_reader_who_may_not_write_sees_the_decision_but_no_buttons(english, caseworker, jobparat, make_staff):
    officer = make_staff(jobparat.municipality, "so", role=Role.SANCTION_OFFICER, first="Sif")
    SanctionCase.objects.create(municipality=jobparat.municipality, citizen=jobparat, referred_to=officer,
                                referred_by=caseworker, summary="Udeblivelse.", source="jobsamtale", ground="37",
                                event_on=datetime.date(2026, 1, 5), stage="referred")
    record_quota_decision(staff=caseworker, citizen=jobparat, reason="Udlært tømrer.")
    english.force_login(officer.user)
    page = _overview(english, jobparat).content.decode()
    assert "Udlært tømrer." in page
    assert reverse("contact:quota_decision_end", args=[jobparat.pk]) not in page


def test_the_section_is_not_shown_outside_groups_1_2_and_9(english, caseworker, citizen):
    english.force_login(caseworker.user)
    response = _overview(english, citizen)  # target group 3
    assert "quota" not in {s.key for s in response.context["side_sections"]}
    assert reverse("contact:quota_decision_add", args=[citizen.pk]) not in response.content.decode()


def test_the_section_is_not_shown_before_1_july_2026(english, caseworker, make_citizen, monkeypatch):
    citizen = make_citizen(caseworker, group="2", since=D(2026, 3, 2))
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 6, 30))
    english.force_login(caseworker.user)
    response = _overview(english, citizen)
    assert "quota" not in {s.key for s in response.context["side_sections"]}


def test_recording_and_ending_through_the_buttons(english, caseworker, jobparat):
    english.force_login(caseworker.user)
    add = reverse("contact:quota_decision_add", args=[jobparat.pk])
    response = english.post(add, {"quota-reason": "Kan selv finde job som tømrer."})
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("casefile:overview", args=[jobparat.pk]) + "#quota")
    decision = QuotaDecision.objects.get(citizen=jobparat)
    assert (decision.reason, decision.decided_by) == ("Kan selv finde job som tømrer.", caseworker)
    english.post(reverse("contact:quota_decision_end", args=[jobparat.pk]))
    decision.refresh_from_db()
    assert decision.valid_to == timezone.localdate() and decision.ended_by == caseworker
    # It holds to the end of today: the section says so and offers neither button until tomorrow.
    page = _overview(english, jobparat).content.decode()
    assert "ended the decision" in page
    assert reverse("contact:quota_decision_end", args=[jobparat.pk]) not in page
    assert 'name="quota-reason"' not in page


def test_an_empty_reason_through_the_form_saves_nothing_and_says_why(english, caseworker, jobparat):
    english.force_login(caseworker.user)
    response = english.post(reverse("contact:quota_decision_add", args=[jobparat.pk]), {"quota-reason": "  "},
                            follow=True)
    assert not QuotaDecision.objects.exists()
    assert "Give the reason" in response.content.decode()


def test_a_refusal_from_the_service_is_shown_as_a_message(english, caseworker, citizen):
    english.force_login(caseworker.user)
    response = english.post(reverse("contact:quota_decision_add", args=[citizen.pk]), {"quota-reason": "Kan selv."},
                            follow=True)
    assert not QuotaDecision.objects.exists()
    assert "target groups 1, 2 and 9" in response.content.decode()


@pytest.mark.parametrize("name", ["contact:quota_decision_add", "contact:quota_decision_end"])
def test_the_actions_answer_post_only(english, caseworker, jobparat, name):
    english.force_login(caseworker.user)
    assert english.get(reverse(name, args=[jobparat.pk])).status_code == 405
    assert not QuotaDecision.objects.exists()


@pytest.mark.parametrize("name", ["contact:quota_decision_add", "contact:quota_decision_end"])
def test_a_team_member_who_may_not_write_cannot_record_or_end(client, caseworker, jobparat, make_staff, name):
    mentor = make_staff(jobparat.municipality, "mentor", role=Role.MENTOR)
    add_team_member(staff=caseworker, citizen=jobparat, member=mentor, role=CaseTeamMember.TeamRole.MENTOR,
                    valid_from=D(2026, 9, 1))
    record_quota_decision(staff=caseworker, citizen=jobparat, reason="Kan selv.")
    client.force_login(mentor.user)
    assert client.post(reverse(name, args=[jobparat.pk]), {"quota-reason": "x"}).status_code == 404
    assert QuotaDecision.objects.get().valid_to is None and QuotaDecision.objects.count() == 1


def test_a_refused_decision_keeps_the_typed_reason_on_the_overview(english, caseworker, jobparat):
    english.force_login(caseworker.user)
    typed = "Faglært tømrer; har selv fundet to samtaler. " * 60  # longer than the 2,000 characters allowed
    response = english.post(reverse("contact:quota_decision_add", args=[jobparat.pk]), {"quota-reason": typed},
                            follow=True)
    page = response.content.decode()
    assert not QuotaDecision.objects.exists()
    assert "at most 2000 characters" in page or "at most 2,000 characters" in page
    assert "Faglært tømrer; har selv fundet to samtaler." in page  # the reason as typed, back in the form
    assert "Faglært tømrer" not in _overview(english, jobparat).content.decode()  # shown once, then gone
