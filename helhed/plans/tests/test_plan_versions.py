import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.plans import content as plan_content
from helhed.plans import services
from helhed.plans.models import Plan, PlanSignature, PlanVersion

pytestmark = pytest.mark.django_db
A1, B2 = "9b7d5a3e-1f0c-4c55-9d1e-0a1b2c3d4e5f", "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5"
INVOLVED = {"involvement": "co_creation", "citizen_position": "agrees"}


def _content(**changes):
    content = plan_content.empty()
    content.update(own_goal="Jeg vil have et arbejde, hvor jeg kan være udenfor.", job_goal="Gartneri eller park",
                   steps=[{"key": A1, "kind": "step", "text": "Ringe til Fjordby Planteskole", "owner": "citizen",
                           "due": None, "status": "open"}])
    content.update(changes)
    return content


def test_every_save_is_a_version_with_the_involvement_and_the_plan_holds_the_newest(caseworker, citizen):
    first = services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(), **INVOLVED)
    second = services.save_plan(
        staff=caseworker, citizen=citizen, base_version=1, content=_content(job_goal="Gartneri"),
        involvement="choice", citizen_position="disagrees", citizen_reason="Jeg vil ikke i park, kun gartneri.",
    )
    plan = Plan.objects.get(citizen=citizen)
    assert (first.number, second.number, plan.version, plan.job_goal) == (1, 2, 2, "Gartneri")
    assert second.citizen_reason == "Jeg vil ikke i park, kun gartneri."
    assert plan.steps.get().text == "Ringe til Fjordby Planteskole"
    assert PlanVersion.objects.get(plan=plan, number=1).content["job_goal"] == "Gartneri eller park"
    assert [v.changed_at.date() for v in plan.versions.all()] == [timezone.now().date()] * 2


def test_the_citizens_own_goal_is_stored_verbatim(caseworker, citizen):
    words = "  Jeg vil bare have ro i hovedet <3 – og så et job.  "
    services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(own_goal=words), **INVOLVED)
    assert Plan.objects.get().own_goal == words.strip()


def test_disagreeing_needs_the_citizens_reason_and_an_unchanged_plan_needs_a_follow_up_note(caseworker, citizen):
    with pytest.raises(ValidationError) as error:
        services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(),
                           involvement="choice", citizen_position="disagrees")
    assert "citizen_reason" in error.value.message_dict
    services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(), **INVOLVED)
    with pytest.raises(ValidationError) as error:
        services.save_plan(staff=caseworker, citizen=citizen, base_version=1, content=_content(), **INVOLVED)
    assert "change_note" in error.value.message_dict
    follow_up = services.save_plan(staff=caseworker, citizen=citizen, base_version=1, content=_content(),
                                   change_note="Fulgt op: Søren har ringet til planteskolen.", **INVOLVED)
    assert follow_up.number == 2


def test_a_holistic_plan_needs_consent(caseworker, citizen):
    with pytest.raises(ValidationError) as error:
        services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(kind="holistic"),
                           **INVOLVED)
    assert "kind" in error.value.message_dict


def test_the_diff_tells_changed_added_and_removed_steps_and_text_word_by_word():
    old = plan_content.normalise(_content())
    new = plan_content.normalise(_content(
        job_goal="Gartneri",
        steps=[{"key": A1, "kind": "step", "text": "Ringe til Fjordby Planteskole", "owner": "citizen",
                "due": None, "status": "done"},
               {"key": B2, "kind": "sub_goal", "text": "Kunne stå op kl. 7", "owner": "citizen", "due": None,
                "status": "open"}],
        sections={"mentor": "Går med til første møde."},
    ))
    changes = {(c.label, c.kind) for c in plan_content.diff(old, new)}
    assert changes == {("Job- eller uddannelsesmål", "changed"), ("Skridt", "changed"), ("Skridt", "added"),
                       ("Del: Mentor", "added")}
    job = next(c for c in plan_content.diff(old, new) if c.label == "Job- eller uddannelsesmål")
    assert str(job.inline) == 'Gartneri <del><span class="sr-only">fjernet: </span>eller park</del>'


