from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhed.citizens.models import AccessLogEntry
from helhed.contact.services.journal import add_journal_note


def _overview_queries(client, citizen):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("casefile:overview", args=[citizen.pk]))
    assert response.status_code == 200
    return len(queries)


def test_overview_query_count_does_not_grow_with_the_journal(caseworker_client, citizen, caseworker):
    add_journal_note(staff=caseworker, citizen=citizen, text="Første notat")
    few = _overview_queries(caseworker_client, citizen)
    for i in range(60):
        add_journal_note(staff=caseworker, citizen=citizen, text=f"Notat {i}")
    many = _overview_queries(caseworker_client, citizen)
    assert few == many
    # session, user, staff, access, overview parts, rules facts (9 providers, offers among them), appointments, plan,
    # story, the coordinating-caseworker section (3), the 25 % section (2: the group, an open decision), the offers
    # and referrals sections (1 each, and 2 more with referrals: the week's time and the absences), the absence
    # cases (1), the meetings, their open actions and the open tasks (3), the programme enrolments (1), what the
    # citizen sent through the portal (the answers to the plan 1, the messages 3: threads, their newest messages, the
    # unread count; requests and absences reported ride on the appointments' query), appointments proposed by
    # providers through the API (1), read log
    assert many <= 43


def test_overview_writes_an_access_log_row(caseworker_client, citizen, caseworker):
    caseworker_client.get(reverse("casefile:overview", args=[citizen.pk]))
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.staff, entry.citizen, entry.page, entry.reason) == (
        caseworker.user, caseworker, citizen, "casefile:overview", "responsible_caseworker"
    )


def test_overview_shows_the_safety_marker_prominently(caseworker_client, citizen, caseworker):
    import datetime

    from helhed.citizens.services import set_safety_marker

    set_safety_marker(staff=caseworker, citizen=citizen, reason="Mød kun borgeren to medarbejdere sammen.",
                      review_date=datetime.date.today() + datetime.timedelta(days=90))
    page = caseworker_client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()
    assert "SOS" in page and "Mød kun borgeren to medarbejdere sammen." in page
    listing = caseworker_client.get(reverse("citizens:my_citizens")).content.decode()
    assert "SOS" in listing
