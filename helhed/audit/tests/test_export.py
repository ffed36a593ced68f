import json
import subprocess
import time

from django.urls import reverse

from helhed.citizens.models import AccessLogEntry
from helhed.contact.services.journal import add_journal_note
from helhed.core import security


def test_json_export_holds_everything_about_the_citizen(caseworker_client, citizen, caseworker):
    add_journal_note(staff=caseworker, citizen=citizen, text="Borgeren ønsker praktik i et køkken.")
    response = caseworker_client.get(reverse("audit:citizen_export_json", args=[citizen.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["citizens.citizen"][0]["cpr"] == citizen.cpr and data["citizens.citizen"][0]["first_name"] == "Søren"
    assert data["contact.journalnote"][0]["text"] == "Borgeren ønsker praktik i et køkken."
    assert data["citizens.targetgroupperiod"][0]["group"] == "3"
    assert {"citizens.case", "citizens.benefitperiod", "citizens.consent", "coordination.caseteammember",
            "sanctions.sanctioncase", "citizens.accesslogentry", "helhed_rules.obligationexemption"} <= set(data)
    assert AccessLogEntry.objects.filter(citizen=citizen, page="audit:citizen_export_json").count() == 1


def test_pdf_export_renders(caseworker_client, citizen, tmp_path):
    response = caseworker_client.get(reverse("audit:citizen_export_pdf", args=[citizen.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    pdf = tmp_path / "indsigt.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Søren Ågård" in text


def test_export_asks_for_the_password_again_after_ten_minutes(caseworker_client, citizen):
    session = caseworker_client.session
    session[security.PASSWORD_CONFIRMED_AT_KEY] = time.time() - 11 * 60
    session.save()
    response = caseworker_client.get(reverse("audit:citizen_export_json", args=[citizen.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("reauthenticate"))
    assert not AccessLogEntry.objects.filter(page="audit:citizen_export_json").exists()


def test_an_overlong_review_note_is_refused_and_the_access_stays_unreviewed(client, citizen, make_staff):
    import datetime

    from django.utils import timezone

    from helhed.audit.models import StatedReasonAccess
    from helhed.core.models import Role

    leader = make_staff(citizen.municipality, "leder", role=Role.TEAM_LEADER)
    dpo = make_staff(citizen.municipality, "dpo", role=Role.DATA_PROTECTION)
    access = StatedReasonAccess.objects.create(
        municipality=citizen.municipality, staff=leader, citizen=citizen, kind="break_the_glass",
        reason="Klage over sagen.", expires_at=timezone.now() + datetime.timedelta(minutes=60),
    )
    client.force_login(dpo.user)
    response = client.post(reverse("audit:access_review_mark", args=[access.pk]), {"note": "x" * 2001}, follow=True)
    assert "Gennemgangsnotatet er for langt." in response.content.decode()
    access.refresh_from_db()
    assert access.reviewed_at is None
    client.force_login(leader.user)
    client.post(reverse("audit:access_review_mark", args=[access.pk]), {"note": "Min egen"})
    access.refresh_from_db()
    assert access.reviewed_at is None  # nobody reviews their own access