def test_a_stale_edit_is_refused_and_merged_with_nothing_lost(caseworker, other_caseworker, citizen):
    services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(), **INVOLVED)
    base = plan_content.of_plan(Plan.objects.get())
    theirs = dict(base, job_goal="Gartneri", steps=[dict(base["steps"][0], status="done")])
    services.save_plan(staff=other_caseworker, citizen=citizen, base_version=1, content=theirs, **INVOLVED)
    new_step = {"key": str(uuid.uuid4()), "kind": "step", "text": "Besøge Café Kanten", "owner": "mentor",
                "due": None, "status": "open"}
    mine = dict(base, own_goal="Jeg vil arbejde udenfor med planter.", job_goal="Park og vej",
                steps=base["steps"] + [new_step])
    with pytest.raises(services.PlanConflict) as conflict:
        services.save_plan(staff=caseworker, citizen=citizen, base_version=1, content=mine, **INVOLVED)
    assert Plan.objects.get().version == 2  # nothing saved
    merged = conflict.value.merged
    assert merged["own_goal"] == "Jeg vil arbejde udenfor med planter."  # only mine changed it
    assert merged["job_goal"] == "Park og vej" and conflict.value.conflicts == ["job_goal"]  # both: mine, flagged
    assert [s["status"] for s in merged["steps"]] == ["done", "open"]  # their change and my new step
    services.save_plan(staff=caseworker, citizen=citizen, base_version=conflict.value.current, content=merged,
                       **INVOLVED)
    assert Plan.objects.get().version == 3


def test_the_citizen_signs_the_newest_version_once(caseworker, citizen):
    services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(), **INVOLVED)
    plan = Plan.objects.get()
    services.sign(staff=caseworker, plan=plan, number=1, method="on_screen")
    with pytest.raises(ValidationError):
        services.sign(staff=caseworker, plan=plan, number=1, method="on_screen")
    services.save_plan(staff=caseworker, citizen=citizen, base_version=1, content=_content(job_goal="Gartneri"),
                       involvement="co_creation", citizen_position="not_present")
    with pytest.raises(ValidationError, match="til stede"):
        services.sign(staff=caseworker, plan=plan, number=2, method="on_screen")
    with pytest.raises(ValidationError, match="nyeste"):
        services.sign(staff=caseworker, plan=plan, number=1, method="on_paper")
    assert PlanSignature.objects.count() == 1


def test_history_page_shows_each_version_with_its_changes(caseworker_client, caseworker, citizen):
    services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(), **INVOLVED)
    services.save_plan(staff=caseworker, citizen=citizen, base_version=1, content=_content(job_goal="Gartneri"),
                       **INVOLVED)
    html = caseworker_client.get(reverse("plans:plan_history", args=[citizen.pk])).content.decode()
    assert "Version 2" in html and "Version 1" in html and "fjernet: </span>eller park</del>" in html


