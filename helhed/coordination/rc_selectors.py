"""The survey's aggregates: an index per pair of roles and per team over time, suppressed below the minimum."""

from collections import defaultdict

from django.db.models import Avg, Count

from helhed.coordination.models import RCAnswer, RCAnswerSet, RCSurvey
from helhed.coordination.rc import MIN_RESPONDENTS
from helhed.coordination.rc_services import RATED_ROLES


def pair_index(survey: RCSurvey) -> dict:
    """{(respondent role, about role): {"index": mean score or None, "n": respondents, "suppressed": bool}}."""
    rows = (RCAnswer.objects.filter(answer_set__survey=survey)
            .values("answer_set__role", "about_role")
            .annotate(mean=Avg("score"), n=Count("answer_set", distinct=True)))
    cells = {}
    for row in rows:
        suppressed = row["n"] < MIN_RESPONDENTS
        cells[(row["answer_set__role"], row["about_role"])] = {
            "index": None if suppressed else round(row["mean"], 1), "n": row["n"], "suppressed": suppressed}
    return cells


def heatmap(survey: RCSurvey) -> dict:
    cells = pair_index(survey)
    roles = [role for role in RATED_ROLES if any(role in pair for pair in cells)]
    return {"roles": roles, "rows": [(role, [cells.get((role, about)) if about != role else "self"
                                             for about in roles]) for role in roles]}


def team_over_time(municipality_id: int) -> tuple[list, list]:
    """Per unit (team) and survey round: the index over all its respondents' answers, suppressed below the minimum."""
    surveys = list(RCSurvey.objects.filter(municipality_id=municipality_id).order_by("opens_on"))
    counts = {(r["survey"], r["unit__name"]): r["n"] for r in RCAnswerSet.objects.filter(survey__in=surveys)
              .values("survey", "unit__name").annotate(n=Count("pk"))}
    means = {(r["answer_set__survey"], r["answer_set__unit__name"]): r["mean"] for r in RCAnswer.objects.filter(
        answer_set__survey__in=surveys).values("answer_set__survey", "answer_set__unit__name").annotate(mean=Avg("score"))}
    by_unit = defaultdict(dict)
    for (survey_id, unit), n in counts.items():
        by_unit[unit][survey_id] = None if n < MIN_RESPONDENTS else round(means[(survey_id, unit)], 1)
    rows = [{"unit": unit, "values": [values.get(s.pk) for s in surveys]} for unit, values in sorted(by_unit.items())]
    return rows, surveys
