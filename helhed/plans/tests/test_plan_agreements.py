"""Agreements from conversations in the plan editor: listed with a checkbox each, the ticked ones become steps, the
rest stay pending. With 180 of them the editor still fits in one request (Django takes at most 1,000 fields)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from helhed.plans import content as plan_content
from helhed.plans import selectors, services
from helhed.plans.models import Plan, PlanStep

pytestmark = pytest.mark.django_db
OWN_GOAL = "Jeg vil have et arbejde, hvor jeg kan være udenfor."
FIRST_STEP = {"key": "9b7d5a3e-1f0c-4c55-9d1e-0a1b2c3d4e5f", "kind": "step", "text": "Ringe til Fjordby Planteskole",
              "owner": "citizen", "due": None, "status": "open"}


class _Form(HTMLParser):
    """What a browser sends for the page's POST form: text and hidden inputs, ticked checkboxes, the selected
    option of each select, and textareas."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._select, self._first_option, self._selected = [], False, None, None, False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and "action" in attrs:
            self._in_form = True
        if not self._in_form or tag not in ("input", "select", "option", "textarea"):
            return
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select, self._first_option, self._selected = attrs["name"], None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.data.append((self._select, attrs.get("value", "")))
                self._selected = True
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "select" and self._select:
            if not self._selected:
                self.data.append((self._select, self._first_option or ""))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def _form_data(html: str, **changes) -> dict[str, list[str]]:
    parser = _Form()
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def _fields(html: str) -> int:
    return len(re.findall(r"\sname=", html))


def _agree(caseworker, citizen, texts, hours_ago=1):
    from helhed.contact.services.appointments import register_afterwards

    register_afterwards(staff=caseworker, citizen=citizen, channel="office",
                        started_at=timezone.now() - datetime.timedelta(hours=hours_ago), agreed="\n".join(texts))


@pytest.fixture
def plan_with_180_agreements(caseworker, citizen):
    content = {**plan_content.empty(), "own_goal": OWN_GOAL, "steps": [FIRST_STEP]}
    services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=content,
                       involvement="co_creation", citizen_position="agrees")
    for conversation in range(9):  # nine conversations of 20 agreements each
        _agree(caseworker, citizen, [f"Aftale {conversation * 20 + i + 1}" for i in range(20)],
               hours_ago=20 - conversation)
    assert len(selectors.pending_agreements(citizen, Plan.objects.get())) == 180


def _pending_texts(citizen):
    return [a.text for a in selectors.pending_agreements(citizen, selectors.plan_of(citizen))]


def test_with_180_pending_agreements_the_editor_fits_in_one_request_and_saves(
        caseworker_client, citizen, plan_with_180_agreements):
    url = reverse("plans:plan_edit", args=[citizen.pk])
    html = caseworker_client.get(url).content.decode()
    assert _fields(html) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert html.count('name="agreements"') == 180  # one checkbox each
    assert "Vis 160 aftaler mere" in html  # 20 in view, the rest behind "show more"
    assert 'value="4"' in re.search(r'name="steps-TOTAL_FORMS"[^>]*>', html).group()  # the step and 3 empty rows

    data = _form_data(html, **{
        "job_goal": "Gartneri", "steps-1-text": "Besøge Café Kanten", "section_mentor": "Gåtur hver onsdag.",
        "involvement": "co_creation", "citizen_position": "agrees", "change_note": "Fulgt op på samtalerne."})
    assert sum(len(values) for values in data.values()) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = caseworker_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    assert (plan.version, plan.job_goal, plan.sections) == (2, "Gartneri", {"mentor": "Gåtur hver onsdag."})
    assert [s.text for s in plan.steps.all()] == ["Ringe til Fjordby Planteskole", "Besøge Café Kanten"]
    assert len(_pending_texts(citizen)) == 180  # nothing ticked: all still pending


def test_ticking_two_agreements_turns_exactly_those_into_steps(caseworker_client, citizen, plan_with_180_agreements):
    url = reverse("plans:plan_edit", args=[citizen.pk])
    response = caseworker_client.get(url)
    offered = {a.text: a.pk for a in response.context["form"].agreements}
    ticked = [str(offered["Aftale 3"]), str(offered["Aftale 150"])]  # one in view, one behind "show more"
    data = _form_data(response.content.decode(), agreements=ticked, involvement="co_creation",
                      citizen_position="agrees")
    assert caseworker_client.post(url, data).status_code == 302
    steps = list(Plan.objects.get().steps.all())
    assert [s.text for s in steps] == ["Ringe til Fjordby Planteskole", "Aftale 3", "Aftale 150"]
    assert (steps[1].owner, steps[1].status, steps[1].due) == ("citizen", "open", None)
    assert str(steps[1].key) == plan_content.agreement_key(offered["Aftale 3"])
    # Clicking Save again does not add them twice.
    again = caseworker_client.post(url, data, follow=True)
    assert "Disse ændringer er allerede gemt" in again.content.decode()
    assert Plan.objects.get().steps.count() == 3


