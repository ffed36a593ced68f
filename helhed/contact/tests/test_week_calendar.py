"""The week calendar: one's own week, and free/busy for oneself and the colleagues one chose — never a whole unit."""

import datetime
import html

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.models import AccessLogEntry
from helhed.contact import selectors
from helhed.contact.models import Appointment, CalendarColleague
from helhed.contact.models.calendar import MAX_CALENDAR_COLLEAGUES
from helhed.contact.services.appointments import book_appointment
from helhed.core.models import OrganisationUnit, Role, StaffMember, StaffRole

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 14)  # a week without public holidays
WEEK = MONDAY.isoformat()
MAX_PAGE_BYTES = 100_000


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _week(client, **params):
    response = client.get(reverse("contact:week"), {"uge": WEEK, **params})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _add(client, *colleagues, **extra):
    for colleague in colleagues:
        response = client.post(reverse("contact:week"), {"uge": WEEK, "tilfoej": colleague.pk, **extra})
    return response


def _remove(client, colleague):
    return client.post(reverse("contact:week"), {"uge": WEEK, "fjern": colleague.pk})


def _chosen(staff):
    return list(CalendarColleague.objects.filter(staff=staff).values_list("colleague_id", flat=True))


def _appointment(citizen, organiser, starts_at, minutes=30, **extra):
    return Appointment(municipality_id=citizen.municipality_id, citizen=citizen, organiser=organiser,
                       booked_by=organiser, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=minutes),
                       **extra)


def _free_busy(page):
    """The free/busy table's rows, as text (from the section's heading to the end of its table)."""
    start = page.index('id="free-busy"')
    return page[start:page.index("</table>", start)]


@pytest.fixture
def bo(other_caseworker):
    return other_caseworker


def test_no_colleague_is_shown_until_one_is_added(caseworker_client, caseworker, bo, make_citizen):
    theirs = make_citizen(bo, cpr="0202902345", first="Mette", last="Holm")
    book_appointment(staff=bo, citizen=theirs, starts_at=_at(MONDAY + datetime.timedelta(days=1), 13))
    page = _week(caseworker_client)
    table = _free_busy(page)
    assert "Bo Ærenlund" not in table and "13:00" not in table
    assert '<th scope="row">Dig</th>' in table  # the staff member's own row is always there
    # Bo is offered, below the table, with his unit.
    assert f'name="tilfoej" value="{bo.pk}"' in page


def test_an_added_colleague_shows_busy_times_only_and_stays_added(client, caseworker_client, caseworker, bo,
                                                                 make_citizen):
    theirs = make_citizen(bo, cpr="0202902345", first="Mette", last="Holm")
    tuesday = MONDAY + datetime.timedelta(days=1)
    book_appointment(staff=bo, citizen=theirs, starts_at=_at(tuesday, 13))
    response = _add(caseworker_client, bo)
    assert response.status_code == 302 and response["Location"] == f"/kalender/?uge={WEEK}&vaelg=1#free-busy"
    page = _week(caseworker_client)
    table = _free_busy(page)
    assert "Bo Ærenlund" in table and "13:00–13:30 optaget" in table
    assert f'name="fjern" value="{bo.pk}"' in table and f'name="tilfoej" value="{bo.pk}"' not in page
    assert "Mette" not in page and "Holm" not in page  # not even in hidden text
    assert not AccessLogEntry.objects.filter(citizen=theirs).exists()  # nothing about the citizen was shown
    # Kept for the staff member, not the session: the next login sees the same colleagues.
    client.force_login(caseworker.user)
    assert "Bo Ærenlund" in _free_busy(_week(client))


def test_removing_a_colleague_again(caseworker_client, caseworker, bo):
    _add(caseworker_client, bo)
    _add(caseworker_client, bo)  # twice: still once
    assert _chosen(caseworker) == [bo.pk]
    assert _remove(caseworker_client, bo).status_code == 302
    assert _chosen(caseworker) == []
    assert "Bo Ærenlund" not in _free_busy(_week(caseworker_client))


