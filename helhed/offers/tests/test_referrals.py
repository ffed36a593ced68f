import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.access import visible_citizens
from helhed.core.models import OrganisationUnit, Role
from helhed.offers import referrals
from helhed.offers.models import Attendance, MentorTime, Referral, ReferralEvent
from helhed.sanctions.models import SanctionCase

State = Referral.State


@pytest.fixture
def provider(municipality):
    return OrganisationUnit.objects.create(municipality=municipality, name="Brobyg Mentorhus",
                                           kind=OrganisationUnit.Kind.PROVIDER)


@pytest.fixture
def mentor(municipality, make_staff, provider):
    return make_staff(municipality, "mentor", role=Role.MENTOR, unit_name=provider.name, first="Mona")


@pytest.fixture
def referral(caseworker, citizen, provider):
    today = timezone.localdate()
    found = referrals.create_referral(
        staff=caseworker, citizen=citizen, provider=provider, service="Mentorstøtte",
        order_text="Følg Søren til udredning i den socialmedicinske klinik.", granted_minutes_per_week=120,
        valid_from=today - datetime.timedelta(days=14), valid_to=today + datetime.timedelta(days=60))
    return referrals.move_referral(staff=caseworker, referral=found, to_state=State.SENT)


def test_a_referral_moves_only_along_its_transitions_and_logs_every_move(referral, mentor, caseworker):
    with pytest.raises(ValidationError):
        referrals.move_referral(staff=mentor, referral=referral, to_state=State.STARTED)  # not accepted yet
    with pytest.raises(ValidationError):
        referrals.move_referral(staff=mentor, referral=referral, to_state="lost")
    referral.refresh_from_db()
    assert referral.state == State.SENT
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.ACCEPTED)
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.STARTED)
    referrals.move_referral(staff=caseworker, referral=referral, to_state=State.ENDED)
    with pytest.raises(ValidationError):
        referrals.move_referral(staff=caseworker, referral=referral, to_state=State.STARTED)  # ended is final
    assert list(ReferralEvent.objects.values_list("from_state", "to_state")) == [
        ("draft", "sent"), ("sent", "accepted"), ("accepted", "started"), ("started", "ended")]
    referral.refresh_from_db()
    assert referral.mentor == mentor  # the mentor who accepted took it


def test_a_rejection_needs_the_reason(referral, mentor):
    with pytest.raises(ValidationError):
        referrals.move_referral(staff=mentor, referral=referral, to_state=State.REJECTED, note=" ")
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.REJECTED, note="Ingen ledig mentor.")


def test_the_mentor_sees_the_citizen_only_while_the_referral_runs(referral, mentor, make_staff, municipality,
                                                                  provider):
    assert not visible_citizens(mentor).exists()  # sent, not accepted
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.ACCEPTED)
    assert list(visible_citizens(mentor)) == [referral.citizen]
    colleague = make_staff(municipality, "mentor2", role=Role.MENTOR, unit_name=provider.name)
    assert not visible_citizens(colleague).exists()  # taken by a colleague
    elsewhere = make_staff(municipality, "mentor3", role=Role.MENTOR, unit_name="Kompasset")
    assert not visible_citizens(elsewhere).exists()
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.ENDED)
    assert not visible_citizens(mentor).exists()


def test_time_beyond_the_grant_is_refused_until_the_mentor_confirms_it(referral, mentor):
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.ACCEPTED)
    today = timezone.localdate()
    referrals.register_time(staff=mentor, referral=referral, on=today, minutes=90, kind=MentorTime.Kind.MEETING)
    with pytest.raises(ValidationError) as error:
        referrals.register_time(staff=mentor, referral=referral, on=today, minutes=45, kind=MentorTime.Kind.EVENING)
    assert "120" in error.value.message_dict["minutes"][0]
    assert MentorTime.objects.count() == 1
    referrals.register_time(staff=mentor, referral=referral, on=today, minutes=45, kind=MentorTime.Kind.EVENING,
                            note="Søren ringede kl. 21, bange for mødet i morgen.", beyond_grant=True)
    assert referrals.minutes_in_week(referral, today) == 135


def test_an_absence_needs_reason_and_context_and_never_starts_a_sanction(referral, mentor):
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.ACCEPTED)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        referrals.register_attendance(staff=mentor, referral=referral, on=today, present=False, reason="",
                                      context="Sov over sig.")
    with pytest.raises(ValidationError):
        referrals.register_attendance(staff=mentor, referral=referral, on=today, present=False, reason="ill",
                                      context="")
    referrals.register_attendance(staff=mentor, referral=referral, on=today, present=False,
                                  reason=Attendance.Reason.ILL, context="Influenza; ringede selv kl. 8.")
    assert Attendance.objects.get().present is False
    case = SanctionCase.objects.get()  # documentation for the caseworker: not with a sanction officer, nothing decided
    assert (case.stage, case.referred_to, case.absent_days) == ("documenting", None, [today.isoformat()])
    assert not hasattr(case, "decision")


def test_time_and_attendance_cannot_be_recorded_ahead_or_outside_the_referral(referral, mentor):
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.ACCEPTED)
    with pytest.raises(ValidationError):
        referrals.register_time(staff=mentor, referral=referral, on=timezone.localdate() + datetime.timedelta(days=1),
                                minutes=30, kind=MentorTime.Kind.PHONE)
    with pytest.raises(ValidationError):
        referrals.register_attendance(staff=mentor, referral=referral, on=referral.valid_from - datetime.timedelta(
            days=1), present=True)


def test_the_caseworker_sees_the_absence_with_its_context_on_the_overview(client, caseworker, referral, mentor):
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.ACCEPTED)
    referrals.register_attendance(staff=mentor, referral=referral, on=timezone.localdate(), present=False,
                                  reason=Attendance.Reason.CHILDCARE, context="Barnet syg; ingen anden pasning.")
    client.force_login(caseworker.user)
    page = client.get(reverse("casefile:overview", args=[referral.citizen_id])).content.decode()
    assert "Barnet syg; ingen anden pasning." in page


def test_the_mentor_is_warned_when_the_week_nears_the_grant(client, referral, mentor):
    referrals.move_referral(staff=mentor, referral=referral, to_state=State.ACCEPTED)
    client.force_login(mentor.user)
    url = reverse("offers:mentor_time", args=[referral.citizen_id, referral.pk])
    today = timezone.localdate().isoformat()
    quiet = client.post(url, {"on": today, "kind": "meeting", "minutes": "60"}, follow=True).content.decode()
    assert "af de 120 bevilgede minutter" not in quiet
    page = client.post(url, {"on": today, "kind": "phone", "minutes": "50"}, follow=True).content.decode()
    assert "Ugen har nu 110 af de 120 bevilgede minutter" in page
