"""Hearings in the portal: the citizen reads the letter as sent and answers it; the answer reaches the absence case
and the officer's list, marked as given by the citizen in the portal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.contact.models import OutboxMessage
from helhed.core.models import Role
from helhed.portal.models import PortalEvent
from helhed.portal.tests.helpers import sign_in_as
from helhed.sanctions import services
from helhed.sanctions.models import Hearing, SanctionCase
from helhed.sanctions.tests.conftest import days_ago, miss_conversation, prepare

ANSWER = "Jeg var syg den dag. Jeg ringede, men ingen tog den."


@pytest.fixture
def officer(municipality, make_staff):
    return make_staff(municipality, "sif", role=Role.SANCTION_OFFICER, unit_name="Ydelse og Sanktion", first="Sif",
                      last="Holm")


def _hearing_for(caseworker, citizen, officer, *, on=10):
    case = prepare(miss_conversation(caseworker, citizen, on=days_ago(on)), caseworker=caseworker, officer=officer,
                   skip={"answer"})
    return Hearing.objects.select_related("case", "letter").get(case=case)


@pytest.fixture
def hearing(caseworker, citizen, officer):
    return _hearing_for(caseworker, citizen, officer)


@pytest.fixture
def citizen_client(citizen):
    return sign_in_as(Client(), citizen)


def _url(hearing):
    return reverse("portal:hearing", args=[hearing.pk])


def _staff(staff):
    client = Client()
    client.force_login(staff.user)
    return client


def test_citizen_answers_an_open_hearing_and_it_reaches_the_case(citizen_client, hearing, citizen):
    response = citizen_client.post(_url(hearing), {"answer": f"  {ANSWER}  "})
    assert response.status_code == 302 and response["Location"] == _url(hearing)
    hearing.refresh_from_db()
    assert hearing.answer == ANSWER and hearing.answered_on == timezone.localdate()
    assert hearing.answered_in_portal and hearing.answer_recorded_by is None and not hearing.answered_late
    event = PortalEvent.objects.get(citizen=citizen, action=PortalEvent.Action.HEARING_ANSWERED)
    assert event.about == hearing.letter.subject
    assert event.history.get().history_change_reason == "portal"
    assert hearing.history.order_by("-history_id").first().history_change_reason == "portal"
    page = citizen_client.get(_url(hearing))
    assert page.status_code == 200 and ANSWER in page.content.decode()
    assert page.context["may_answer"] is False and b'name="answer"' not in page.content


def test_the_hearing_page_shows_the_letter_as_sent_with_its_deadline(citizen_client, hearing):
    page = citizen_client.get(_url(hearing))
    assert page.status_code == 200 and page.context["may_answer"]
    html = page.content.decode()
    assert hearing.letter.subject in html
    assert hearing.letter.paragraphs[1] in html
    assert f'lang="{hearing.letter.language}"' in html
    assert 'for="id_answer"' in html and 'aria-describedby="answer-hint"' in html


def test_the_officers_worklist_marks_the_answer_from_the_citizen(citizen_client, hearing, officer, caseworker,
                                                                  make_citizen):
    other = make_citizen(caseworker, cpr="0202902345", first="Ida")
    _hearing_for(caseworker, other, officer)  # a hearing without an answer: no mark
    citizen_client.post(_url(hearing), {"answer": ANSWER})
    for staff in (officer, caseworker):
        page = _staff(staff).get(reverse("sanctions:worklist"))
        marked = {case.pk: case.citizen_answered for case in page.context["cases"]}
        assert marked[hearing.case_id] is True and list(marked.values()).count(True) == 1
        assert page.content.decode().count("badge badge-info") == 1


def test_the_case_page_shows_the_answer_given_in_the_portal(citizen_client, hearing, officer):
    citizen_client.post(_url(hearing), {"answer": ANSWER})
    page = _staff(officer).get(reverse("sanctions:case", args=[hearing.citizen_id, hearing.case_id]))
    html = page.content.decode()
    assert page.status_code == 200 and ANSWER in html
    assert page.context["hearing"].answered_in_portal and "badge badge-info" in html
    assert "answer-answered_on" not in html  # no form to record an answer over the citizen's own


def test_answering_twice_is_refused_and_the_first_answer_kept(citizen_client, hearing, citizen):
    citizen_client.post(_url(hearing), {"answer": ANSWER})
    again = citizen_client.post(_url(hearing), {"answer": "Noget andet"})
    assert again.status_code == 400 and again.context["form"].non_field_errors()
    hearing.refresh_from_db()
    assert hearing.answer == ANSWER
    assert PortalEvent.objects.filter(citizen=citizen, action=PortalEvent.Action.HEARING_ANSWERED).count() == 1


def test_staff_cannot_record_an_answer_over_the_citizens_own(citizen_client, hearing, caseworker):
    citizen_client.post(_url(hearing), {"answer": ANSWER})
    with pytest.raises(ValidationError):
        services.record_answer(staff=caseworker, case=hearing.case, answer="Noget andet",
                               answered_on=timezone.localdate())
    hearing.refresh_from_db()
    assert hearing.answer == ANSWER and hearing.answered_in_portal


def test_a_closed_case_cannot_be_answered(citizen_client, hearing, citizen):
    SanctionCase.objects.filter(pk=hearing.case_id).update(stage=SanctionCase.Stage.DECIDED,
                                                           status=SanctionCase.Status.CLOSED)
    page = citizen_client.get(_url(hearing))
    assert page.status_code == 200 and page.context["may_answer"] is False and b'name="answer"' not in page.content
    response = citizen_client.post(_url(hearing), {"answer": ANSWER})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    hearing.refresh_from_db()
    assert hearing.answer == "" and hearing.answered_on is None
    assert not PortalEvent.objects.filter(citizen=citizen, action=PortalEvent.Action.HEARING_ANSWERED).exists()
    assert citizen_client.get(reverse("portal:hearings")).context["earlier"] == [hearing]


def test_another_citizens_hearing_is_not_found(caseworker, officer, make_citizen, hearing):
    other = make_citizen(caseworker, cpr="0202902345", first="Ida")
    client = sign_in_as(Client(), other)
    assert client.get(_url(hearing)).status_code == 404
    assert client.post(_url(hearing), {"answer": ANSWER}).status_code == 404
    hearing.refresh_from_db()
    assert hearing.answered_on is None
    assert client.get(reverse("portal:hearings")).context["waiting"] == []


def test_a_late_answer_is_accepted_and_marked_late(citizen_client, hearing, officer):
    Hearing.objects.filter(pk=hearing.pk).update(deadline=days_ago(1))
    listing = citizen_client.get(reverse("portal:hearings"))
    assert [h.pk for h in listing.context["waiting"]] == [hearing.pk]  # past the deadline, still open to answer
    assert citizen_client.post(_url(hearing), {"answer": ANSWER}).status_code == 302
    hearing.refresh_from_db()
    assert hearing.answered_in_portal and hearing.answered_late
    worklist = _staff(officer).get(reverse("sanctions:worklist"))
    case = next(c for c in worklist.context["cases"] if c.pk == hearing.case_id)
    assert case.citizen_answered and case.answered_late
    page = _staff(officer).get(reverse("sanctions:case", args=[hearing.citizen_id, hearing.case_id]))
    assert ANSWER in page.content.decode() and page.context["hearing"].answered_late


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_answer_gives_a_clear_error(citizen_client, hearing, text):
    response = citizen_client.post(_url(hearing), {"answer": text})
    assert response.status_code == 400
    assert response.context["form"].errors["answer"]
    html = response.content.decode()
    assert 'aria-describedby="answer-hint answer-error"' in html and 'id="answer-error"' in html
    assert 'href="#id_answer"' in html
    hearing.refresh_from_db()
    assert hearing.answered_on is None


def test_a_too_long_answer_is_refused_and_the_text_kept(citizen_client, hearing):
    text = "Jeg var syg. " * 400  # 5200 characters
    response = citizen_client.post(_url(hearing), {"answer": text})
    assert response.status_code == 400 and response.context["form"].errors["answer"]
    assert text.strip() in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.answered_on is None


def test_html_in_the_answer_is_kept_as_text(citizen_client, hearing, officer):
    answer = "<script>alert(1)</script><b>Jeg var syg</b>"
    citizen_client.post(_url(hearing), {"answer": answer})
    hearing.refresh_from_db()
    assert hearing.answer == answer
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Jeg var syg&lt;/b&gt;"
    for html in (citizen_client.get(_url(hearing)).content.decode(),
                 _staff(officer).get(reverse("sanctions:case", args=[hearing.citizen_id, hearing.case_id]))
                 .content.decode()):
        assert escaped in html and "<script>alert(1)" not in html


def test_html_in_a_refused_answer_is_kept_as_text(citizen_client, hearing):
    text = "<b>x</b>" * 700
    html = citizen_client.post(_url(hearing), {"answer": text}).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_the_list_shows_open_hearings_first_and_answered_ones_after(citizen_client, caseworker, citizen, officer):
    answered = _hearing_for(caseworker, citizen, officer, on=12)
    later = _hearing_for(caseworker, citizen, officer, on=8)
    soon = _hearing_for(caseworker, citizen, officer, on=5)
    Hearing.objects.filter(pk=soon.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=7))
    citizen_client.post(_url(answered), {"answer": ANSWER})
    page = citizen_client.get(reverse("portal:hearings"))
    assert page.status_code == 200
    assert [h.pk for h in page.context["waiting"]] == [soon.pk, later.pk]
    assert [h.pk for h in page.context["earlier"]] == [answered.pk]
    html = page.content.decode()
    assert html.index(_url(soon)) < html.index(_url(later)) < html.index(_url(answered))


def test_the_hearing_notice_points_to_the_portal(hearing, citizen, settings):
    message = OutboxMessage.objects.filter(citizen=citizen, subject=hearing.letter.subject).get()
    assert f"{settings.PUBLIC_URL}/borger/breve/" in message.body


def test_the_pages_need_a_signed_in_citizen(client, hearing):
    assert client.get(reverse("portal:hearings"))["Location"] == reverse("portal:front")
    assert client.post(_url(hearing), {"answer": ANSWER}).status_code == 302
    hearing.refresh_from_db()
    assert hearing.answered_on is None