def test_busy_blocks_merge_and_include_appointments_one_is_invited_to(caseworker_client, caseworker, bo, make_staff,
                                                                     make_citizen):
    citizen = make_citizen(bo, cpr="0202902345")
    other = make_staff(caseworker.municipality, "carl", first="Carl", last="Nielsen")
    tuesday = MONDAY + datetime.timedelta(days=1)
    Appointment.objects.bulk_create([
        _appointment(citizen, bo, _at(tuesday, 9)),
        _appointment(citizen, bo, _at(tuesday, 9, 30)),  # adjoining: one block 09:00–10:00
        _appointment(citizen, bo, _at(tuesday, 9, 45), minutes=45),  # overlapping: the block runs to 10:30
        _appointment(citizen, bo, _at(tuesday, 14)),
        _appointment(citizen, bo, _at(tuesday, 15), status=Appointment.Status.NOT_HELD,
                     not_held_reason=Appointment.NotHeldReason.STAFF_CANCELLED),  # cancelled: free
    ])
    invited = _appointment(citizen, other, _at(tuesday, 11))
    invited.save()
    invited.other_staff.add(bo)
    _add(caseworker_client, bo)
    table = _free_busy(_week(caseworker_client))
    row = table[table.index("Bo Ærenlund"):]
    assert "09:00–10:30 optaget" in row and "11:00–11:30 optaget" in row and "14:00–14:30 optaget" in row
    assert "09:30" not in row and "15:00" not in row


def test_own_appointments_show_the_citizen_and_write_the_read_log(caseworker_client, caseworker, citizen):
    book_appointment(staff=caseworker, citizen=citizen, starts_at=_at(MONDAY + datetime.timedelta(days=2), 10))
    page = _week(caseworker_client)
    assert "Søren Ågård" in page
    assert "10:00–10:30 optaget" in _free_busy(page)  # in the own row too, as a time
    assert AccessLogEntry.objects.filter(citizen=citizen, staff=caseworker, page="contact:week").count() == 1


def test_only_colleagues_of_the_same_organisation_can_be_added(caseworker_client, caseworker, bo, make_staff,
                                                               other_municipality):
    mentor = make_staff(caseworker.municipality, "mette", role=Role.MENTOR, unit_name="Brobyg Mentorhus",
                        first="Mette", last="Holm")
    foreign = make_staff(other_municipality, "frank", first="Frank", last="Berg")
    for stranger in (mentor, foreign, caseworker):
        assert _add(caseworker_client, stranger).status_code == 302
    assert _chosen(caseworker) == []
    page = _week(caseworker_client, q="Holm")
    assert 'name="tilfoej"' not in page  # found nobody: the mentor is at a provider, not in one's organisation
    _add(caseworker_client, bo)
    assert _chosen(caseworker) == [bo.pk]


def test_a_colleague_in_another_team_of_the_department_is_found_by_name(caseworker_client, caseworker, municipality,
                                                                       make_staff):
    department = caseworker.unit
    OrganisationUnit.objects.create(municipality=municipality, name="Team 2", kind=department.kind, parent=department)
    karen = make_staff(municipality, "karen", unit_name="Team 2", first="Karen", last="Ærø")
    assert karen.unit.parent == department
    assert f'value="{karen.pk}"' not in _week(caseworker_client)  # without a search: one's own unit only
    page = _week(caseworker_client, q="ærø")  # SQLite folds ASCII only: the capitalised form finds "Ærø"
    assert f'name="tilfoej" value="{karen.pk}"' in page and "<td>Team 2</td>" in page
    response = _add(caseworker_client, karen, q="ærø")
    assert response["Location"] == f"/kalender/?uge={WEEK}&vaelg=1&q=%C3%A6r%C3%B8#free-busy"  # the search stays
    table = _free_busy(_week(caseworker_client))
    assert "Karen Ærø" in table and "Team 2" in table  # the team is named for a colleague outside one's own
    # And from Karen's team, the caseworker in the department above is found too.
    assert karen.pk in [c.pk for c in selectors.colleague_candidates(caseworker, search="karen")[0]]
    assert caseworker.pk in [c.pk for c in selectors.colleague_candidates(karen, search="anne")[0]]


def test_a_search_with_control_characters_finds_by_the_rest_of_it(caseworker_client, municipality, make_staff):
    karen = make_staff(municipality, "karen", first="Karen", last="Holm")
    page = _week(caseworker_client, q="Ho\x00lm\x07")  # a NUL byte would make PostgreSQL refuse the query
    assert f'name="tilfoej" value="{karen.pk}"' in page


def test_a_colleague_who_leaves_drops_out(caseworker_client, caseworker, bo):
    _add(caseworker_client, bo)
    bo.user.is_active = False
    bo.user.save()
    assert "Bo Ærenlund" not in _week(caseworker_client)


