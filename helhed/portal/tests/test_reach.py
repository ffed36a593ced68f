"""Reach: easy-read mode, the English version, small pages, and texts that go out linking to the portal."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from helhed.contact.models import OutboxMessage
from helhed.contact.services import reminders
from helhed.portal.tests.helpers import sign_in_as
from helhed.portal.tests.world import build_portal_world, staff_reads
from helhed.sanctions.models import Letter

pytestmark = pytest.mark.django_db

PAGES = ["/borger/", "/borger/plan/", "/borger/fremskridt/", "/borger/aftaler/", "/borger/beskeder/",
         "/borger/beskeder/ny/", "/borger/breve/", "/borger/hvem-har-set/", "/borger/mine-data/"]


@pytest.fixture
def world():
    world = build_portal_world()
    staff_reads(world)
    return world


def test_easy_read_mode_is_kept_for_the_session_and_shortens_the_pages(client, world):
    sign_in_as(client, world.citizen)
    normal = client.get("/borger/plan/").content.decode()
    answer = client.post("/borger/let-at-laese/", {"on": "1", "next": "/borger/plan/"})
    assert answer.status_code == 302 and answer["Location"] == "/borger/plan/"
    for path in PAGES:
        body = client.get(path).content.decode()
        assert 'class="portal easy-read"' in body, path
    easy = client.get("/borger/plan/").content.decode()
    assert "Almindelig tekst" in easy and len(easy) < len(normal)
    client.post("/borger/let-at-laese/", {"on": "0", "next": "/borger/"})
    assert 'class="portal"' in client.get("/borger/").content.decode()


def test_easy_read_switch_goes_back_only_to_a_portal_page(client, world):
    sign_in_as(client, world.citizen)
    for bad in ("https://evil.example/", "//evil.example/", "/borgere/1/"):
        answer = client.post("/borger/let-at-laese/", {"on": "1", "next": bad})
        assert answer["Location"] == "/borger/"


def test_every_portal_page_has_an_english_version(client, world):
    sign_in_as(client, world.citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for path in PAGES:
        body = client.get(path).content.decode()
        assert '<html lang="en">' in body and "My page" in body, path
        assert "Tilbage til Min side" not in body and "Log ud" not in body, path


def test_every_portal_page_is_under_100_kb(client, world):
    sign_in_as(client, world.citizen)
    for path in PAGES + [f"/borger/breve/{world.case.hearing.pk}/", f"/borger/aftaler/{world.appointment.pk}/flyt/"]:
        answer = client.get(path)
        assert answer.status_code == 200 and len(answer.content) < 100 * 1024, path


def test_the_reminder_links_to_the_citizens_meetings_in_the_portal(world):
    citizen = world.citizen
    citizen.phone = "20304050"
    citizen.save()
    due = world.appointment.starts_at - datetime.timedelta(hours=24) + datetime.timedelta(seconds=1)
    reminders.send_due(due)
    reminder = OutboxMessage.objects.get(citizen_id=citizen.pk, reminder__isnull=False)
    assert f"{settings.PUBLIC_URL}/borger/aftaler/" in reminder.body


def test_the_hearing_letter_links_to_the_portal(world):
    letter = Letter.objects.get(case=world.case, kind=Letter.Kind.HEARING)
    assert any(f"{settings.PUBLIC_URL}/borger/breve/" in paragraph for paragraph in letter.paragraphs)
    assert timezone.localdate() <= world.case.hearing.deadline


def test_a_staff_answer_sends_a_text_that_links_to_the_messages_once(world, django_capture_on_commit_callbacks):
    from helhed.portal.services import messages

    citizen = world.citizen
    citizen.phone = "20304050"
    citizen.save()
    thread = messages.start_thread(citizen=citizen, subject="Spørgsmål", body="Hvornår ses vi?")
    with django_capture_on_commit_callbacks(execute=True):
        answer = messages.staff_reply(staff=world.caseworker, thread=thread, body="På torsdag.")
    sent = OutboxMessage.objects.get(citizen_id=citizen.pk, channel="sms", subject="Ny besked på Min side")
    assert f"{settings.PUBLIC_URL}/borger/beskeder/" in sent.body and "På torsdag" not in sent.body
    messages._tell_citizen(answer)  # a retry sends nothing new
    assert OutboxMessage.objects.filter(citizen_id=citizen.pk, subject="Ny besked på Min side").count() == 1


def test_the_database_keeps_one_answer_one_open_request_and_one_notice(world):
    from django.db import IntegrityError, transaction

    from helhed.portal.models import AbsenceNotice, MoveRequest, PlanAnswer
    from helhed.portal.services import appointments as portal_appointments
    from helhed.portal.services.plan import answer_plan

    citizen, appointment = world.citizen, world.appointment
    answer_plan(citizen=citizen, number=1, answer="disagree", reason="Jeg vil hellere starte med søvnen.")
    portal_appointments.ask_to_move(citizen=citizen, appointment=appointment, reason="Lægen.")
    portal_appointments.report_absence(citizen=citizen, appointment=appointment, kind="ill")
    # what a second request racing the first would write, past the services' checks
    rows = [PlanAnswer(municipality=world.municipality, citizen=citizen, version=PlanAnswer.objects.get().version,
                       agrees=True),
            MoveRequest(municipality=world.municipality, citizen=citizen, appointment=appointment, reason="Igen."),
            AbsenceNotice(municipality=world.municipality, citizen=citizen, appointment=appointment, kind="ill")]
    for row in rows:
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()


def test_the_error_summary_links_each_error_to_its_field_and_keeps_the_text(client, world):
    sign_in_as(client, world.citizen)
    answer = client.post(f"/borger/aftaler/{world.appointment.pk}/afbud/", {"text": "Jeg har feber."})
    body = answer.content.decode()
    assert answer.status_code == 200 and 'href="#id_kind_0"' in body and 'id="id_kind_0"' in body
    assert "Jeg har feber." in body and "Din tekst er her stadig." in body