def test_an_agreement_not_ticked_is_offered_again_and_a_ticked_one_is_not(caseworker_client, caseworker, citizen):
    services.save_plan(staff=caseworker, citizen=citizen, base_version=0,
                       content={**plan_content.empty(), "own_goal": OWN_GOAL, "steps": [FIRST_STEP]},
                       involvement="co_creation", citizen_position="agrees")
    _agree(caseworker, citizen, ["Søge to praktikpladser i genbrug", "Tage til lægen om ryggen",
                                 "Ringe til Fjordby Planteskole"])
    url = reverse("plans:plan_edit", args=[citizen.pk])
    response = caseworker_client.get(url)
    # The one that is already a step is not offered; the others are, as a list to tick, not as step rows.
    assert [a.text for a in response.context["form"].agreements] == ["Søge to praktikpladser i genbrug",
                                                                       "Tage til lægen om ryggen"]
    assert [f.initial.get("text") for f in response.context["steps"].forms] == ["Ringe til Fjordby Planteskole",
                                                                              None, None, None]
    assert "2 aftaler fra samtaler er ikke med i planen endnu" in response.content.decode()
    genbrug = response.context["form"].agreements[0]
    data = _form_data(response.content.decode(), agreements=[str(genbrug.pk)], involvement="co_creation",
                      citizen_position="agrees")
    assert caseworker_client.post(url, data).status_code == 302
    assert _pending_texts(citizen) == ["Tage til lægen om ryggen"]  # offered again next time
    assert caseworker_client.get(url).context["form"].agreements[0].text == "Tage til lægen om ryggen"

    # A step made from an agreement and removed later is not offered again: it was taken into the plan once.
    plan = Plan.objects.get()
    content = plan_content.of_plan(plan)
    services.save_plan(staff=caseworker, citizen=citizen, base_version=plan.version,
                       content={**content, "steps": [FIRST_STEP]}, involvement="co_creation",
                       citizen_position="agrees")
    assert _pending_texts(citizen) == ["Tage til lægen om ryggen"]


def test_a_refused_save_keeps_the_ticks_and_the_text(caseworker_client, citizen, plan_with_180_agreements):
    url = reverse("plans:plan_edit", args=[citizen.pk])
    response = caseworker_client.get(url)
    offered = {a.text: a.pk for a in response.context["form"].agreements}
    ticked = [str(offered["Aftale 7"]), str(offered["Aftale 170"])]
    data = _form_data(response.content.decode(), agreements=ticked, job_goal="Gartneri",
                      **{"steps-1-text": "Besøge Café Kanten"})  # the citizen's involvement is not filled in
    refused = caseworker_client.post(url, data)
    assert refused.status_code == 200 and Plan.objects.get().version == 1
    html = refused.content.decode()
    checked = re.findall(r'<input[^>]*name="agreements"[^>]*>', html)
    assert sorted(re.search(r'value="(\d+)"', box).group(1) for box in checked if "checked" in box) == sorted(ticked)
    assert "Gartneri" in html and "Besøge Café Kanten" in html
    data = _form_data(html, involvement="co_creation", citizen_position="agrees")
    assert caseworker_client.post(url, data).status_code == 302
    assert [s.text for s in Plan.objects.get().steps.all()] == [
        "Ringe til Fjordby Planteskole", "Besøge Café Kanten", "Aftale 7", "Aftale 170"]


def test_ticked_agreements_are_kept_through_a_conflict(caseworker_client, caseworker, other_caseworker, citizen):
    services.save_plan(staff=caseworker, citizen=citizen, base_version=0,
                       content={**plan_content.empty(), "own_goal": OWN_GOAL, "steps": [FIRST_STEP]},
                       involvement="co_creation", citizen_position="agrees")
    _agree(caseworker, citizen, ["Søge to praktikpladser i genbrug", "Tage til lægen om ryggen"])
    url = reverse("plans:plan_edit", args=[citizen.pk])
    response = caseworker_client.get(url)
    genbrug = response.context["form"].agreements[0]
    # Someone else saves meanwhile.
    plan = Plan.objects.get()
    services.save_plan(staff=other_caseworker, citizen=citizen, base_version=1,
                       content={**plan_content.of_plan(plan), "job_goal": "Gartneri"}, involvement="choice",
                       citizen_position="agrees")
    data = _form_data(response.content.decode(), agreements=[str(genbrug.pk)], involvement="co_creation",
                      citizen_position="agrees")
    conflict = caseworker_client.post(url, data)
    assert conflict.status_code == 200 and conflict.context["conflict"]
    # The ticked agreement is a step row in the combined plan now; the other is listed again.
    texts = [f.initial.get("text") for f in conflict.context["steps"].forms]
    assert texts[:2] == ["Ringe til Fjordby Planteskole", "Søge to praktikpladser i genbrug"]
    assert [a.text for a in conflict.context["form"].agreements] == ["Tage til lægen om ryggen"]
    data = _form_data(conflict.content.decode(), citizen_position="agrees")
    assert caseworker_client.post(url, data).status_code == 302
    plan = Plan.objects.get()
    assert (plan.version, plan.job_goal) == (3, "Gartneri")
    assert [s.text for s in plan.steps.all()] == ["Ringe til Fjordby Planteskole", "Søge to praktikpladser i genbrug"]


def test_a_plan_holds_at_most_100_steps(caseworker, citizen):
    steps = [{**FIRST_STEP, "key": plan_content.agreement_key(i), "text": f"Skridt {i}"} for i in range(101)]
    with pytest.raises(services.ValidationError) as error:
        services.save_plan(staff=caseworker, citizen=citizen, base_version=0,
                           content={**plan_content.empty(), "own_goal": OWN_GOAL, "steps": steps},
                           involvement="co_creation", citizen_position="agrees")
    assert "steps" in error.value.message_dict
    services.save_plan(staff=caseworker, citizen=citizen, base_version=0,
                       content={**plan_content.empty(), "own_goal": OWN_GOAL, "steps": steps[:PlanStep.MAX_PER_PLAN]},
                       involvement="co_creation", citizen_position="agrees")
    assert Plan.objects.get().steps.count() == 100
