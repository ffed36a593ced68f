import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.contact.models import Absence, Appointment, JournalNote, Reminder
from helhed.contact.services.appointments import (
    book_appointment,
    move_appointment,
    record_held,
    record_not_held,
    register_afterwards,
)
from helhed.coordination.services import add_team_member
from helhed.core.models import Role
from helhed.rules.facts import load_facts
from helhed.rules.selectors import citizen_obligations

pytestmark = pytest.mark.django_db


def soon(days=2, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def ago(hours=2):
    return timezone.now() - datetime.timedelta(hours=hours)


def test_booking_plans_reminders_for_the_citizen_and_the_staff(caseworker, citizen):
    citizen.phone = "20304050"
    citizen.save()
    caseworker.user.email = "anne@fjordby.dk"
    caseworker.user.save()
    appointment = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon())
    reminders = Reminder.objects.filter(appointment=appointment)
    assert sorted((r.channel, r.address, appointment.starts_at - r.due_at) for r in reminders) == [
        ("email", "anne@fjordby.dk", datetime.timedelta(hours=1)),
        ("sms", "20304050", datetime.timedelta(hours=2)),
        ("sms", "20304050", datetime.timedelta(hours=24)),
    ]


def test_a_booking_in_the_past_points_to_registering_afterwards(caseworker, citizen):
    with pytest.raises(ValidationError, match="Registrér en samtale bagefter"):
        book_appointment(staff=caseworker, citizen=citizen, starts_at=ago(5))
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("starts_at", [
    timezone.make_aware(datetime.datetime(1989, 12, 31, 10)),
    timezone.make_aware(datetime.datetime(2100, 1, 1, 10)),
])
def test_dates_out_of_range_are_refused_and_nothing_is_saved(caseworker, citizen, starts_at):
    with pytest.raises(ValidationError):
        book_appointment(staff=caseworker, citizen=citizen, starts_at=starts_at)
    assert not Appointment.objects.exists()


def test_moving_keeps_the_old_time_with_the_reason_and_replans_reminders(caseworker, citizen):
    old = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon())
    new = move_appointment(staff=caseworker, appointment=old, starts_at=soon(days=5), duration_minutes=45,
                           channel="home_visit", reason="Søren skal til lægen den dag.")
    old.refresh_from_db()
    assert (old.status, old.not_held_reason, old.not_held_note, old.moved_to) == (
        "not_held", "moved", "Søren skal til lægen den dag.", new)
    assert (new.status, new.channel, new.ends_at - new.starts_at) == (
        "booked", "home_visit", datetime.timedelta(minutes=45))
    assert not Reminder.objects.filter(appointment=old, status="pending").exists()
    assert Reminder.objects.filter(appointment=new, status="pending").exists()


def test_moving_needs_a_reason(caseworker, citizen):
    old = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon())
    with pytest.raises(ValidationError, match="hvorfor"):
        move_appointment(staff=caseworker, appointment=old, starts_at=soon(days=5), duration_minutes=30,
                         channel="office", reason=" ")
    assert Appointment.objects.get().status == "booked"


def test_held_conversation_records_agreements_citizen_words_and_an_edited_note(caseworker, citizen):
    appointment = register_afterwards(staff=caseworker, citizen=citizen, started_at=ago(), channel="office").appointment
    assert appointment.status == "held" and appointment.registered_afterwards
    booked = Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, starts_at=ago(1), ends_at=ago(0.5), organiser=caseworker,
        booked_by=caseworker,
    )
    record = record_held(staff=caseworker, appointment=booked, agreed="- Søge 2 praktikpladser\nRinge til lægen\n\n",
                         citizen_words="Jeg vil gerne arbejde med dyr.", note="")
    assert [item.text for item in record.agreed.all()] == ["Søge 2 praktikpladser", "Ringe til lægen"]
    assert record.citizen_words == "Jeg vil gerne arbejde med dyr."
    assert "Aftalt:\n- Søge 2 praktikpladser\n- Ringe til lægen" in record.journal_note.text
    assert 'Sådan siger Søren det: "Jeg vil gerne arbejde med dyr."' in record.journal_note.text
    again = Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, starts_at=ago(1), ends_at=ago(0.5), organiser=caseworker,
        booked_by=caseworker,
    )
    edited = record_held(staff=caseworker, appointment=again, agreed="CV", note="Min egen tekst.")
    assert edited.journal_note.text == "Min egen tekst."


