"""The relational-coordination survey: answer it (anonymously), read the aggregates, start a round."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from helhed.coordination import rc_selectors, rc_services
from helhed.coordination.models import RCParticipation, RCSurvey
from helhed.coordination.rc import DIMENSIONS, MIN_RESPONDENTS
from helhed.core.forms import DateInput, add_service_error
from helhed.core.models import Role, role_label
from helhed.core.views import staff_required

READERS = {Role.TEAM_LEADER, Role.COORDINATING_CASEWORKER}
CHOICES = [("", gettext_lazy("I do not work with them")), *[(str(n), str(n)) for n in (1, 2, 3, 4, 5)]]


def _open_survey(staff):
    today = timezone.localdate()
    return RCSurvey.objects.filter(municipality_id=staff.municipality_id, opens_on__lte=today,
                                   closes_on__gte=today).first()


class AnswerForm(forms.Form):
    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for role in roles:
            fields = []
            for code, _label, question in DIMENSIONS:
                name = f"{role}__{code}"
                self.fields[name] = forms.ChoiceField(label=str(question).format(role=role_label(role).lower()),
                                                      choices=CHOICES, required=False)
                fields.append(name)
            self.groups.append((role_label(role), [self[name] for name in fields]))

    def scores(self):
        return {tuple(name.split("__")): int(value) for name, value in self.cleaned_data.items() if value}


class SurveyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    opens_on = forms.DateField(label=gettext_lazy("Opens"), widget=DateInput)
    closes_on = forms.DateField(label=gettext_lazy("Closes"), widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The round closes on or after the day it opens."))
        return data


@staff_required
@require_http_methods(["GET", "POST"])
def rc_answer(request):
    staff = request.staff
    own = rc_services.respondent_role(staff)
    if not own:
        raise PermissionDenied
    survey = _open_survey(staff)
    answered = survey is not None and RCParticipation.objects.filter(survey=survey, staff=staff).exists()
    form = AnswerForm(request.POST or None, roles=[r for r in rc_services.RATED_ROLES if r != own])
    if survey and not answered and request.method == "POST" and form.is_valid():
        try:
            rc_services.answer(staff=staff, survey=survey, scores=form.scores())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. Your answers are stored without your name."))
            return redirect("coordination:rc_answer")
    return render(request, "coordination/rc_answer.html", {"survey": survey, "answered": answered, "form": form,
                                                           "minimum": MIN_RESPONDENTS},
                  status=400 if request.method == "POST" else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def rc_results(request):
    staff = request.staff
    if not set(staff.role_codes()) & READERS:
        raise PermissionDenied
    form = SurveyForm(request.POST or None) if staff.has_role(Role.TEAM_LEADER) else None
    if form is not None and request.method == "POST" and form.is_valid():
        RCSurvey.objects.create(municipality_id=staff.municipality_id, **form.cleaned_data)
        messages.success(request, _("The round was started."))
        return redirect("coordination:rc_results")
    surveys = RCSurvey.objects.filter(municipality_id=staff.municipality_id)
    survey = surveys.first()
    teams, rounds = rc_selectors.team_over_time(staff.municipality_id)
    return render(request, "coordination/rc_results.html", {
        "survey": survey, "heatmap": rc_selectors.heatmap(survey) if survey else None, "teams": teams,
        "rounds": rounds, "minimum": MIN_RESPONDENTS, "form": form,
        "dimensions": [(label, str(question).format(role=_("the other role"))) for _code, label, question in DIMENSIONS],
        "role_labels": {r: role_label(r) for r in rc_services.RATED_ROLES},
    }, status=400 if request.method == "POST" else 200)
