"""My plan and my progress in the portal: the citizen reads their plan (their own goal first), signs the newest
version or writes why they disagree, and sees their progression and small steps. Staff see the answer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.plans import content as plan_content
from helhed.plans import services as plan_services
from helhed.plans.forms import SignForm
from helhed.plans.models import PlanSignature
from helhed.plans.selectors import builtin_instrument
from helhed.portal.models import PlanAnswer, PortalEvent
from helhed.portal.models.policy import PORTAL_CHANGE_REASON
from helhed.portal.services.plan import MAX_REASON

pytestmark = pytest.mark.django_db

PLAN, ANSWER, PROGRESS = reverse("portal:plan"), reverse("portal:plan_answer"), reverse("portal:progress")
OWN_GOAL = "Jeg vil have ro i hovedet og et arbejde udenfor."
JOB_GOAL = "Gartneri eller park"
STEP = "Ringe til Fjordby Planteskole"
DONE_STEP = "Købe arbejdssko"
MENTOR_PART = "Går med til det første møde på planteskolen."


def _content(**changes):
    content = plan_content.empty()
    content.update(
        own_goal=OWN_GOAL, job_goal=JOB_GOAL, sections={"mentor": MENTOR_PART},
        steps=[{"key": None, "kind": "step", "text": STEP, "owner": "citizen", "due": "2026-03-12", "status": "open"},
               {"key": None, "kind": "step", "text": DONE_STEP, "owner": "caseworker", "due": None,
                "status": "done"}],
    )
    content.update(changes)
    return content


def _save(staff, citizen, base_version=0, **changes):
    return plan_services.save_plan(staff=staff, citizen=citizen, base_version=base_version,
                                   content=_content(**changes), involvement="co_creation", citizen_position="agrees")


@pytest.fixture
def plan_version(caseworker, citizen):
    return _save(caseworker, citizen)


def _nothing_written():
    return not PlanAnswer.objects.exists() and not PlanSignature.objects.exists() and not PortalEvent.objects.filter(
        action__in=[PortalEvent.Action.PLAN_SIGNED, PortalEvent.Action.PLAN_DISAGREED]).exists()


# --- Reading the plan --------------------------------------------------------------------------------------------

def test_the_own_goal_comes_first_then_the_job_goal_the_steps_and_who_helps(portal_client, citizen, plan_version):
    response = portal_client(citizen).get(PLAN)
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(text) for text in (OWN_GOAL, JOB_GOAL, STEP, DONE_STEP, MENTOR_PART)]
    assert positions == sorted(positions)
    assert html.index(OWN_GOAL) < html.index('id="steps"')
    assert '<input type="hidden" name="version" value="1">' in html
    assert response.context["latest"].number == 1 and len(response.context["steps"]) == 2
    assert "12. marts 2026" in html  # the step's date
    assert html.count("<h1") == 1 and len(response.content) < 100_000


def test_easy_read_shows_only_the_steps_still_to_do(client, portal_client, citizen, plan_version):
    portal_client(citizen)
    client.post(reverse("portal:easy_read"), {"on": "1", "next": PLAN})
    response = client.get(PLAN)
    html = response.content.decode()
    assert STEP in html and DONE_STEP not in html
    assert response.context["steps_done"] == 1
    assert html.index(OWN_GOAL) < html.index(STEP)


def test_a_citizen_without_a_plan_gets_the_kind_page(portal_client, citizen):
    response = portal_client(citizen).get(PLAN)
    assert response.status_code == 200
    assert response.context["plan"] is None
    assert 'name="answer"' not in response.content.decode()


def test_a_plan_with_no_version_saved_yet_is_no_plan(portal_client, citizen):
    from helhed.plans.models import Plan

    Plan.objects.create(municipality=citizen.municipality, citizen=citizen)
    response = portal_client(citizen).get(PLAN)
    assert response.status_code == 200 and response.context["plan"] is None


def test_a_citizen_sees_only_their_own_plan_and_cannot_answer_anothers(portal_client, caseworker, citizen,
                                                                        make_citizen, plan_version):
    other = make_citizen(caseworker, cpr="0202902345", first="Mette")
    client = portal_client(other)
    response = client.get(PLAN)
    assert response.context["plan"] is None and OWN_GOAL not in response.content.decode()
    response = client.post(ANSWER, {"version": "1", "answer": "agree"})
    assert response.status_code == 302 and response.url == PLAN
    assert _nothing_written()


def test_the_plan_pages_need_a_signed_in_citizen(client, caseworker_client, plan_version):
    for url in (PLAN, PROGRESS):
        assert client.get(url).url == reverse("portal:front")
    assert client.post(ANSWER, {"version": "1", "answer": "agree"}).url == reverse("portal:front")
    assert _nothing_written()


# --- Answering: signing ------------------------------------------------------------------------------------------

def test_signing_writes_the_answer_a_portal_signature_an_event_and_history(portal_client, citizen, plan_version):
    client = portal_client(citizen)
    response = client.post(ANSWER, {"version": "1", "answer": "agree", "reason": "ignored"})
    assert response.status_code == 302 and response.url == PLAN
    answer = PlanAnswer.objects.get()
    assert (answer.citizen, answer.version, answer.agrees, answer.reason) == (citizen, plan_version, True, "")
    signature = PlanSignature.objects.get()
    assert (signature.version, signature.method, signature.recorded_by) == (plan_version, "portal", None)
    assert signature.municipality_id == citizen.municipality_id == answer.municipality_id
    event = PortalEvent.objects.get(action=PortalEvent.Action.PLAN_SIGNED)
    assert event.citizen == citizen and "1" in event.about
    assert answer.history.get().history_change_reason == PORTAL_CHANGE_REASON
    assert event.history.get().history_change_reason == PORTAL_CHANGE_REASON
    page = client.get(PLAN)
    assert page.context["signature"] == signature and 'name="answer"' not in page.content.decode()


def test_a_version_made_without_the_citizen_can_be_signed_in_the_portal(portal_client, caseworker, citizen):
    plan_services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(),
                            involvement="co_creation", citizen_position="not_present")
    portal_client(citizen).post(ANSWER, {"version": "1", "answer": "agree"})
    assert PlanSignature.objects.get().method == PlanSignature.Method.PORTAL


# --- Answering: disagreeing --------------------------------------------------------------------------------------

def test_disagreeing_needs_a_reason_and_keeps_what_was_typed(portal_client, citizen, plan_version):
    client = portal_client(citizen)
    response = client.post(ANSWER, {"version": "1", "answer": "disagree", "reason": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["reason_error"] and 'aria-invalid="true"' in html and 'id="id_reason-error"' in html
    assert _nothing_written()

    too_long = "Jeg vil ikke i park. " * 100 + "Slut på teksten"
    assert len(too_long.strip()) > MAX_REASON
    response = client.post(ANSWER, {"version": "1", "answer": "disagree", "reason": too_long})
    assert response.status_code == 200 and response.context["reason_error"]
    assert "Slut på teksten</textarea>" in response.content.decode()  # all of it kept, to shorten
    assert _nothing_written()

    reason = "Jeg vil ikke i park,\r\nkun gartneri."
    response = client.post(ANSWER, {"version": "1", "answer": "disagree", "reason": reason})
    assert response.status_code == 302
    answer = PlanAnswer.objects.get()
    assert (answer.agrees, answer.reason) == (False, "Jeg vil ikke i park,\nkun gartneri.")
    assert not PlanSignature.objects.exists()
    event = PortalEvent.objects.get(action=PortalEvent.Action.PLAN_DISAGREED)
    assert event.history.get().history_change_reason == PORTAL_CHANGE_REASON
    assert answer.history.get().history_change_reason == PORTAL_CHANGE_REASON
    page = client.get(PLAN)
    assert page.context["answer"] == answer and 'name="answer"' not in page.content.decode()


def test_an_unknown_answer_is_refused(portal_client, citizen, plan_version):
    response = portal_client(citizen).post(ANSWER, {"version": "1", "answer": "maybe"})
    assert response.status_code == 302 and _nothing_written()


# --- Answering: the optimistic lock, and one answer per version ---------------------------------------------------

def test_a_stale_version_is_refused_nothing_is_written_and_the_text_is_kept(portal_client, caseworker, citizen,
                                                                            plan_version):
    client = portal_client(citizen)
    client.get(PLAN)  # the citizen reads version 1 ...
    _save(caseworker, citizen, base_version=1, job_goal="Gartneri")  # ... while the caseworker saves version 2
    response = client.post(ANSWER, {"version": "1", "answer": "disagree", "reason": "Jeg vil ikke i park."})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["problem"] and response.context["latest"].number == 2
    assert '<input type="hidden" name="version" value="2">' in html
    assert "Jeg vil ikke i park.</textarea>" in html and ">Gartneri<" in html
    response = client.post(ANSWER, {"version": "1", "answer": "agree"})
    assert response.status_code == 200 and response.context["problem"]
    response = client.post(ANSWER, {"version": "not a number", "answer": "agree"})
    assert response.status_code == 200 and response.context["problem"]
    assert _nothing_written()
    client.post(ANSWER, {"version": "2", "answer": "agree"})
    assert PlanSignature.objects.get().version.number == 2


def test_answering_twice_is_refused(portal_client, citizen, plan_version):
    client = portal_client(citizen)
    client.post(ANSWER, {"version": "1", "answer": "disagree", "reason": "Nej tak."})
    response = client.post(ANSWER, {"version": "1", "answer": "agree"})
    assert response.status_code == 302 and response.url == PLAN
    response = client.post(ANSWER, {"version": "1", "answer": "disagree", "reason": "Stadig nej."})
    assert response.status_code == 302
    assert PlanAnswer.objects.get().reason == "Nej tak."
    assert not PlanSignature.objects.exists()
    assert PortalEvent.objects.filter(action__startswith="plan_").count() == 1


def test_a_version_the_caseworker_has_signed_cannot_be_answered_again(portal_client, caseworker, citizen,
                                                                      plan_version):
    plan_services.sign(staff=caseworker, plan=plan_version.plan, number=1, method="on_screen")
    client = portal_client(citizen)
    assert 'name="answer"' not in client.get(PLAN).content.decode()
    client.post(ANSWER, {"version": "1", "answer": "disagree", "reason": "Nej."})
    assert not PlanAnswer.objects.exists() and PlanSignature.objects.get().method == "on_screen"


# --- Staff see the answer ------------------------------------------------------------------------------------------

def test_html_in_the_reason_is_kept_as_text_and_escaped_for_the_citizen_and_on_the_staff_overview(
        portal_client, caseworker_client, citizen, plan_version):
    reason = '<script>alert("x")</script> <b>Nej</b> & tak'
    portal_client(citizen).post(ANSWER, {"version": "1", "answer": "disagree", "reason": reason})
    assert PlanAnswer.objects.get().reason == reason
    own = portal_client(citizen).get(PLAN).content.decode()
    assert "&lt;b&gt;Nej&lt;/b&gt; &amp; tak" in own and "<b>Nej</b>" not in own
    response = caseworker_client.get(reverse("casefile:overview", args=[citizen.pk]))
    html = response.content.decode()
    assert 'id="portal-plan-answers"' in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;Nej&lt;/b&gt; &amp; tak" in html
    assert "<script>alert(" not in html and "<b>Nej</b>" not in html


def test_the_staff_overview_and_plan_page_show_the_portal_signature(portal_client, caseworker_client, citizen,
                                                                    plan_version):
    overview = reverse("casefile:overview", args=[citizen.pk])
    assert 'id="portal-plan-answers"' not in caseworker_client.get(overview).content.decode()
    portal_client(citizen).post(ANSWER, {"version": "1", "answer": "agree"})
    response = caseworker_client.get(overview)
    assert response.context["portal_plan_answers"] == [PlanAnswer.objects.get()]
    assert 'id="portal-plan-answers"' in response.content.decode()
    plan_page = caseworker_client.get(reverse("plans:plan", args=[citizen.pk]))
    assert plan_page.status_code == 200
    assert plan_page.context["latest"].signature.method == PlanSignature.Method.PORTAL
    assert reverse("plans:plan_sign", args=[citizen.pk]) not in plan_page.content.decode()  # nothing left to sign
    history = caseworker_client.get(reverse("plans:plan_history", args=[citizen.pk]))
    assert history.status_code == 200


def test_staff_cannot_record_a_signature_as_the_citizens_own(caseworker, citizen, plan_version):
    assert "portal" not in dict(SignForm.base_fields["method"].choices)
    with pytest.raises(ValidationError):
        plan_services.sign(staff=caseworker, plan=plan_version.plan, number=1, method="portal")
    assert not PlanSignature.objects.exists()


def test_the_answers_are_personal_data_in_the_export(portal_client, citizen, plan_version):
    from helhed.citizens.personal_data import declaration_for

    portal_client(citizen).post(ANSWER, {"version": "1", "answer": "disagree", "reason": "Nej tak."})
    declaration = declaration_for(PlanAnswer)
    assert declaration is not None and declaration.citizen_path == "citizen"
    assert declaration.export_rows(citizen)[0] | {"answered_at": None} == {
        "version": 1, "agrees": False, "reason": "Nej tak.", "answered_at": None}
    assert declaration.readable_section(citizen)["rows"][0][3] == "Nej tak."


# --- How I am doing ------------------------------------------------------------------------------------------------

def _scores(caseworker, citizen):
    instrument = builtin_instrument()
    items = list(instrument.items.all())
    today = timezone.localdate()
    plan_services.record_scoring(staff=caseworker, citizen=citizen, instrument=instrument,
                                 values={item.code: 2 for item in items}, scored_on=today - datetime.timedelta(days=60))
    plan_services.record_scoring(staff=caseworker, citizen=citizen, instrument=instrument,
                                 values={item.code: (7 if i == 0 else 3) for i, item in enumerate(items)},
                                 scored_on=today)
    return items


def test_the_progress_page_shows_the_scores_and_the_small_steps(portal_client, client, caseworker, citizen):
    items = _scores(caseworker, citizen)
    plan_services.add_small_step(staff=caseworker, citizen=citizen, text="Stod op til praktik tre dage i træk",
                                 happened_on=timezone.localdate() - datetime.timedelta(days=3))
    response = portal_client(citizen).get(PROGRESS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<table" in html  # the staff chart, with the same numbers as a table
    assert f'<th scope="row">{items[0].area}</th><td>2</td><td>7</td>' in html
    assert "Stod op til praktik tre dage i træk" in html
    assert len(response.context["chart"]["scorings"]) == 2
    client.post(reverse("portal:easy_read"), {"on": "1", "next": PROGRESS})
    easy = client.get(PROGRESS)
    newest = easy.context["newest_scores"][0]
    assert (newest["area"], newest["value"]) == (items[0].area, 7) and "<svg" not in easy.content.decode()


def test_the_progress_page_without_scores_or_small_steps(portal_client, caseworker, citizen, make_citizen):
    other = make_citizen(caseworker, cpr="0202902345", first="Mette")
    _scores(caseworker, other)
    plan_services.add_small_step(staff=caseworker, citizen=other, text="Mettes skridt",
                                 happened_on=timezone.localdate())
    response = portal_client(citizen).get(PROGRESS)
    assert response.status_code == 200
    assert response.context["chart"] is None and response.context["small_steps"] == []
    assert "Mettes skridt" not in response.content.decode()
