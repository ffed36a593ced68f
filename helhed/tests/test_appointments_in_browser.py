"""Appointments in citizen time, as a caseworker uses them: book, move with a reason, mark held or not held, and
register an acute conversation afterwards. One test counts the interactions (clicks plus field entries) to book and
then register a held jobsamtale; the figure is reported in bench/README.md."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhed.conftest import PASSWORD
from helhed.contact.models import Absence, Appointment, JournalNote
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Counter:
    """Counts what a person does: every click and every field filled in or chosen."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, value):
        self.count += 1
        locator.fill(value)

    def select(self, locator, value):
        self.count += 1
        locator.select_option(value)


def _open_citizen(page, live_server, citizen):
    log_in(page, live_server, "anne", PASSWORD)
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")


def _day_arrives(appointment):
    """Time passes until the appointment has begun (the server's clock cannot be moved from the browser)."""
    start = timezone.now() - datetime.timedelta(minutes=5)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=start, ends_at=start + datetime.timedelta(minutes=30))


def test_book_and_register_a_held_jobsamtale_in_at_most_six_interactions(page, live_server, caseworker, citizen):
    _open_citizen(page, live_server, citizen)
    act = Counter(page)
    act.click(page.get_by_role("link", name="Book en aftale"))
    expect(page.get_by_label("Type")).to_have_value("jobsamtale")
    expect(page.get_by_label("Hvor eller hvordan")).to_have_value("office")  # the first conversation is in person
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-20-book-aftale")
    day = timezone.localdate() + datetime.timedelta(days=7)
    act.fill(page.get_by_label("Dato"), day.isoformat())
    act.click(page.get_by_role("button", name="Book", exact=True))
    expect(page.get_by_text("Aftalen er booket")).to_be_visible()
    appointment = Appointment.objects.get(citizen=citizen)
    assert (timezone.localtime(appointment.starts_at).date(), appointment.channel) == (day, "office")

    _day_arrives(appointment)
    page.reload()  # the caseworker has the citizen open on the day: not an interaction
    act.click(page.locator(".appointment-line").get_by_role("link", name=re.compile("^Afholdt")))
    assert_accessible(page)
    assert_controls_visible(page)
    act.fill(page.get_by_label("Hvad aftalte I?"), "Søren søger to praktikpladser i genbrug\nNæste samtale om tre uger")
    note = page.get_by_label("Journalnotat")
    expect(note).to_have_value(re.compile(r"Aftalt:\n- Søren søger to praktikpladser i genbrug"))  # as they type
    screenshot(page, "da-21-samtale-afholdt")
    act.click(page.get_by_role("button", name="Gem som afholdt"))

    expect(page.get_by_text("Samtalen er registreret som afholdt")).to_be_visible()
    assert act.count <= 6, f"{act.count} interactions"
    print(f"\nINTERACTIONS book + register held jobsamtale: {act.count}")
    appointment.refresh_from_db()
    assert appointment.status == "held"
    assert [i.text for i in appointment.record.agreed.all()] == [
        "Søren søger to praktikpladser i genbrug", "Næste samtale om tre uger"]
    assert "Aftalt:" in JournalNote.objects.get(citizen=citizen).text
    # The held conversation meets the first-conversation obligation, and the stored worklist result says so.
    from helhed.rules.models import ObligationRecord

    assert ObligationRecord.objects.get(citizen=citizen, rule_id="first_jobsamtale").status == "met"


def test_moving_asks_for_the_reason_and_keeps_the_history(page, live_server, caseworker, citizen):
    from helhed.contact.services.appointments import book_appointment

    first = book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=2))
    _open_citizen(page, live_server, citizen)
    page.locator(".appointment-line").first.get_by_role("link").first.click()
    page.get_by_role("link", name="Flyt").click()
    assert_controls_visible(page)
    new_day = timezone.localdate() + datetime.timedelta(days=9)
    page.get_by_label("Dato").fill(new_day.isoformat())
    page.get_by_label("Hvor eller hvordan").select_option("home_visit")
    page.get_by_role("button", name="Flyt").click()
    expect(page.get_by_text("Skriv, hvorfor aftalen flyttes").first).to_be_visible()  # nothing lost: ask again
    expect(page.get_by_label("Dato")).to_have_value(new_day.isoformat())
    page.get_by_label("Hvorfor flyttes den?").fill("Søren ringede: han har svært ved at komme ud af døren i denne uge.")
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-22-flyt-aftale")
    page.get_by_role("button", name="Flyt").click()
    expect(page.get_by_text("Aftalen er flyttet")).to_be_visible()
    first.refresh_from_db()
    assert (first.status, first.not_held_reason) == ("not_held", "moved")
    assert first.moved_to.channel == "home_visit" and timezone.localtime(first.moved_to.starts_at).date() == new_day
    page.get_by_text("Tidligere aftaler").click()
    expect(page.locator(".appointment-line", has_text="Flyttet")).to_have_count(1)