def test_the_conversation_shows_the_newest_correction_of_its_note_in_one_query(caseworker, citizen,
                                                                            django_assert_num_queries):
    from helhed.contact.services.journal import correct_journal_note

    record = register_afterwards(staff=caseworker, citizen=citizen, started_at=ago(), channel="office")
    note = record.journal_note
    for i in range(4):
        note = correct_journal_note(staff=caseworker, note=note, text=f"Rettet {i + 1}. gang.")
    with django_assert_num_queries(1):
        assert record.current_note().text == "Rettet 4. gang."


def test_a_future_appointment_cannot_be_marked_held(caseworker, citizen):
    appointment = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon())
    with pytest.raises(ValidationError, match="ikke begyndt"):
        record_held(staff=caseworker, appointment=appointment)
    assert not JournalNote.objects.filter(citizen=citizen).exists()


def test_a_second_person_settling_the_same_appointment_gets_a_clear_error(caseworker, citizen):
    appointment = Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, starts_at=ago(1), ends_at=ago(0.5), organiser=caseworker,
        booked_by=caseworker,
    )
    record_held(staff=caseworker, appointment=appointment, agreed="CV")
    with pytest.raises(ValidationError, match="allerede markeret som afholdt"):
        record_not_held(staff=caseworker, appointment=appointment, reason="citizen_absent", notice="none",
                        context="Ukendt.")
    assert not Absence.objects.exists()


def test_absence_is_recorded_with_its_context_and_starts_no_sanction(caseworker, citizen):
    from helhed.sanctions.models import SanctionCase

    appointment = Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, starts_at=ago(3), ends_at=ago(2.5), organiser=caseworker,
        booked_by=caseworker,
    )
    with pytest.raises(ValidationError, match="hvad vi ved"):
        record_not_held(staff=caseworker, appointment=appointment, reason="citizen_absent", notice="none", context="")
    record_not_held(staff=caseworker, appointment=appointment, reason="citizen_absent", notice="afterwards",
                    context="Ringede dagen efter: var indlagt.", contact_attempts="SMS og opkald samme dag.")
    absence = Absence.objects.get()
    assert (absence.notice, absence.context, absence.appointment) == (
        "afterwards", "Ringede dagen efter: var indlagt.", appointment)
    case = SanctionCase.objects.get()  # documentation for the caseworker: not with a sanction officer, nothing decided
    assert (case.stage, case.referred_to, case.absence) == ("documenting", None, absence)
    assert "Ringede dagen efter" in case.staff_note and not hasattr(case, "decision")
    assert "Ringede dagen efter" in JournalNote.objects.get(citizen=citizen).text


def test_the_citizen_cannot_be_absent_before_the_appointment(caseworker, citizen):
    appointment = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon())
    with pytest.raises(ValidationError):
        record_not_held(staff=caseworker, appointment=appointment, reason="citizen_absent", notice="none", context="x")
    record_not_held(staff=caseworker, appointment=appointment, reason="staff_cancelled", note="Syg.")
    assert not Reminder.objects.filter(appointment=appointment, status="pending").exists()


def test_held_conversations_meet_the_obligations_and_a_missed_one_stays_overdue(caseworker, make_citizen):
    start = timezone.localdate() - datetime.timedelta(days=30)
    met = make_citizen(caseworker, cpr="0101901234", since=start)
    missed = make_citizen(caseworker, cpr="0202902345", since=start)
    register_afterwards(staff=caseworker, citizen=met, started_at=timezone.make_aware(
        datetime.datetime.combine(start + datetime.timedelta(days=2), datetime.time(10))), channel="office")
    absent = Appointment.objects.create(
        municipality=missed.municipality, citizen=missed, organiser=caseworker, booked_by=caseworker,
        starts_at=timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=2), datetime.time(10))),
        ends_at=timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=2), datetime.time(11))),
    )
    record_not_held(staff=caseworker, appointment=absent, reason="citizen_absent", notice="none", context="Ukendt.")
    today = timezone.localdate()
    status = {c.pk: {o.rule_id: str(o.status) for o in citizen_obligations(c, today)["obligations"]} for c in (met, missed)}
    assert status[met.pk]["first_jobsamtale"] == "met" and status[met.pk]["first_in_person"] == "met"
    assert status[missed.pk]["first_jobsamtale"] == "overdue"


