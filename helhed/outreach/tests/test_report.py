"""The area report: the housing social plan's categories and the jobcentre's figures, never a cell from 1 to 4 and
never a name for the housing plan's leader, downloadable as CSV, XLSX and PDF."""

import datetime
import io
import random

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from helhed.citizens.services import change_target_group
from helhed.contact.services.appointments import register_afterwards
from helhed.core.figures import MIN_CELL
from helhed.outreach import selectors, services
from helhed.outreach.models import Group

pytestmark = pytest.mark.django_db


def _effort(caseworker, office, make_resident, residents=7, seed=1):
    """Some residents in contact: conversations held at the office, drop-ins and a walking group."""
    rng = random.Random(seed)
    group = services.create_group(staff=caseworker, office=office, name="Gåholdet", kind=Group.Kind.WALKING,
                                  facilitator=caseworker)
    session = services.add_session(staff=caseworker, group=group,
                                   starts_at=timezone.now() - datetime.timedelta(days=3))
    services.set_anonymous_count(staff=caseworker, session=session, anonymous_count=rng.randint(1, 9))
    people = []
    for i in range(residents):
        resident = make_resident(caseworker, first=f"Navn{i}", last=f"Efternavn{i}")
        people.append(resident)
        appointment_day = timezone.now() - datetime.timedelta(days=rng.randint(5, 200))
        record = register_afterwards(staff=caseworker, citizen=resident, started_at=appointment_day,
                                     kind="jobsamtale", channel="outreach_office")
        record.appointment.meeting_place = office.place
        record.appointment.save(update_fields=["meeting_place"])
        if rng.random() < 0.5:
            services.register_attendance(staff=caseworker, session=session, citizen=resident)
        if rng.random() < 0.4:
            services.register_drop_in(staff=caseworker, office=office, topic="cv", citizen=resident)
    services.register_drop_in(staff=caseworker, office=office, topic="job_search", count=rng.randint(1, 12))
    change_target_group(staff=caseworker, citizen=people[0], group="selvforsoergende",
                        valid_from=timezone.localdate(), reason="I job på fuld tid.")
    return people


def test_the_report_counts_the_effort_in_the_housing_plans_and_the_jobcentres_terms(caseworker, office,
                                                                                    make_resident):
    _effort(caseworker, office, make_resident, residents=7)
    data = selectors.figures(office, selectors.default_period())
    assert len(data.held) == 7 and len(data.in_contact) == 7
    housing = selectors.housing_plan_tables(data)
    rows = {row[0]: row[1] for table in housing for row in table.rows}
    assert rows[_("Conversations held at the office")].value == 7
    assert any(cell.value == 7 for table in housing for cell in table.cells())
    jobcentre = selectors.jobcentre_tables(data)
    assert any(cell.value == 7 for cell in jobcentre[0].cells())  # seven conversations, target group 3


@pytest.mark.parametrize("seed", range(6))
def test_the_housing_plan_leader_never_sees_a_cell_under_five_nor_a_name(client, caseworker, plan_leader, office,
                                                                          make_resident, seed):
    people = _effort(caseworker, office, make_resident, residents=random.Random(seed).randint(1, 9), seed=seed)
    data = selectors.figures(office, selectors.default_period())
    for table in selectors.housing_plan_tables(data) + selectors.jobcentre_tables(data):
        for label, *cells in table.rows:
            for cell in cells:
                assert cell.suppressed or not cell.value or cell.value >= MIN_CELL or cell.unit == "%", (
                    table.title, label, cell)
    client.force_login(plan_leader.user)
    url = reverse("outreach:report", args=[office.pk])
    pages = [client.get(url).content.decode()] + [
        client.get(url, {"hent": fmt}).content.decode("utf-8", "replace") for fmt in ("csv",)]
    for page in pages:
        for person in people:
            assert person.first_name not in page and person.last_name not in page and person.cpr not in page


def test_the_report_downloads_as_csv_xlsx_and_pdf(client, caseworker, office, make_resident):
    _effort(caseworker, office, make_resident, residents=6)
    client.force_login(caseworker.user)
    url = reverse("outreach:report", args=[office.pk])
    csv = client.get(url, {"hent": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and ";" in csv.content.decode("utf-8-sig")
    xlsx = client.get(url, {"hent": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 7
    assert any(row[0] for row in book.worksheets[0].iter_rows(values_only=True))
    pdf = client.get(url, {"hent": "pdf"})
    assert pdf.content.startswith(b"%PDF")


def test_the_period_is_chosen_and_defaults_to_the_last_twelve_months(client, caseworker, office):
    client.force_login(caseworker.user)
    url = reverse("outreach:report", args=[office.pk])
    response = client.get(url)
    period = response.context["period"]
    assert period.end == timezone.localdate() and (period.end - period.start).days in (364, 365)
    response = client.get(url, {"fra": "2026-01-01", "til": "2026-03-31"})
    assert (response.context["period"].start, response.context["period"].end) == (
        datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert client.get(url, {"aar": "1"}).context["period"].start == timezone.localdate().replace(month=1, day=1)
