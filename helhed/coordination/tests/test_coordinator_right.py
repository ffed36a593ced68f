"""LAB § 36: an aktivitetsparat citizen has the right to a coordinating caseworker. The kommune offers it at once and
records the citizen's answer; only a coordinating caseworker on the team now, or a recorded offer with its answer,
is a fact the rules can count."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.signals import facts_changed
from helhed.coordination import services
from helhed.coordination.extensions import coordinating_caseworker_since, coordinator_offers_for
from helhed.coordination.models import CaseTeamMember, CoordinatorOffer
from helhed.core.models import Role
from helhed.rules.facts import CoordinatorOffer as CoordinatorOfferFact
from helhed.rules.facts import load_facts
from helhed.tests.world import build_world

pytestmark = pytest.mark.django_db
COORDINATING = CaseTeamMember.TeamRole.COORDINATING_CASEWORKER
JAN_1 = datetime.date(2025, 1, 1)


@pytest.fixture
def coordinator(municipality, make_staff):
    return make_staff(municipality, "kim", role=Role.COORDINATING_CASEWORKER, first="Kim", last="Koordinator")


@pytest.fixture
def english_client(caseworker_client):
    caseworker_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return caseworker_client


@pytest.fixture
def facts_sent():
    sent = []

    def receiver(sender, citizen, **kwargs):
        sent.append(citizen.pk)

    facts_changed.connect(receiver, dispatch_uid="test_coordinator_right")
    yield sent
    facts_changed.disconnect(dispatch_uid="test_coordinator_right")


def _offer_url(citizen):
    return reverse("coordination:coordinator_offer", args=[citizen.pk])


def _answer_url(citizen):
    return reverse("coordination:coordinator_answer", args=[citizen.pk])


def _overview(client, citizen):
    return client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


# The coordinating caseworker as a rule fact: only who is on the team now


def test_the_provider_counts_a_coordinating_caseworker_on_the_team_now(caseworker, citizen, coordinator):
    services.add_team_member(staff=caseworker, citizen=citizen, member=coordinator, role=COORDINATING, valid_from=JAN_1)
    assert coordinating_caseworker_since([citizen.pk]) == {citizen.pk: [JAN_1]}
    assert load_facts([citizen.pk])[citizen.pk].coordinating_caseworker_since == JAN_1


def test_the_provider_ignores_a_coordinating_caseworker_whose_membership_was_ended(caseworker, citizen, coordinator):
    membership = services.add_team_member(staff=caseworker, citizen=citizen, member=coordinator, role=COORDINATING,
                                          valid_from=JAN_1)
    services.end_team_membership(staff=caseworker, membership=membership)
    assert coordinating_caseworker_since([citizen.pk]) == {}
    assert load_facts([citizen.pk])[citizen.pk].coordinating_caseworker_since is None


def test_the_provider_ignores_memberships_that_ran_out_or_have_not_started(caseworker, citizen, coordinator):
    today = timezone.localdate()
    CaseTeamMember.objects.create(municipality=citizen.municipality, citizen=citizen, staff=coordinator,
                                  role=COORDINATING, organisation=coordinator.unit, valid_from=JAN_1,
                                  valid_to=today - datetime.timedelta(days=1), added_by=caseworker)
    CaseTeamMember.objects.create(municipality=citizen.municipality, citizen=citizen, staff=coordinator,
                                  role=COORDINATING, organisation=coordinator.unit,
                                  valid_from=today + datetime.timedelta(days=7), added_by=caseworker)
    assert coordinating_caseworker_since([citizen.pk]) == {}


def test_the_provider_ignores_team_members_in_other_roles(caseworker, citizen, coordinator):
    services.add_team_member(staff=caseworker, citizen=citizen, member=coordinator,
                             role=CaseTeamMember.TeamRole.OTHER, valid_from=JAN_1)
    assert coordinating_caseworker_since([citizen.pk]) == {}


# Offer and answer: the services


def test_an_offer_and_the_answer_are_recorded_with_who_and_when(caseworker, other_caseworker, citizen, facts_sent):
    today = timezone.localdate()
    offer = services.offer_coordinator(staff=caseworker, citizen=citizen)
    assert (offer.offered_on, offer.offered_by, offer.answer, offer.municipality) == (
        today, caseworker, "", citizen.municipality)
    services.record_coordinator_answer(staff=other_caseworker, citizen=citizen, answer="declined")
    offer.refresh_from_db()
    assert (offer.answer, offer.answered_on, offer.answer_recorded_by) == ("declined", today, other_caseworker)
    assert facts_sent == [citizen.pk, citizen.pk]  # the rules re-evaluate after each write


def test_the_offers_reach_the_rules_as_facts(caseworker, citizen):
    day = timezone.localdate() - datetime.timedelta(days=3)
    services.offer_coordinator(staff=caseworker, citizen=citizen, on=day)
    services.record_coordinator_answer(staff=caseworker, citizen=citizen, answer="accepted")
    expected = [CoordinatorOfferFact(offered_on=day, answer="accepted", answered_on=timezone.localdate())]
    assert coordinator_offers_for([citizen.pk]) == {citizen.pk: expected}
    assert load_facts([citizen.pk])[citizen.pk].coordinator_offers == expected


def test_an_answer_without_an_offer_is_refused(caseworker, citizen, facts_sent):
    with pytest.raises(ValidationError, match="Registrér først tilbuddet"):
        services.record_coordinator_answer(staff=caseworker, citizen=citizen, answer="accepted")
    assert not CoordinatorOffer.objects.exists() and facts_sent == []


@pytest.mark.parametrize("answer", ["", "maybe", "ACCEPTED"])
def test_an_answer_that_is_neither_accepted_nor_declined_is_refused(caseworker, citizen, answer):
    services.offer_coordinator(staff=caseworker, citizen=citizen)
    with pytest.raises(ValidationError, match="enten ja eller nej"):
        services.record_coordinator_answer(staff=caseworker, citizen=citizen, answer=answer)
    assert CoordinatorOffer.objects.get().answer == ""


def test_the_answer_goes_to_the_latest_offer_and_is_not_recorded_twice(caseworker, citizen):
    services.offer_coordinator(staff=caseworker, citizen=citizen, on=timezone.localdate() - datetime.timedelta(days=30))
    services.record_coordinator_answer(staff=caseworker, citizen=citizen, answer="declined")
    with pytest.raises(ValidationError, match="allerede registreret"):
        services.record_coordinator_answer(staff=caseworker, citizen=citizen, answer="accepted")
    latest = services.offer_coordinator(staff=caseworker, citizen=citizen)  # offered again: the right remains
    services.record_coordinator_answer(staff=caseworker, citizen=citizen, answer="accepted")
    latest.refresh_from_db()
    assert [o.answer for o in CoordinatorOffer.objects.order_by("offered_on")] == ["declined", "accepted"]
    assert latest.answer == "accepted"


def test_an_offer_waiting_for_its_answer_is_not_offered_twice(caseworker, citizen):
    services.offer_coordinator(staff=caseworker, citizen=citizen)
    with pytest.raises(ValidationError, match="allerede tilbudt"):
        services.offer_coordinator(staff=caseworker, citizen=citizen)
    assert CoordinatorOffer.objects.count() == 1


def test_an_offer_or_answer_in_the_future_or_before_the_offer_is_refused(caseworker, citizen):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.offer_coordinator(staff=caseworker, citizen=citizen, on=today + datetime.timedelta(days=1))
    services.offer_coordinator(staff=caseworker, citizen=citizen, on=today)
    with pytest.raises(ValidationError):
        services.record_coordinator_answer(staff=caseworker, citizen=citizen, answer="accepted",
                                           on=today - datetime.timedelta(days=1))


# The one-click views


def test_one_click_records_the_offer_and_says_so_as_the_citizens_right(english_client, caseworker, citizen):
    response = english_client.post(_offer_url(citizen))
    assert response.status_code == 302 and response["Location"] == reverse("casefile:overview", args=[citizen.pk])
    assert CoordinatorOffer.objects.get(citizen=citizen).offered_by == caseworker
    assert _messages(response) == [
        "Recorded: Søren was offered a coordinating caseworker today. Record the answer when Søren gives it."]


def test_one_click_records_the_citizens_answer(english_client, caseworker, citizen):
    english_client.post(_offer_url(citizen))
    response = english_client.post(_answer_url(citizen), {"answer": "accepted"})
    assert response.status_code == 302
    offer = CoordinatorOffer.objects.get(citizen=citizen)
    assert (offer.answer, offer.answer_recorded_by) == ("accepted", caseworker)
    assert _messages(response)[-1].startswith("Recorded: Søren accepted a coordinating caseworker today.")


def test_an_answer_posted_without_an_offer_is_refused_with_a_message(english_client, citizen):
    response = english_client.post(_answer_url(citizen), {"answer": "declined"})
    assert response.status_code == 302 and not CoordinatorOffer.objects.exists()
    assert "Record the offer first" in _messages(response)[0]


def test_an_invalid_answer_is_refused_with_a_message(english_client, citizen):
    english_client.post(_offer_url(citizen))
    response = english_client.post(_answer_url(citizen), {"answer": "perhaps"})
    assert "accepted or declined" in _messages(response)[-1]
    assert CoordinatorOffer.objects.get().answer == ""


@pytest.mark.parametrize("url", [_offer_url, _answer_url])
def test_the_buttons_only_post(caseworker_client, citizen, url):
    assert caseworker_client.get(url(citizen)).status_code == 405
    assert not CoordinatorOffer.objects.exists()


def test_after_the_click_a_local_next_is_followed_and_a_foreign_one_is_not(caseworker_client, citizen):
    worklist = reverse("casefile:worklist")
    response = caseworker_client.post(f"{_offer_url(citizen)}?next={worklist}")
    assert response["Location"] == worklist
    response = caseworker_client.post(_answer_url(citizen), {"answer": "declined", "next": worklist})
    assert response["Location"] == worklist
    response = caseworker_client.post(_offer_url(citizen), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("casefile:overview", args=[citizen.pk])


def test_only_a_reason_that_allows_writing_may_record(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    for role in [Role.SANCTION_OFFICER, Role.TEAM_LEADER, Role.MENTOR, Role.JOB_BROKER, Role.PARTNER,
                 Role.DATA_PROTECTION]:
        client.force_login(world.staff[role].user)
        assert client.post(_offer_url(world.own)).status_code == 404, role
        assert client.post(_answer_url(world.own), {"answer": "accepted"}).status_code == 404, role
    for role in [Role.CASEWORKER, Role.COORDINATING_CASEWORKER]:  # no reason for the other citizen
        client.force_login(world.staff[role].user)
        assert client.post(_offer_url(world.other)).status_code == 404, role
        assert client.post(_offer_url(world.foreign)).status_code == 404, role
    assert not CoordinatorOffer.objects.exists()
    client.force_login(world.staff[Role.COORDINATING_CASEWORKER].user)
    assert client.post(_offer_url(world.own)).status_code == 302
    assert CoordinatorOffer.objects.filter(citizen=world.own).count() == 1


# The section on the overview


def test_the_section_states_the_right_and_offers_the_one_click_buttons(english_client, citizen):
    html = _overview(english_client, citizen)
    assert '<h2 id="coordinator">Coordinating caseworker</h2>' in html
    assert "Søren has the right to a coordinating caseworker (LAB § 36). Offer it, and record the answer." in html
    assert f'action="{_offer_url(citizen)}"' in html and "Record that the offer was made" in html
    assert _answer_url(citizen) not in html  # nothing to answer before the offer
    assert "No coordinating caseworker is on the team now." in html

    english_client.post(_offer_url(citizen))
    html = _overview(english_client, citizen)
    assert f'action="{_answer_url(citizen)}"' in html and f'action="{_offer_url(citizen)}"' not in html
    assert 'name="answer" value="accepted"' in html and "Søren accepted</button>" in html
    assert 'name="answer" value="declined"' in html and "Søren declined</button>" in html
    assert "Waiting for the answer" in html and "recorded by Anne Sørensen" in html

    english_client.post(_answer_url(citizen), {"answer": "declined"})
    html = _overview(english_client, citizen)
    assert "Søren declined on" in html and _answer_url(citizen) not in html
    assert "Record that the offer was made again" in html  # the right remains


def test_the_section_shows_the_coordinating_caseworker_on_the_team_now(english_client, caseworker, citizen,
                                                                       coordinator, make_staff, municipality):
    former = make_staff(municipality, "lis", role=Role.COORDINATING_CASEWORKER, first="Lis", last="Tidligere")
    ended = services.add_team_member(staff=caseworker, citizen=citizen, member=former, role=COORDINATING,
                                     valid_from=JAN_1)
    services.end_team_membership(staff=caseworker, membership=ended)
    services.add_team_member(staff=caseworker, citizen=citizen, member=coordinator, role=COORDINATING,
                             valid_from=JAN_1)
    section = _overview(english_client, citizen).split('id="section-coordinator"')[1].split('<div id="section-')[0]
    assert "Kim Koordinator" in section and "coordinating caseworker since" in section
    assert "Lis Tidligere" not in section


def test_a_reader_without_write_access_sees_the_section_without_buttons(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    client.force_login(world.staff[Role.SANCTION_OFFICER].user)
    html = _overview(client, world.own)
    assert '<h2 id="coordinator">' in html
    assert _offer_url(world.own) not in html and _answer_url(world.own) not in html


@pytest.mark.parametrize(("group", "shown"), [("2", False), ("3", True), ("5", True), ("7", True), ("8", True),
                                               ("9", False)])
def test_the_section_is_shown_for_the_groups_with_a_coordinating_caseworker(caseworker_client, caseworker,
                                                                          make_citizen, group, shown):
    citizen = make_citizen(caseworker, cpr="0101004234", group=group)  # 25: group 5 is for people under 30
    html = _overview(caseworker_client, citizen)
    assert ('<h2 id="coordinator">' in html) is shown
    # Groups 7 and 8 must have one appointed: no offer to decline.
    assert (_offer_url(citizen) in html) is (group in {"3", "5"})
