"""A partner on the team sees the citizen, the meetings and the actions only while a consent covers them: not
before it is given, and not after it is withdrawn, when the team view shows their membership as ended."""

import datetime

from django.urls import reverse
from django.utils import timezone

from helhed.citizens import services as citizen_services
from helhed.citizens.models import Consent
from helhed.coordination.models import CaseTeamMember
from helhed.coordination.services import add_team_member
from helhed.core.models import Role
from helhed.meetings import services


def test_a_partner_sees_citizen_meeting_and_actions_only_while_a_consent_covers_them(client, caseworker, citizen,
                                                                                      make_staff, municipality):
    partner = make_staff(municipality, "bodil", role=Role.PARTNER, unit_name="Boligsocialt Hus", first="Bodil")
    membership = add_team_member(staff=caseworker, citizen=citizen, member=partner,
                                 role=CaseTeamMember.TeamRole.PARTNER, valid_from=datetime.date(2025, 3, 1))
    meeting = services.hold_meeting(
        staff=caseworker, citizen=citizen, held_on=timezone.localdate(), citizen_points="Ro på boligen",
        staff_members=[caseworker], minutes="Vi talte om boligen.",
        actions=[{"text": "Ring til boligforeningen", "owner": "citizen", "due": timezone.localdate()}])
    task = services.start_task(staff=caseworker, citizen=citizen, subject="Husleje i restance?", owner=caseworker,
                               text="Bodil, ved du, om der er restance?")
    urls = [reverse("casefile:team_view", args=[citizen.pk]),
            reverse("meetings:meeting", args=[citizen.pk, meeting.pk]),
            reverse("meetings:task", args=[citizen.pk, task.pk])]
    client.force_login(partner.user)

    def sees():
        return [client.get(url).status_code == 200 for url in urls]

    assert sees() == [False, False, False]
    consent = citizen_services.record_consent(
        staff=caseworker, citizen=citizen, purpose="Samarbejde om bolig.", legal_basis=Consent.LegalBasis.GDPR_CONSENT,
        given_on=datetime.date(2025, 3, 1), recipient_unit=partner.unit)
    assert sees() == [True, True, True]
    assert "Ring til boligforeningen" in client.get(urls[1]).content.decode()
    citizen_services.withdraw_consent(staff=caseworker, consent=consent)
    assert sees() == [False, False, False]
    membership.refresh_from_db()
    assert membership.ended_at is not None
    client.force_login(caseworker.user)
    team = client.get(reverse("casefile:team_view", args=[citizen.pk])).content.decode()
    assert "Bodil" in team and "Medlemskabet er afsluttet" in team


def test_a_partner_without_consent_is_named_in_the_picker_with_why(client, caseworker, citizen, make_staff,
                                                                   municipality):
    partner = make_staff(municipality, "henrik", role=Role.PARTNER, unit_name="Misbrugscentret", first="Henrik")
    add_team_member(staff=caseworker, citizen=citizen, member=partner, role=CaseTeamMember.TeamRole.PARTNER,
                    valid_from=datetime.date(2025, 3, 1))
    client.force_login(caseworker.user)
    page = client.get(reverse("meetings:meeting_add", args=[citizen.pk])).content.decode()
    assert "intet samtykke fra borgeren dækker dem" in page
    response = client.post(reverse("meetings:meeting_add", args=[citizen.pk]), {
        "held_on": timezone.localdate().isoformat(), "citizen_points": "Ro på boligen", "minutes": "Kort møde.",
        "staff_members": [str(partner.pk)]})
    assert response.status_code == 400 and not citizen.meetings.exists()


def test_a_task_across_units_reaches_its_owners_worklist_and_its_thread_is_read_logged(client, caseworker, citizen,
                                                                                      make_staff, municipality):
    from helhed.citizens.models import AccessLogEntry

    broker = make_staff(municipality, "jonas", role=Role.JOB_BROKER, unit_name="Virksomhedsservice", first="Jonas")
    add_team_member(staff=caseworker, citizen=citizen, member=broker, role=CaseTeamMember.TeamRole.JOB_BROKER,
                    valid_from=datetime.date(2025, 3, 1))
    client.force_login(caseworker.user)
    response = client.post(reverse("meetings:task_add", args=[citizen.pk]), {
        "subject": "Praktik med lav start?", "owner": str(broker.pk), "text": "Har du en plads med 8 timer om ugen?",
        "due": (timezone.localdate() + datetime.timedelta(days=7)).isoformat()})
    assert response.status_code == 302
    client.force_login(broker.user)
    assert "Praktik med lav start?" in client.get(reverse("casefile:worklist")).content.decode()
    before = AccessLogEntry.objects.filter(user=broker.user).count()
    page = client.get(response.url).content.decode()
    assert "Har du en plads med 8 timer om ugen?" in page
    assert AccessLogEntry.objects.filter(user=broker.user).count() == before + 1
    client.post(response.url, {"text": "Ja, hos Fjordby Byggemarked fra mandag."})
    assert "Fjordby Byggemarked" in client.get(response.url).content.decode()


def test_a_new_team_member_is_handed_the_story_the_plan_and_the_open_tasks(caseworker, citizen, make_staff,
                                                                             municipality,
                                                                             django_capture_on_commit_callbacks):
    from helhed.contact.models import OutboxMessage

    services.start_task(staff=caseworker, citizen=citizen, subject="Husleje i restance?", owner=caseworker,
                        text="Tjek med boligforeningen.")
    mentor = make_staff(municipality, "mona", role=Role.MENTOR, unit_name="Udsyn", first="Mona")
    with django_capture_on_commit_callbacks(execute=True):
        add_team_member(staff=caseworker, citizen=citizen, member=mentor, role=CaseTeamMember.TeamRole.MENTOR,
                        valid_from=datetime.date(2025, 3, 1))
    message = OutboxMessage.objects.get(staff=mentor)
    assert message.subject == "Overdragelse: Søren Ågård"
    assert "Min historie" in message.body and "Husleje i restance?" in message.body
