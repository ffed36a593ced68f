import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from helhed.contact.models import JournalNote
from helhed.contact.services.journal import add_journal_note, correct_journal_note
from helhed.core.append_only import AppendOnlyError


def test_note_is_saved_and_shown_on_the_overview(caseworker_client, citizen):
    url = reverse("contact:journal_note_add", args=[citizen.pk])
    response = caseworker_client.post(url, {"kind": "phone", "occurred_on": "2025-10-02", "text": "Ringede. Ingen taletid."})
    assert response.status_code == 302
    page = caseworker_client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()
    assert "Ringede. Ingen taletid." in page


def test_empty_note_gives_a_clear_message_and_saves_nothing(caseworker_client, citizen):
    url = reverse("contact:journal_note_add", args=[citizen.pk])
    response = caseworker_client.post(url, {"kind": "note", "occurred_on": "2025-10-02", "text": "   \n "})
    assert response.status_code == 200
    assert "Notatet er tomt" in response.content.decode()
    assert JournalNote.objects.count() == 0


def test_note_with_script_is_stored_as_text_and_shown_escaped(caseworker_client, citizen):
    text = '<script>alert("x")</script> Borgeren sagde: "Jeg vil gerne"'
    caseworker_client.post(
        reverse("contact:journal_note_add", args=[citizen.pk]), {"kind": "note", "occurred_on": "2025-10-02", "text": text}
    )
    assert JournalNote.objects.get().text == text
    page = caseworker_client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_note_dated_in_the_future_is_rejected(citizen, caseworker):
    with pytest.raises(ValidationError):
        add_journal_note(staff=caseworker, citizen=citizen, text="x", occurred_on=datetime.date.today() + datetime.timedelta(days=3))


def test_notes_are_append_only_in_the_application(citizen, caseworker):
    note = add_journal_note(staff=caseworker, citizen=citizen, text="Første udgave")
    note.text = "Ændret"
    with pytest.raises(AppendOnlyError):
        note.save()
    with pytest.raises(AppendOnlyError):
        JournalNote.objects.filter(pk=note.pk).update(text="Ændret")
    with pytest.raises(AppendOnlyError):
        note.delete()


def test_notes_are_append_only_in_the_database(citizen, caseworker):
    note = add_journal_note(staff=caseworker, citizen=citizen, text="Første udgave")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE contact_journalnote SET text = 'Ændret' WHERE id = %s", [note.pk])
    assert JournalNote.objects.get(pk=note.pk).text == "Første udgave"


def test_correction_is_a_new_version_pointing_at_the_old(caseworker_client, citizen, caseworker):
    original = add_journal_note(staff=caseworker, citizen=citizen, text="Mødte ikke op.")
    corrected = correct_journal_note(staff=caseworker, note=original, text="Mødte op, men 20 minutter forsinket.")
    assert (corrected.version, corrected.supersedes_id) == (2, original.pk)
    assert JournalNote.objects.get(pk=original.pk).text == "Mødte ikke op."
    page = caseworker_client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()
    assert "20 minutter forsinket" in page and "Mødte ikke op." not in page
    with pytest.raises(ValidationError):
        correct_journal_note(staff=caseworker, note=original, text="En anden rettelse")


def test_correction_through_the_form_keeps_the_original(caseworker_client, citizen, caseworker):
    original = add_journal_note(staff=caseworker, citizen=citizen, text="Udeblev fra samtalen.")
    url = reverse("contact:journal_note_correct", args=[citizen.pk, original.pk])
    assert "Udeblev fra samtalen." in caseworker_client.get(url).content.decode()
    response = caseworker_client.post(url, {"text": "Mødte op; samtalen blev flyttet til telefon."})
    assert response.status_code == 302
    assert JournalNote.objects.get(pk=original.pk).text == "Udeblev fra samtalen."
    assert JournalNote.objects.get(supersedes=original).version == 2
