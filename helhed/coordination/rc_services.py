"""Answering the relational-coordination survey, anonymously."""

import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.coordination.models import RCAnswer, RCAnswerSet, RCParticipation, RCSurvey
from helhed.coordination.rc import DIMENSION_CODES
from helhed.core.models import Role

RATED_ROLES = (Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.JOB_BROKER, Role.MENTOR, Role.SANCTION_OFFICER,
               Role.PARTNER)


def respondent_role(staff) -> str:
    return next((role for role in RATED_ROLES if staff.has_role(role)), "")


@transaction.atomic
def answer(*, staff, survey: RCSurvey, scores: dict) -> None:
    """`scores` maps (about_role, dimension) to 1–5; roles the respondent does not work with are left out."""
    today = timezone.localdate()
    if not (survey.opens_on <= today <= survey.closes_on) or survey.municipality_id != staff.municipality_id:
        raise ValidationError(_("The survey is not open."))
    role = respondent_role(staff)
    if not role:
        raise ValidationError(_("Your role is not part of the survey."))
    if not scores:
        raise ValidationError(_("Rate at least one role you work with."))
    for (about, dimension), score in scores.items():
        if about not in RATED_ROLES or dimension not in DIMENSION_CODES or score not in (1, 2, 3, 4, 5):
            raise ValidationError(_("Each answer is a score from 1 to 5."))
    try:
        with transaction.atomic():
            RCParticipation.objects.create(survey=survey, staff=staff)
    except IntegrityError:
        raise ValidationError(_("You have answered this survey already.")) from None
    answer_set = RCAnswerSet.objects.create(survey=survey, role=role, unit_id=staff.unit_id)
    RCAnswer.objects.bulk_create(RCAnswer(answer_set=answer_set, about_role=about, dimension=dimension, score=score)
                                 for (about, dimension), score in scores.items())


def generate_answers(survey: RCSurvey, *, per_role: dict, units, seed: int = 1) -> int:
    """Answer sets for the demo and the tests: `per_role` gives how many respondents of each role; each rates every
    other rated role on every dimension, around a level that differs by pair."""
    rng = random.Random(seed)
    made = 0
    for role, count in per_role.items():
        for _i in range(count):
            answer_set = RCAnswerSet.objects.create(survey=survey, role=role, unit=rng.choice(units))
            rows = []
            for about in RATED_ROLES:
                if about == role:
                    continue
                level = 2 + sum(map(ord, role + about)) % 3  # deterministic, differs by pair
                for dimension in DIMENSION_CODES:
                    rows.append(RCAnswer(answer_set=answer_set, about_role=about, dimension=dimension,
                                         score=max(1, min(5, level + rng.choice((-1, 0, 0, 1))))))
            RCAnswer.objects.bulk_create(rows)
            made += 1
    return made