def test_at_most_the_maximum_number_of_colleagues(caseworker_client, caseworker):
    many = _colleagues(caseworker, MAX_CALENDAR_COLLEAGUES + 1)
    _add(caseworker_client, *many[:MAX_CALENDAR_COLLEAGUES])
    page = _week(caseworker_client)
    assert 'name="tilfoej"' not in page  # no room for more: no add buttons
    _add(caseworker_client, many[-1])
    assert len(_chosen(caseworker)) == MAX_CALENDAR_COLLEAGUES and many[-1].pk not in _chosen(caseworker)


def test_nonsense_in_the_form_is_ignored(caseworker_client, caseworker, bo):
    for value in ("x", "-1", "9" * 30, ""):
        response = caseworker_client.post(reverse("contact:week"), {"uge": "9999-99-99", "tilfoej": value, "fjern": value})
        assert response.status_code == 302
    assert _chosen(caseworker) == []
    assert _week(caseworker_client, q="x" * 5000)


def test_busy_days_reads_in_one_query(caseworker, bo, django_assert_num_queries):
    days = [MONDAY + datetime.timedelta(days=i) for i in range(5)]
    with django_assert_num_queries(1):
        busy = selectors.busy_days([caseworker, bo], days)
    assert busy == {caseworker.pk: [[]] * 5, bo.pk: [[]] * 5}


# --- size and queries at a large unit ------------------------------------------------------------------------------


def _colleagues(staff, count, prefix="kollega"):
    User = get_user_model()
    users = User.objects.bulk_create([
        User(username=f"{prefix}{i}", first_name=f"Kollega{i:03d}", last_name="Østergård-Andersen") for i in range(count)
    ])
    people = StaffMember.objects.bulk_create([
        StaffMember(user=user, municipality_id=staff.municipality_id, unit_id=staff.unit_id, title="Jobrådgiver")
        for user in users
    ])
    StaffRole.objects.bulk_create([StaffRole(staff=person, role=Role.CASEWORKER) for person in people])
    return people


def _fill_the_week(staff, colleagues, citizens, own_citizens, per_day):
    """`per_day` appointments a day for every colleague (with a colleague invited to every other one), and for the
    staff member with their own citizens."""
    rows, invited = [], []
    for n, person in enumerate([staff, *colleagues]):
        mine = own_citizens if person == staff else citizens
        for day in range(5):
            for slot in range(per_day):
                start = _at(MONDAY + datetime.timedelta(days=day), 8) + datetime.timedelta(minutes=50 * slot)
                rows.append(_appointment(mine[(day + slot) % len(mine)], person, start))
    rows = Appointment.objects.bulk_create(rows)
    through, people = Appointment.other_staff.through, [staff, *colleagues]
    for i, appointment in enumerate(rows[::2]):
        guest = people[(i + 7) % len(people)]
        if guest.pk != appointment.organiser_id:
            invited.append(through(appointment_id=appointment.pk, staffmember_id=guest.pk))
    through.objects.bulk_create(invited)


def _measure(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("contact:week"), {"uge": WEEK})
    assert response.status_code == 200
    return len(response.content), len(queries)


def test_the_week_stays_small_and_its_queries_do_not_grow_with_colleagues_or_appointments(
        caseworker_client, caseworker, make_citizen):
    own = [make_citizen(caseworker, cpr=f"{day:02d}0190{1000 + day}", first=f"Borger{day}") for day in range(1, 9)]
    few = _colleagues(caseworker, 2, prefix="few")
    _fill_the_week(caseworker, few, own, own, per_day=1)
    _add(caseworker_client, *few)
    small_bytes, small_queries = _measure(caseworker_client)

    many = _colleagues(caseworker, 300)  # a unit of 300: far more than a real one
    _fill_the_week(caseworker, many, own, own, per_day=9)  # a full day for everyone: 13,000 appointments in the week
    _add(caseworker_client, *many[:MAX_CALENDAR_COLLEAGUES - len(few)])
    big_bytes, big_queries = _measure(caseworker_client)
    print(f"\nWEEK PAGE small: {small_bytes} bytes, {small_queries} queries; "
          f"300 colleagues, {Appointment.objects.count()} appointments: {big_bytes} bytes, {big_queries} queries")
    assert big_bytes < MAX_PAGE_BYTES
    assert big_queries == small_queries
