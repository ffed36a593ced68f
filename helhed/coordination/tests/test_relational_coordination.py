"""The relational-coordination survey: anonymous answers, aggregates only, cells under the minimum suppressed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.coordination import rc_selectors, rc_services
from helhed.coordination.models import RCAnswerSet, RCParticipation, RCSurvey
from helhed.coordination.rc import MIN_RESPONDENTS
from helhed.core.models import OrganisationUnit, Role


@pytest.fixture
def survey(municipality):
    today = timezone.localdate()
    return RCSurvey.objects.create(municipality=municipality, title="Efterår 2026",
                                   opens_on=today - datetime.timedelta(days=3), closes_on=today + datetime.timedelta(days=10))


def test_generated_answers_render_the_heatmap_and_cells_under_the_minimum_are_suppressed(client, survey, municipality,
                                                                                         make_staff):
    units = [OrganisationUnit.objects.create(municipality=municipality, name=n, kind=OrganisationUnit.Kind.EMPLOYMENT)
             for n in ("Team Nord", "Team Syd")]
    rc_services.generate_answers(survey, units=units, per_role={
        Role.CASEWORKER: 8, Role.MENTOR: 6, Role.JOB_BROKER: MIN_RESPONDENTS - 1})
    cells = rc_selectors.pair_index(survey)
    assert cells[(Role.CASEWORKER, Role.MENTOR)]["index"] is not None
    assert cells[(Role.MENTOR, Role.CASEWORKER)]["n"] == 6
    broker = cells[(Role.JOB_BROKER, Role.CASEWORKER)]
    assert broker == {"index": None, "n": MIN_RESPONDENTS - 1, "suppressed": True}
    leader = make_staff(municipality, "tl", role=Role.TEAM_LEADER, first="Tove")
    client.force_login(leader.user)
    page = client.get(reverse("coordination:rc_results")).content.decode()
    assert 'class="table rc-heatmap"' in page and "rc-level-" in page
    assert f"færre end {MIN_RESPONDENTS}" in page  # the job brokers' row is suppressed
    assert "vises aldrig pr. person" in page


def test_an_answer_is_anonymous_and_given_once(caseworker, survey):
    scores = {(Role.MENTOR, "frequent"): 4, (Role.MENTOR, "mutual_respect"): 5}
    rc_services.answer(staff=caseworker, survey=survey, scores=scores)
    answer_set = RCAnswerSet.objects.get()
    assert (answer_set.role, answer_set.unit_id) == (Role.CASEWORKER, caseworker.unit_id)
    from helhed.core.models import StaffMember

    assert StaffMember not in {getattr(f, "related_model", None) for f in RCAnswerSet._meta.get_fields()}
    assert RCParticipation.objects.get().staff == caseworker
    with pytest.raises(ValidationError):
        rc_services.answer(staff=caseworker, survey=survey, scores=scores)
    with pytest.raises(ValidationError):
        rc_services.answer(staff=caseworker, survey=survey, scores={(Role.MENTOR, "frequent"): 9})


def test_answering_through_the_page(client, caseworker, survey):
    client.force_login(caseworker.user)
    page = client.get(reverse("coordination:rc_answer")).content.decode()
    assert "uden dit navn" in page
    response = client.post(reverse("coordination:rc_answer"), {"mentor__frequent": "3", "mentor__timely": "4"})
    assert response.status_code == 302
    assert RCAnswerSet.objects.get().answers.count() == 2