def test_a_first_conversation_by_phone_does_not_meet_first_in_person(caseworker, make_citizen):
    start = timezone.localdate() - datetime.timedelta(days=20)
    citizen = make_citizen(caseworker, cpr="0101901234", since=start)
    register_afterwards(staff=caseworker, citizen=citizen, started_at=timezone.make_aware(
        datetime.datetime.combine(start + datetime.timedelta(days=1), datetime.time(10))), channel="phone")
    facts = load_facts([citizen.pk])[citizen.pk]
    assert [c.in_person for c in facts.conversations] == [False]
    status = {o.rule_id: str(o.status) for o in citizen_obligations(citizen, timezone.localdate())["obligations"]}
    assert status["first_jobsamtale"] == "met" and status["first_in_person"] != "met"


def test_a_mentor_on_the_team_books_and_holds_a_mentor_meeting(client, caseworker, citizen, make_staff):
    mentor = make_staff(citizen.municipality, "mentor", role=Role.MENTOR, unit_name="Brobyg Mentorhus")
    add_team_member(staff=caseworker, citizen=citizen, member=mentor, role="mentor",
                    valid_from=timezone.localdate() - datetime.timedelta(days=10))
    client.force_login(mentor.user)
    day = soon()
    response = client.post(reverse("contact:appointment_book", args=[citizen.pk]), {
        "kind": "mentor_meeting", "date": day.date().isoformat(), "time": "10:00", "duration_minutes": "60",
        "channel": "home_visit", "place": "Hjemme hos Søren",
    })
    assert response.status_code == 302 and response["Location"] == reverse("casefile:team_view", args=[citizen.pk])
    appointment = Appointment.objects.get()
    assert (appointment.organiser, appointment.kind, appointment.channel) == (mentor, "mentor_meeting", "home_visit")
    page = client.get(reverse("casefile:team_view", args=[citizen.pk])).content.decode()
    assert "Mentormøde" in page and "Hjemmebesøg" in page


def test_html_in_agreements_is_stored_as_text_and_escaped(caseworker_client, caseworker, citizen):
    record = register_afterwards(staff=caseworker, citizen=citizen, started_at=ago(),
                                 agreed="<script>alert(1)</script> møde", citizen_words="<b>fed</b>")
    page = caseworker_client.get(reverse("contact:appointment_detail", args=[citizen.pk, record.appointment.pk]))
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert record.agreed.get().text == "<script>alert(1)</script> møde"


def test_booking_form_errors_keep_the_input(caseworker_client, citizen):
    response = caseworker_client.post(reverse("contact:appointment_book", args=[citizen.pk]), {
        "kind": "jobsamtale", "date": "1899-01-01", "time": "10:00", "duration_minutes": "30", "channel": "office",
        "place": "Lokale 4",
    })
    html = response.content.decode()
    assert response.status_code == 200 and "1990" in html and 'value="Lokale 4"' in html
    assert not Appointment.objects.exists()


def test_the_first_job_conversation_cannot_be_booked_by_phone_but_later_ones_can(caseworker, citizen):
    with pytest.raises(ValidationError, match="LAB § 33"):
        book_appointment(staff=caseworker, citizen=citizen, starts_at=soon(), channel="phone")
    first = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon(), channel="office")
    with pytest.raises(ValidationError, match="LAB § 33"):
        move_appointment(staff=caseworker, appointment=first, starts_at=soon(days=3), duration_minutes=30,
                         channel="video", reason="Borgeren er forkølet.")
    register_afterwards(staff=caseworker, citizen=citizen, started_at=ago(), channel="office")
    assert book_appointment(staff=caseworker, citizen=citizen, starts_at=soon(days=9), channel="phone").channel == "phone"
    mentor_call = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon(hour=13), kind="mentor_meeting",
                                   channel="phone")
    assert mentor_call.channel == "phone"  # the rule is about job conversations only
