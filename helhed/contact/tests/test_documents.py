import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helhed.audit.models import AccessLogEntry
from helhed.contact import uploads
from helhed.contact.models import Document

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, citizen, name, content, content_type="application/octet-stream", title="Lægeerklæring"):
    return client.post(
        reverse("contact:document_upload", args=[citizen.pk]),
        {"title": title, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_pdf_is_stored_under_a_random_name_and_downloaded_as_attachment(caseworker_client, citizen):
    assert _upload(caseworker_client, citizen, "LÆ 265.pdf", PDF).status_code == 302
    document = Document.objects.get()
    assert (document.content_type, document.original_name) == ("application/pdf", "LÆ 265.pdf")
    assert "LÆ" not in document.file.name
    response = caseworker_client.get(reverse("contact:document_download", args=[citizen.pk, document.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert AccessLogEntry.objects.filter(page="contact:document_download").count() == 1


@pytest.mark.parametrize("name, content", [
    ("brev.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    ("billede.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("forklaedt.pdf", b"<svg onload=alert(1)>"),  # the name lies
])
def test_html_and_svg_are_refused_whatever_the_name(caseworker_client, citizen, name, content):
    response = _upload(caseworker_client, citizen, name, content, content_type="application/pdf")
    assert response.status_code == 200
    assert "HTML, SVG og XML" in response.content.decode()
    assert Document.objects.count() == 0


def test_oversize_upload_gets_a_clear_message_and_keeps_the_title(caseworker_client, citizen, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1024)
    response = _upload(caseworker_client, citizen, "stor.pdf", PDF + b"0" * 2048, title="Min titel")
    page = response.content.decode()
    assert "Filen er for stor" in page and 'value="Min titel"' in page
    assert Document.objects.count() == 0


def test_unknown_binary_is_refused(caseworker_client, citizen):
    assert _upload(caseworker_client, citizen, "program.exe", b"MZ\x90\x00\x03\x00\x00\x00").status_code == 200
    assert Document.objects.count() == 0


def test_a_mentor_cannot_download_documents(client, caseworker_client, citizen, make_staff):
    from helhed.coordination.services import add_team_member
    from helhed.core.models import Role

    _upload(caseworker_client, citizen, "plan.pdf", PDF)
    mentor = make_staff(citizen.municipality, "mentor1", role=Role.MENTOR)
    add_team_member(staff=citizen.cases.get().responsible, citizen=citizen, member=mentor, role="mentor")
    client.force_login(mentor.user)
    url = reverse("contact:document_download", args=[citizen.pk, Document.objects.get().pk])
    assert client.get(url).status_code == 404
