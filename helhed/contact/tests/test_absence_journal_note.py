"""The journal note written when the citizen did not come tells how we tried to reach them (the sanction assessment
reads it), in the language of the person who writes it."""

import datetime

import pytest
from django.utils import timezone, translation

from helhed.contact.models import Appointment, JournalNote
from helhed.contact.services.appointments import record_not_held

pytestmark = pytest.mark.django_db
ATTEMPTS = "Anne: sms kl. 10.15, intet svar; opkald kl. 11, telefonsvarer. Bo: hjemmebesøg kl. 14, ingen hjemme."


def _missed(caseworker, citizen):
    start = timezone.now() - datetime.timedelta(hours=3)
    return Appointment.objects.create(municipality=citizen.municipality, citizen=citizen, organiser=caseworker,
                                      booked_by=caseworker, starts_at=start, ends_at=start + datetime.timedelta(minutes=30))


def test_the_absence_note_includes_the_contact_attempts(caseworker, citizen):
    record_not_held(staff=caseworker, appointment=_missed(caseworker, citizen), reason="citizen_absent", notice="none",
                    context="Naboen siger, han er syg.", contact_attempts=ATTEMPTS)
    text = JournalNote.objects.get(citizen=citizen).text
    assert "Vi har ikke hørt fra borgeren." in text
    assert "Naboen siger, han er syg." in text
    assert f"Sådan har vi forsøgt at få kontakt med borgeren:\n{ATTEMPTS}" in text


def test_the_absence_note_is_written_in_english_for_an_english_speaking_worker(caseworker, citizen):
    with translation.override("en"):
        record_not_held(staff=caseworker, appointment=_missed(caseworker, citizen), reason="citizen_absent",
                        notice="afterwards", context="He called the day after.", contact_attempts="Anne: SMS at 10:15.")
    text = JournalNote.objects.get(citizen=citizen).text
    assert "The citizen got in touch afterwards." in text
    assert "How we tried to reach the citizen:\nAnne: SMS at 10:15." in text


def test_without_attempts_the_note_has_no_empty_heading(caseworker, citizen):
    record_not_held(staff=caseworker, appointment=_missed(caseworker, citizen), reason="citizen_absent", notice="none",
                    context="Ukendt.")
    assert "forsøgt" not in JournalNote.objects.get(citizen=citizen).text