def test_scoring_needs_every_area_between_1_and_10(caseworker, citizen):
    from helhed.plans.selectors import builtin_instrument

    instrument = builtin_instrument()
    codes = [item.code for item in instrument.items.all()]
    assert len(codes) == 7
    with pytest.raises(ValidationError):
        services.record_scoring(staff=caseworker, citizen=citizen, instrument=instrument, values={codes[0]: 5},
                                scored_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.record_scoring(staff=caseworker, citizen=citizen, instrument=instrument,
                                values={c: 11 for c in codes}, scored_on=timezone.localdate())
    scoring = services.record_scoring(staff=caseworker, citizen=citizen, instrument=instrument,
                                      values={c: 4 for c in codes}, scored_on=timezone.localdate())
    assert scoring.scores.count() == 7


def test_a_new_mentor_opens_on_my_story_once(client, caseworker, citizen, make_staff):
    from helhed.coordination.services import add_team_member
    from helhed.core.models import Role

    services.save_story(staff=caseworker, citizen=citizen, text="Jeg hedder Søren. Jeg har haft det svært.")
    mentor = make_staff(citizen.municipality, "ny-mentor", role=Role.MENTOR, unit_name="Brobyg Mentorhus")
    add_team_member(staff=caseworker, citizen=citizen, member=mentor, role="mentor",
                    valid_from=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(mentor.user)
    first = client.get(reverse("casefile:team_view", args=[citizen.pk]))
    assert first.status_code == 302 and first["Location"] == reverse("plans:story", args=[citizen.pk]) + "?foerste=1"
    story = client.get(first["Location"]).content.decode()
    assert "Du er ny hos Søren" in story and "Jeg har haft det svært." in story
    assert client.get(reverse("casefile:team_view", args=[citizen.pk])).status_code == 200


def test_save_clicked_twice_adds_a_new_step_once(caseworker_client, caseworker, citizen):
    """The empty rows carry their keys from the page, so the second click sends the same step again and is
    recognised as already saved (not a conflict with itself, not a second copy)."""
    url = reverse("plans:plan_edit", args=[citizen.pk])
    steps = caseworker_client.get(url).context["steps"]
    data = {"base_version": "0", "own_goal": "Jeg vil have et job.", "kind": "min_plan", "involvement": "co_creation",
            "citizen_position": "agrees", "steps-TOTAL_FORMS": str(len(steps.forms)), "steps-INITIAL_FORMS": "0"}
    for i, form in enumerate(steps.forms):
        data.update({f"steps-{i}-key": form.initial["key"], f"steps-{i}-kind": "step", f"steps-{i}-owner": "citizen",
                     f"steps-{i}-status": "open", f"steps-{i}-text": "Ringe til planteskolen" if i == 0 else ""})
    assert caseworker_client.post(url, data).status_code == 302
    second = caseworker_client.post(url, data, follow=True)
    assert "Disse ændringer er allerede gemt" in second.content.decode()
    plan = Plan.objects.get()
    assert (plan.version, plan.steps.count()) == (1, 1)


def test_the_plan_rule_reads_the_plan_as_it_stood_on_the_day(caseworker, citizen):
    from helhed.rules.facts import PlanFact

    fact = PlanFact((datetime.date(2026, 1, 5), datetime.date(2026, 3, 2), datetime.date(2026, 12, 1)))
    assert fact.as_of(datetime.date(2026, 1, 4)) is None
    assert fact.as_of(datetime.date(2026, 6, 1)) == (datetime.date(2026, 1, 5), datetime.date(2026, 3, 2))


def test_a_mentor_writes_their_own_part_as_a_new_version(client, caseworker, citizen, make_staff):
    from helhed.coordination.services import add_team_member
    from helhed.core.models import Role

    services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(), **INVOLVED)
    mentor = make_staff(citizen.municipality, "mentor", role=Role.MENTOR, unit_name="Brobyg Mentorhus")
    add_team_member(staff=caseworker, citizen=citizen, member=mentor, role="mentor",
                    valid_from=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(mentor.user)
    url = reverse("plans:plan_part", args=[citizen.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"base_version": "1", "text": "Gåtur hver onsdag; følger med til lægen.",
                                 "involvement": "co_creation", "citizen_position": "agrees"})
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.version, plan.sections) == (2, {"mentor": "Gåtur hver onsdag; følger med til lægen."})
    assert plan.steps.count() == 1 and plan.own_goal == _content()["own_goal"]  # the rest is untouched
    assert PlanVersion.objects.get(number=2).changed_by == mentor
    # A stale form (someone saved meanwhile) keeps the text and asks to save again.
    stale = client.post(url, {"base_version": "1", "text": "Ny tekst.", "involvement": "co_creation",
                              "citizen_position": "agrees"})
    assert stale.status_code == 200 and "Ny tekst." in stale.content.decode()
    assert Plan.objects.get().version == 2


def test_agreements_from_conversations_are_offered_as_plan_steps(caseworker_client, caseworker, citizen):
    from helhed.contact.services.appointments import register_afterwards

    services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=_content(), **INVOLVED)
    register_afterwards(staff=caseworker, citizen=citizen, channel="office",
                        started_at=timezone.now() - datetime.timedelta(hours=1),
                        agreed="Søge to praktikpladser i genbrug\nRinge til Fjordby Planteskole")
    response = caseworker_client.get(reverse("plans:plan_edit", args=[citizen.pk]))
    texts = [f.initial.get("text") for f in response.context["steps"].forms]
    # The new agreement is offered, to tick (test_plan_agreements.py); the one that is already a step is not.
    assert [a.text for a in response.context["form"].agreements] == ["Søge to praktikpladser i genbrug"]
    assert texts.count("Ringe til Fjordby Planteskole") == 1
    assert "Én aftale fra en samtale er ikke med i planen endnu" in response.content.decode()