def test_registering_an_acute_call_afterwards_takes_four_interactions(page, live_server, caseworker, citizen):
    """Four, not three: the kind is a deliberate choice, since only a job conversation counts toward the contact
    course (the worklist's link, which asks for a jobsamtale, saves the choice)."""
    _open_citizen(page, live_server, citizen)
    act = Counter(page)
    act.click(page.get_by_role("link", name="Registrér en samtale bagefter"))
    expect(page.get_by_label("Type")).to_have_value("")
    expect(page.get_by_text("Kun en jobsamtale tæller med i kontaktforløbet")).to_be_visible()
    assert_accessible(page)
    assert_controls_visible(page)
    act.fill(page.get_by_label("Hvad aftalte I?"), "Søren ringer til lægen i morgen og fortæller mig, hvad han sagde")
    act.select(page.get_by_label("Type"), "mentor_meeting")
    screenshot(page, "da-23-samtale-bagefter")
    act.click(page.get_by_role("button", name="Registrér"))
    expect(page.get_by_text("Samtalen er registreret")).to_be_visible()
    assert act.count == 4
    appointment = Appointment.objects.get(citizen=citizen)
    assert (appointment.status, appointment.registered_afterwards, appointment.channel, appointment.kind) == (
        "held", True, "phone", "mentor_meeting")
    assert "Søren ringer til lægen" in JournalNote.objects.get(citizen=citizen).text


def test_marking_not_held_records_the_absence_with_its_context(page, live_server, caseworker, citizen):
    from helhed.contact.services.appointments import book_appointment

    appointment = book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=1))
    _day_arrives(appointment)
    _open_citizen(page, live_server, citizen)
    page.locator(".appointment-line").get_by_role("link", name=re.compile("^Ikke afholdt")).click()
    assert_controls_visible(page)
    page.get_by_label("Hvorfor blev den ikke holdt?").select_option("citizen_absent")
    page.get_by_label("Har vi hørt fra borgeren?").select_option("none")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Skriv, hvad vi ved om borgerens situation").first).to_be_visible()
    page.get_by_label("Hvad vi ved om situationen").fill("Søren har haft en svær uge; naboen siger, han er syg.")
    page.get_by_label("Sådan har vi forsøgt at få kontakt med borgeren").fill("Sms kl. 10.15 og opkald kl. 11.")
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-24-ikke-afholdt")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Aftalen er registreret som ikke afholdt")).to_be_visible()
    absence = Absence.objects.get()
    assert (absence.notice, absence.appointment) == ("none", appointment)
    assert "naboen siger" in absence.context


def test_the_week_calendar_shows_own_appointments_holidays_and_colleagues_busy(page, live_server, caseworker,
                                                                              other_caseworker, citizen, make_citizen):
    from helhed.contact.services.appointments import book_appointment

    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    tuesday = monday + datetime.timedelta(days=8)
    book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.make_aware(
        datetime.datetime.combine(tuesday, datetime.time(9, 30))), channel="home_visit")
    theirs = make_citizen(other_caseworker, cpr="0202902345", first="Mette", last="Holm")
    book_appointment(staff=other_caseworker, citizen=theirs, starts_at=timezone.make_aware(
        datetime.datetime.combine(tuesday, datetime.time(13))))
    log_in(page, live_server, "anne", PASSWORD)
    page.get_by_role("link", name="Kalender").first.click()
    page.get_by_role("link", name="Næste uge").click()
    expect(page.locator(".week-appointment", has_text="Søren Ågård")).to_be_visible()
    free_busy = page.get_by_role("region", name="Kolleger: ledig og optaget")
    expect(free_busy.get_by_role("row", name="Bo Ærenlund")).to_have_count(0)  # not until Anne adds him
    page.locator(f'button[name="tilfoej"][value="{other_caseworker.pk}"]').click()
    busy = free_busy.get_by_role("row", name="Bo Ærenlund")
    expect(busy).to_contain_text("13:00–13:30 optaget")
    # Free/busy only: the colleague's citizen is not on the page, not even in hidden text.
    expect(page.locator("html")).not_to_contain_text("Mette")
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-25-kalender")
    page.goto(f"{live_server.url}/kalender/?uge=2026-12-21")
    expect(page.get_by_text("Juledag").first).to_be_visible()


