import datetime

import pytest
from django.db import connection
from django.urls import reverse

from helhed.core.models import OrganisationUnit, Role
from helhed.demo.generator import Generator
from helhed.offers.models import Attendance, MentorTime, Referral
from helhed.offers.supervision import supervision_report

D = datetime.date


def _independent(provider_id, start, end):
    """The same figures straight from SQL, with no ORM aggregation."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, state, granted_minutes_per_week FROM offers_referral WHERE provider_id = %s "
                       "AND valid_from <= %s AND valid_to >= %s AND state <> 'draft'", [provider_id, end, start])
        referrals = {pk: (state, granted) for pk, state, granted in cursor.fetchall()}
        ids = list(referrals) or [0]
        marks = ",".join(["%s"] * len(ids))
        cursor.execute(f"SELECT present, reason FROM offers_attendance WHERE referral_id IN ({marks}) "
                       "AND \"on\" BETWEEN %s AND %s", [*ids, start, end])
        attendance = cursor.fetchall()
        cursor.execute(f"SELECT referral_id, \"on\", kind, minutes FROM offers_mentortime WHERE referral_id IN "
                       f"({marks}) AND \"on\" BETWEEN %s AND %s", [*ids, start, end])
        time = cursor.fetchall()
    weeks = {}
    for referral_id, on, _kind, minutes in time:
        on = on if isinstance(on, datetime.date) else D.fromisoformat(on)
        key = (referral_id, on - datetime.timedelta(days=on.weekday()))
        weeks[key] = weeks.get(key, 0) + minutes
    return {
        "referrals": len(referrals),
        "present": sum(1 for present, _ in attendance if present),
        "absent": sum(1 for present, _ in attendance if not present),
        "minutes": sum(row[3] for row in time),
        "over": sum(1 for (referral_id, _), total in weeks.items() if total > referrals[referral_id][1]),
    }


@pytest.mark.django_db
def test_the_supervision_report_matches_an_independent_query_on_generated_data():
    day = D(2026, 11, 30)
    municipality = Generator(citizens=1000, seed=9, as_of=day).run().municipality
    providers = OrganisationUnit.objects.filter(municipality=municipality, kind__in=[
        OrganisationUnit.Kind.PROVIDER, OrganisationUnit.Kind.SUBCONTRACTOR])
    start, end = day - datetime.timedelta(days=365), day
    checked = 0
    for provider in providers:
        report = supervision_report(provider, start, end)
        want = _independent(provider.pk, start, end)
        got = {"referrals": report.referrals, "present": report.days_present, "absent": report.days_absent,
               "minutes": report.minutes, "over": report.weeks_over_grant}
        assert got == want, provider.name
        checked += report.referrals
    assert checked > 20 and Attendance.objects.filter(present=False).exists() and MentorTime.objects.exists()
    assert set(Referral.objects.values_list("state", flat=True)) == set(Referral.State.values)  # every state


def test_the_team_leader_gets_the_report_as_page_pdf_and_csv(client, municipality, make_staff):
    provider = OrganisationUnit.objects.create(municipality=municipality, name="Brobyg Mentorhus",
                                               kind=OrganisationUnit.Kind.PROVIDER)
    leader = make_staff(municipality, "leder", role=Role.TEAM_LEADER)
    client.force_login(leader.user)
    assert client.get(reverse("offers:supervision", args=[provider.pk]) + "?fra=2026-01-01&til=bad").status_code == 200
    pdf = client.get(reverse("offers:supervision_pdf", args=[provider.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv = client.get(reverse("offers:supervision_csv", args=[provider.pk])).content.decode()
    assert csv.splitlines()[0] == "provider,from,to,section,key,value" and "attendance,present,0" in csv
