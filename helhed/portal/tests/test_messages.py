"""Messages between the citizen and their caseworker and team: the portal's pages, the staff pages in the case file,
the worklist, file checks like every staff upload, and the portal's change history."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.audit.models import StatedReasonAccess
from helhed.citizens.models import AccessLogEntry
from helhed.citizens.personal_data import declaration_for
from helhed.contact.uploads import MAX_UPLOAD_BYTES
from helhed.core.models import Role
from helhed.portal import selectors
from helhed.portal.models import Attachment, Message, PortalEvent, Thread
from helhed.portal.models.policy import PORTAL_CHANGE_REASON
from helhed.portal.services import messages as services
from helhed.portal.tests.helpers import sign_in_as

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert('x')</script></body></html>"


def _pdf(name="brev.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def other_citizen(other_caseworker, make_citizen):
    return make_citizen(other_caseworker, cpr="0202902345", first="Mette", last="Holm")


def _staff_thread_url(thread, name="staff_thread"):
    return reverse(f"portal_staff:{name}", kwargs={"pk": thread.citizen_id, "thread_pk": thread.pk})


def _new_thread(citizen_client, **data):
    return citizen_client.post(reverse("portal:message_new"),
                               {"subject": "Min læge", "body": "Jeg er syg i dag.", **data})


def test_citizen_starts_a_thread_with_a_pdf_and_staff_see_it_answer_it(media, citizen_client, staff_client, citizen,
                                                                        caseworker):
    page = citizen_client.get(reverse("portal:message_new"))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and 'type="file"' in page.text

    response = _new_thread(citizen_client, attachment=_pdf())
    thread = Thread.objects.get(citizen=citizen)
    assert response.status_code == 302 and response.url == reverse("portal:thread", kwargs={"pk": thread.pk})
    assert thread.subject == "Min læge" and thread.started_by_citizen
    message = thread.messages.get()
    assert message.author is None and message.body == "Jeg er syg i dag." and message.read_by_staff_at is None
    attachment = message.attachments.get()
    assert (attachment.extension, attachment.content_type, attachment.size) == ("pdf", "application/pdf", len(PDF))
    assert attachment.original_name == "brev.pdf"
    assert "brev" not in attachment.file.name  # stored under a random name, never the citizen's
    assert (media / attachment.file.name).read_bytes() == PDF

    # Staff: the case file's section, and the caseworker's worklist.
    overview = staff_client.get(reverse("casefile:overview", kwargs={"pk": citizen.pk}))
    assert overview.status_code == 200
    assert _staff_thread_url(thread) in overview.text and "Min læge" in overview.text
    assert [t.pk for t in overview.context["portal_threads"]] == [thread.pk]
    assert overview.context["portal_threads"][0].unread_by_staff == 1
    worklist = staff_client.get(reverse("casefile:worklist"))
    assert worklist.status_code == 200
    assert [t.pk for t in worklist.context["portal_waiting_threads"]] == [thread.pk]
    assert _staff_thread_url(thread) in worklist.text
    assert AccessLogEntry.objects.filter(citizen=citizen, page="casefile:worklist", staff=caseworker).exists()

    # The caseworker opens the thread: read by staff, logged, and gone from the worklist.
    opened = staff_client.get(_staff_thread_url(thread))
    assert opened.status_code == 200 and "Jeg er syg i dag." in opened.text
    assert opened.context["new_ids"] == {message.pk}
    message.refresh_from_db()
    assert message.read_by_staff_at is not None
    assert AccessLogEntry.objects.filter(citizen=citizen, page="portal_staff:staff_thread", staff=caseworker).count() == 1
    assert staff_client.get(reverse("casefile:worklist")).context["portal_waiting_threads"] == []
    download = staff_client.get(reverse("portal_staff:staff_attachment",
                                        kwargs={"pk": citizen.pk, "attachment_pk": attachment.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AccessLogEntry.objects.filter(citizen=citizen, page="portal_staff:staff_attachment").count() == 1

    # The caseworker answers.
    answer = staff_client.post(_staff_thread_url(thread), {"body": "God bedring. Vi flytter mødet."})
    assert answer.status_code == 302 and answer.url == _staff_thread_url(thread)
    reply = thread.messages.get(author=caseworker)
    assert reply.read_by_citizen_at is None
    thread.refresh_from_db()
    assert thread.last_message_at == reply.sent_at

    # The citizen sees the answer with the caseworker's name; the unread count drops after opening.
    assert selectors.unread_messages(citizen) == 1
    listing = citizen_client.get(reverse("portal:messages"))
    assert listing.status_code == 200
    assert [(t.pk, t.unread) for t in listing.context["threads"]] == [(thread.pk, 1)]
    assert reverse("portal:thread", kwargs={"pk": thread.pk}) in listing.text
    page = citizen_client.get(reverse("portal:thread", kwargs={"pk": thread.pk}))
    assert page.status_code == 200
    assert "God bedring. Vi flytter mødet." in page.text and caseworker.full_name in page.text
    assert page.context["new_ids"] == {reply.pk}
    assert selectors.unread_messages(citizen) == 0
    assert [t.unread for t in citizen_client.get(reverse("portal:messages")).context["threads"]] == [0]
    assert citizen_client.get(reverse("portal:thread", kwargs={"pk": thread.pk})).context["new_ids"] == set()


def test_citizen_downloads_the_file_as_an_attachment_of_the_detected_type(media, citizen_client, citizen):
    _new_thread(citizen_client, attachment=_pdf(name="brev.txt"))
    attachment = Attachment.objects.get()
    assert attachment.original_name == "brev.txt" and attachment.extension == "pdf"
    page = citizen_client.get(reverse("portal:thread", kwargs={"pk": attachment.message.thread_id}))
    assert "brev.pdf" in page.text and "brev.txt" not in page.text
    response = citizen_client.get(reverse("portal:attachment", kwargs={"pk": attachment.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brev.pdf"'
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_citizen_answers_in_the_thread_and_it_is_logged_as_a_portal_action(media, citizen_client, citizen):
    _new_thread(citizen_client)
    thread = Thread.objects.get()
    response = citizen_client.post(reverse("portal:thread", kwargs={"pk": thread.pk}),
                                   {"body": "En ting mere.", "attachment": _pdf()})
    assert response.status_code == 302
    assert [m.body for m in thread.messages.all()] == ["Jeg er syg i dag.", "En ting mere."]
    assert Attachment.objects.filter(message__thread=thread).count() == 1
    assert list(PortalEvent.objects.filter(citizen=citizen).values_list("action", "about")) == [
        (PortalEvent.Action.MESSAGE_SENT, "Min læge")] * 2


def test_sending_writes_portal_events_and_history_rows_with_the_change_reason_portal(media, citizen_client, citizen):
    _new_thread(citizen_client, attachment=_pdf())
    thread = Thread.objects.get()
    event = PortalEvent.objects.get(citizen=citizen)
    assert event.action == PortalEvent.Action.MESSAGE_SENT and event.about == "Min læge"
    assert event.history.get().history_change_reason == PORTAL_CHANGE_REASON
    assert thread.history.get().history_change_reason == PORTAL_CHANGE_REASON
    assert Message.history.get().history_change_reason == PORTAL_CHANGE_REASON
    citizen_client.post(reverse("portal:thread", kwargs={"pk": thread.pk}), {"body": "Og så det her."})
    assert {h.history_change_reason for h in Message.history.all()} == {PORTAL_CHANGE_REASON}
    assert {h.history_change_reason for h in thread.history.all()} == {PORTAL_CHANGE_REASON}
    assert thread.history.count() == 2  # created, then the newest message's time


def test_html_disguised_as_pdf_is_refused_and_the_text_is_kept(media, citizen_client, citizen):
    response = _new_thread(citizen_client, subject="Brev <fra> mig", body="Se mit brev & svar.",
                           attachment=SimpleUploadedFile("brev.pdf", HTML_AS_PDF, content_type="application/pdf"))
    assert response.status_code == 200
    assert "attachment" in response.context["form"].errors
    assert 'value="Brev &lt;fra&gt; mig"' in response.text
    assert "Se mit brev &amp; svar.</textarea>" in response.text
    assert 'aria-describedby="id_attachment-hint id_attachment-error"' in response.text
    assert not Thread.objects.exists() and not PortalEvent.objects.exists()
    assert not list(media.rglob("*.*"))


def test_a_pdf_with_html_inside_is_refused_too(media, citizen_client):
    polyglot = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"
    response = _new_thread(citizen_client, attachment=_pdf(data=polyglot))
    assert response.status_code == 200 and "attachment" in response.context["form"].errors
    assert not Thread.objects.exists()


def test_an_oversize_file_is_refused_and_the_text_is_kept(media, citizen_client):
    big = PDF[:-7] + b"0" * (MAX_UPLOAD_BYTES + 1 - len(PDF)) + b"\n%%EOF\n"
    assert len(big) == MAX_UPLOAD_BYTES + 1
    response = _new_thread(citizen_client, attachment=_pdf(data=big))
    assert response.status_code == 200 and "attachment" in response.context["form"].errors
    assert "Jeg er syg i dag.</textarea>" in response.text and 'value="Min læge"' in response.text
    assert not Thread.objects.exists()


def test_a_refused_answer_keeps_the_text_and_sends_nothing(media, citizen_client):
    _new_thread(citizen_client)
    thread = Thread.objects.get()
    response = citizen_client.post(reverse("portal:thread", kwargs={"pk": thread.pk}), {
        "body": "Her er brevet.", "attachment": SimpleUploadedFile("brev.pdf", HTML_AS_PDF)})
    assert response.status_code == 200 and "attachment" in response.context["form"].errors
    assert "Her er brevet.</textarea>" in response.text
    assert thread.messages.count() == 1 and PortalEvent.objects.count() == 1


@pytest.mark.parametrize("data, field", [
    ({"subject": "", "body": "Hej"}, "subject"),
    ({"subject": "   ", "body": "Hej"}, "subject"),
    ({"subject": "Hej", "body": ""}, "body"),
    ({"subject": "x" * 201, "body": "Hej"}, "subject"),
    ({"subject": "Hej", "body": "x" * 5001}, "body"),
])
def test_empty_or_too_long_text_gives_an_error_and_keeps_what_was_typed(citizen_client, data, field):
    response = citizen_client.post(reverse("portal:message_new"), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert response.context["form"]["subject"].value() == data["subject"]
    assert response.context["form"]["body"].value() == data["body"]
    assert 'id="portal-errors-heading"' in response.text
    assert not Thread.objects.exists()


def test_line_breaks_count_as_one_character_each(citizen_client, citizen):
    body = ("a" * 99 + "\r\n") * 50  # 5,000 characters in the browser, 5,050 as sent
    response = citizen_client.post(reverse("portal:message_new"), {"subject": "Lang", "body": body})
    assert response.status_code == 302
    assert Message.objects.get().body == body.replace("\r\n", "\n").strip()


def test_html_in_a_message_is_kept_as_text_and_escaped_on_both_sides(media, citizen_client, staff_client, citizen):
    body = "<script>alert('x')</script><b>fed</b>"
    _new_thread(citizen_client, subject="<i>Emne</i>", body=body)
    thread = Thread.objects.get()
    assert thread.subject == "<i>Emne</i>" and thread.messages.get().body == body
    for page in (citizen_client.get(reverse("portal:thread", kwargs={"pk": thread.pk})),
                 citizen_client.get(reverse("portal:messages")),
                 staff_client.get(_staff_thread_url(thread)),
                 staff_client.get(reverse("casefile:overview", kwargs={"pk": citizen.pk}))):
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "<b>fed</b>" not in page.text and "<i>Emne</i>" not in page.text
        assert "&lt;i&gt;Emne&lt;/i&gt;" in page.text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;fed&lt;/b&gt;" in staff_client.get(
        _staff_thread_url(thread)).text


def test_another_citizens_thread_and_file_give_404(media, client, citizen, other_citizen):
    sign_in_as(client, other_citizen)
    _new_thread(client, attachment=_pdf())
    theirs = Thread.objects.get(citizen=other_citizen)
    their_file = Attachment.objects.get()
    sign_in_as(client, citizen)
    assert client.get(reverse("portal:thread", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.post(reverse("portal:thread", kwargs={"pk": theirs.pk}), {"body": "Hej"}).status_code == 404
    assert client.get(reverse("portal:attachment", kwargs={"pk": their_file.pk})).status_code == 404
    assert client.get(reverse("portal:messages")).context["threads"] == []
    assert theirs.messages.count() == 1


def test_an_unrelated_caseworker_cannot_open_the_staff_pages(media, citizen_client, citizen, other_caseworker,
                                                              other_municipality, make_staff):
    _new_thread(citizen_client, attachment=_pdf())
    thread, attachment = Thread.objects.get(), Attachment.objects.get()
    stranger = make_staff(other_municipality, "fremmed")
    for staff in (other_caseworker, stranger):
        outsider = Client()
        outsider.force_login(staff.user)
        assert outsider.get(_staff_thread_url(thread)).status_code == 404
        assert outsider.post(_staff_thread_url(thread), {"body": "Hej"}).status_code == 404
        assert outsider.get(reverse("portal_staff:staff_thread_new", kwargs={"pk": citizen.pk})).status_code == 404
        assert outsider.get(reverse("portal_staff:staff_attachment",
                                    kwargs={"pk": citizen.pk, "attachment_pk": attachment.pk})).status_code == 404
        assert outsider.get(reverse("casefile:worklist")).context["portal_waiting_threads"] == []
    assert not AccessLogEntry.objects.filter(staff__in=[other_caseworker, stranger]).exists()
    assert Message.objects.get().read_by_staff_at is None
    assert Message.objects.count() == 1


def test_a_thread_of_another_citizen_is_404_under_the_own_citizen(media, client, staff_client, citizen,
                                                                   other_citizen):
    sign_in_as(client, other_citizen)
    _new_thread(client, attachment=_pdf())
    theirs, their_file = Thread.objects.get(), Attachment.objects.get()
    assert staff_client.get(reverse("portal_staff:staff_thread",
                                    kwargs={"pk": citizen.pk, "thread_pk": theirs.pk})).status_code == 404
    assert staff_client.get(reverse("portal_staff:staff_attachment",
                                    kwargs={"pk": citizen.pk, "attachment_pk": their_file.pk})).status_code == 404


def test_staff_with_the_full_record_but_no_write_access_read_without_answering(media, citizen_client, citizen,
                                                                                 municipality, make_staff):
    _new_thread(citizen_client)
    thread = Thread.objects.get()
    officer = make_staff(municipality, "dpo", role=Role.DATA_PROTECTION)
    now = timezone.now()
    StatedReasonAccess.objects.create(municipality=municipality, staff=officer, citizen=citizen,
                                      kind=StatedReasonAccess.Kind.DATA_PROTECTION, reason="Klage over sagen.",
                                      granted_at=now, expires_at=now + datetime.timedelta(hours=1))
    reader = Client()
    reader.force_login(officer.user)
    page = reader.get(_staff_thread_url(thread))
    assert page.status_code == 200 and page.context["form"] is None and "<textarea" not in page.text
    assert Message.objects.get().read_by_staff_at is None  # still new for the caseworkers who answer
    assert reader.post(_staff_thread_url(thread), {"body": "Hej"}).status_code == 404
    assert reader.get(reverse("portal_staff:staff_thread_new", kwargs={"pk": citizen.pk})).status_code == 404
    overview = reader.get(reverse("casefile:overview", kwargs={"pk": citizen.pk}))
    assert _staff_thread_url(thread) in overview.text
    assert reverse("portal_staff:staff_thread_new", kwargs={"pk": citizen.pk}) not in overview.text
    assert Message.objects.count() == 1


def test_caseworker_starts_a_thread_that_the_citizen_reads(media, staff_client, citizen_client, citizen, caseworker):
    url = reverse("portal_staff:staff_thread_new", kwargs={"pk": citizen.pk})
    page = staff_client.get(url)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    assert AccessLogEntry.objects.filter(page="portal_staff:staff_thread_new", citizen=citizen).count() == 1
    refused = staff_client.post(url, {"subject": "Husk", "body": "Husk mødet.",
                                      "attachment": SimpleUploadedFile("x.pdf", HTML_AS_PDF)})
    assert refused.status_code == 200 and "attachment" in refused.context["form"].errors
    assert not Thread.objects.exists()
    response = staff_client.post(url, {"subject": "Husk", "body": "Husk mødet på tirsdag.", "attachment": _pdf()})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == _staff_thread_url(thread)
    assert not thread.started_by_citizen
    message = thread.messages.get()
    assert message.author == caseworker and message.attachments.count() == 1
    assert not PortalEvent.objects.exists()  # a staff write is not a portal action
    assert selectors.unread_messages(citizen) == 1
    page = citizen_client.get(reverse("portal:thread", kwargs={"pk": thread.pk}))
    assert "Husk mødet på tirsdag." in page.text and caseworker.full_name in page.text
    assert reverse("portal:attachment", kwargs={"pk": message.attachments.get().pk}) in page.text
    assert selectors.unread_messages(citizen) == 0


def test_staff_answer_marks_the_citizens_earlier_messages_read(media, citizen, caseworker):
    thread = services.start_thread(citizen=citizen, subject="Hej", body="Første")
    services.reply(citizen=citizen, thread=thread, body="Anden")
    services.staff_reply(staff=caseworker, thread=thread, body="Svar")
    assert not Message.objects.filter(author__isnull=True, read_by_staff_at__isnull=True).exists()


def test_the_worklist_shows_only_citizens_the_caseworker_may_write_to(media, citizen, other_citizen, caseworker,
                                                                      staff_client):
    services.start_thread(citizen=citizen, subject="Mit", body="Fra min borger")
    services.start_thread(citizen=other_citizen, subject="Andet", body="Fra en anden")
    context = staff_client.get(reverse("casefile:worklist")).context
    assert [t.citizen_id for t in context["portal_waiting_threads"]] == [citizen.pk]
    assert not AccessLogEntry.objects.filter(citizen=other_citizen).exists()


def test_the_case_file_section_pages_through_many_threads(citizen, staff_client):
    for n in range(12):
        services.start_thread(citizen=citizen, subject=f"Emne {n}", body="Tekst")
    url = reverse("casefile:overview", kwargs={"pk": citizen.pk})
    first = staff_client.get(url).context
    assert len(first["portal_threads"]) == 10 and first["portal_threads_more"]
    assert first["portal_threads"][0].newest.body == "Tekst"
    second = staff_client.get(url, {"beskeder": 2}).context
    assert len(second["portal_threads"]) == 2 and not second["portal_threads_more"]


def test_retention_removes_the_stored_files_and_the_export_reads_the_messages(media, citizen, caseworker):
    thread = services.start_thread(citizen=citizen, subject="Hej", body="Se filen", attachment=_pdf())
    services.staff_reply(staff=caseworker, thread=thread, body="Tak")
    stored = media / Attachment.objects.get().file.name
    assert stored.exists()
    section = declaration_for(Message).readable_section(citizen)
    assert [row[3] for row in section["rows"]] == ["Se filen", "Tak"]
    assert section["rows"][1][2] == caseworker.full_name
    assert declaration_for(Attachment).readable_section(citizen)["rows"][0][2] == "brev.pdf"
    assert "file" not in declaration_for(Attachment).export_rows(citizen)[0]
    declaration_for(Attachment).before_delete(citizen)
    assert not stored.exists()
    assert declaration_for(Thread).rows_of(citizen).count() == 1


def test_the_pages_need_a_signed_in_citizen(client):
    for name, kwargs in [("messages", {}), ("message_new", {}), ("thread", {"pk": 1}), ("attachment", {"pk": 1})]:
        response = client.get(reverse(f"portal:{name}", kwargs=kwargs))
        assert response.status_code == 302 and response.url == reverse("portal:front")


def test_the_citizens_pages_stay_small_with_long_threads(media, citizen_client, citizen, caseworker):
    thread = services.start_thread(citizen=citizen, subject="Hej", body="Tekst")
    for n in range(25):
        services.staff_reply(staff=caseworker, thread=thread, body=f"Svar {n} " + "x" * 4990)
    for n in range(25):
        services.start_thread(citizen=citizen, subject="Emne " + "y" * 190, body=f"Tekst {n}")
    thread_url = reverse("portal:thread", kwargs={"pk": thread.pk})
    for url in (reverse("portal:messages"), reverse("portal:message_new"), thread_url):
        page = citizen_client.get(url)
        assert page.status_code == 200 and len(page.content) < 100_000
        assert re.findall(r"<h1[ >]", page.text) == ["<h1>"]
    newest = citizen_client.get(thread_url)
    assert [m.body[:7] for m in newest.context["thread_messages"]][-1] == "Svar 24"
    assert len(newest.context["thread_messages"]) == 10 and newest.context["earlier"]
    assert Message.objects.filter(author__isnull=False, read_by_citizen_at__isnull=True).count() == 15
    oldest = citizen_client.get(thread_url, {"side": 3})
    assert [m.body for m in oldest.context["thread_messages"]][0] == "Tekst" and not oldest.context["earlier"]
    assert len(citizen_client.get(reverse("portal:messages")).context["threads"]) == 20
    assert len(citizen_client.get(reverse("portal:messages"), {"side": 2}).context["threads"]) == 6


def test_a_double_tap_sends_one_message(media, citizen, caseworker):
    thread = services.start_thread(citizen=citizen, subject="Lægen", body="Jeg er syg i dag.")
    assert services.start_thread(citizen=citizen, subject="Lægen", body="Jeg er syg i dag.") == thread
    first = services.reply(citizen=citizen, thread=thread, body="Og i morgen.")
    assert services.reply(citizen=citizen, thread=thread, body="Og i morgen.") == first
    assert Message.objects.filter(thread__citizen=citizen).count() == 2