def test_the_week_shows_ones_own_week_and_free_busy_for_the_colleagues_one_adds(
        page, live_server, caseworker, other_caseworker, citizen, make_citizen, make_staff):
    """Issue 12: not every colleague in the unit (a 3,868-row table at 100,000 citizens), but the colleagues one adds,
    kept until one removes them, with times only."""
    from helhed.contact.services.appointments import book_appointment
    from helhed.core.models import OrganisationUnit

    department = caseworker.unit
    OrganisationUnit.objects.create(municipality=department.municipality, name="Job & Aktivhuset – Team 2",
                                    kind=department.kind, parent=department)
    karen = make_staff(department.municipality, "karen", unit_name="Job & Aktivhuset – Team 2", first="Karen",
                       last="Ærø")
    make_staff(department.municipality, "mette-mentor", unit_name="Brobyg Mentorhus", first="Karen", last="Mentor")
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday()) + datetime.timedelta(days=7)

    def at(days, hour, minute=0):
        return timezone.make_aware(datetime.datetime.combine(monday + datetime.timedelta(days=days),
                                                             datetime.time(hour, minute)))

    second = make_citizen(caseworker, cpr="0303903456", first="Leila", last="Hansen")
    for who, days, hour, minute, channel in [(citizen, 0, 9, 30, "home_visit"), (second, 1, 13, 0, "office"),
                                             (citizen, 3, 10, 0, "outreach_office")]:
        book_appointment(staff=caseworker, citizen=who, starts_at=at(days, hour, minute), channel=channel)
    theirs = make_citizen(other_caseworker, cpr="0202902345", first="Mette", last="Holm")
    for days, hour, minute in [(0, 9, 0), (0, 9, 30), (1, 13, 0), (2, 11, 0), (4, 8, 30)]:
        book_appointment(staff=other_caseworker, citizen=theirs, starts_at=at(days, hour, minute))
    karens = make_citizen(karen, cpr="0404904567", first="Mette", last="Lund")
    book_appointment(staff=karen, citizen=karens, starts_at=at(2, 14))

    log_in(page, live_server, "anne", PASSWORD)
    page.get_by_role("link", name="Kalender").first.click()
    page.get_by_role("link", name="Næste uge").click()
    expect(page.locator(".week-appointment", has_text="Leila Hansen")).to_be_visible()
    free_busy = page.get_by_role("region", name="Kolleger: ledig og optaget")
    expect(free_busy.get_by_role("row")).to_have_count(2)  # the heading and Anne's own row: no colleague yet
    expect(free_busy.get_by_role("row", name="Dig")).to_contain_text("09:30–10:00 optaget")

    page.locator(f'button[name="tilfoej"][value="{other_caseworker.pk}"]').click()  # Bo, in Anne's team
    expect(free_busy.get_by_role("row", name="Bo Ærenlund")).to_contain_text("09:00–10:00 optaget")  # one block
    page.locator("#colleague-search").fill("karen")
    page.locator("#colleague-search-button").click()
    found = page.locator("#colleague-candidates")
    expect(found.get_by_role("row", name="Karen Ærø")).to_contain_text("Job & Aktivhuset – Team 2")
    expect(found.get_by_role("row", name="Karen Mentor")).to_have_count(0)  # a provider's mentor: not a colleague
    page.locator(f'button[name="tilfoej"][value="{karen.pk}"]').click()
    expect(free_busy.get_by_role("row", name="Karen Ærø")).to_contain_text("14:00–14:30 optaget")
    expect(free_busy.get_by_role("row")).to_have_count(4)
    expect(page.locator("html")).not_to_contain_text("Mette")  # times only: the colleagues' citizens are not named
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-48-kalender-uge")

    page.goto(f"{live_server.url}/kalender/?uge={monday.isoformat()}")  # another day: the colleagues are still there
    expect(free_busy.get_by_role("row")).to_have_count(4)
    free_busy.locator(f'button[name="fjern"][value="{other_caseworker.pk}"]').click()
    expect(free_busy.get_by_role("row", name="Bo Ærenlund")).to_have_count(0)
    expect(free_busy.get_by_role("row")).to_have_count(3)


def test_every_control_on_the_booking_form_can_be_seen_and_used(page, live_server, caseworker, citizen, make_staff):
    """The participant checkboxes once had no box at all (0 × 0 px) and axe did not notice: measure every control."""
    from helhed.coordination.services import add_team_member
    from helhed.core.models import Role

    mentor = make_staff(citizen.municipality, "mette", role=Role.MENTOR, unit_name="Brobyg Mentorhus",
                        first="Mette", last="Holm")
    add_team_member(staff=caseworker, citizen=citizen, member=mentor, role="mentor", valid_from=timezone.localdate())
    _open_citizen(page, live_server, citizen)
    page.get_by_role("link", name="Book en aftale").click()
    expect(page.get_by_role("heading", name="Book en aftale")).to_be_visible()
    page.get_by_text("Hvem deltager, og en besked til påmindelsen").click()
    participant = page.get_by_role("checkbox", name="Mette Holm (Brobyg Mentorhus)")
    expect(participant).to_have_count(1)
    boxes = {m["control"]: (m["width"], m["height"]) for m in assert_controls_visible(page)}
    participant_boxes = [size for control, size in boxes.items() if "name=other_staff" in control]
    assert participant_boxes and all(w >= 16 and h >= 16 for w, h in participant_boxes), participant_boxes
    page.get_by_text("Mette Holm (Brobyg Mentorhus)").click()  # the label, as a person does
    expect(participant).to_be_checked()
    assert_accessible(page)
    screenshot(page, "da-38-booking-participants")
    page.get_by_label("Dato").fill((timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text("Aftalen er booket")).to_be_visible()
    assert list(Appointment.objects.get(citizen=citizen).other_staff.all()) == [mentor]


def test_quick_held_updates_the_line_in_place_without_loading_the_page(page, live_server, caseworker, citizen):
    from helhed.contact.services.appointments import book_appointment

    appointment = book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=1))
    _day_arrives(appointment)
    blocked = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    _open_citizen(page, live_server, citizen)
    expect(page.locator("script[src$='htmx.min.js']")).to_have_count(1)
    page.wait_for_function("() => window.htmx !== undefined")
    line = page.locator(f"#appointment-{appointment.pk}")
    expect(line.get_by_role("link", name=re.compile("^Afholdt, med aftaler"))).to_be_visible()  # the full form
    screenshot(page, "da-42-hurtigt-afholdt-foer")
    url, navigations = page.url, []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    line.get_by_role("button", name=re.compile("^Afholdt")).click()

    expect(line.locator(".badge-success")).to_have_text("Afholdt")
    expect(line).to_contain_text("Samtalen er registreret som afholdt, og journalnotatet er gemt.")
    expect(line.get_by_role("button")).to_have_count(0)
    expect(page.get_by_text("Samtalen er registreret som afholdt").first).to_be_focused()
    # The rest of the case file follows in the same answer: the journal now holds the note.
    expect(page.locator("#section-journal .journal-entry")).to_have_count(1)
    expect(page.locator("#section-journal")).not_to_contain_text("Der er endnu ingen journalnotater")
    expect(page.locator("#section-obligations")).to_be_visible()
    assert page.url == url and navigations == [], navigations  # the line changed; the page was not loaded again
    assert blocked == [], blocked  # htmx runs under the CSP: no inline styles, no eval
    assert_accessible(page)
    screenshot(page, "da-43-hurtigt-afholdt-efter")
    appointment.refresh_from_db()
    assert appointment.status == "held"
    assert JournalNote.objects.filter(citizen=citizen).count() == 1


def test_a_double_booking_is_shown_and_booked_only_when_confirmed(page, live_server, caseworker, citizen):
    from helhed.contact.services.appointments import book_appointment

    day = timezone.localdate() + datetime.timedelta(days=7)
    book_appointment(staff=caseworker, citizen=citizen, duration_minutes=60,
                     starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
    _open_citizen(page, live_server, citizen)
    page.get_by_role("link", name="Book en aftale").click()
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Sted").fill("Lokale 4")
    page.get_by_role("button", name="Book", exact=True).click()
    warning = page.get_by_role("alert").filter(has_text="Dobbeltbooking")
    expect(warning).to_contain_text("Borgeren har allerede en aftale 10:00–11:00")
    expect(page.get_by_label("Sted")).to_have_value("Lokale 4")  # nothing lost
    assert Appointment.objects.count() == 1
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-44-dobbeltbooking")
    page.get_by_role("button", name="Book", exact=True).click()  # not confirmed: asked again
    expect(warning).to_be_visible()
    page.get_by_text("Book alligevel").click()
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text("Aftalen er booket")).to_be_visible()
    assert Appointment.objects.count() == 2
