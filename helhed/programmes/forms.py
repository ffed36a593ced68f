from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import TargetGroup
from helhed.core.forms import DateInput
from helhed.programmes.models import Target

TARGET_ROWS = 4


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    funder = forms.CharField(label=_("Funder"), max_length=200, help_text=_("For example STAR or Landsbyggefonden."))
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=5000)
    visit_every_member = forms.BooleanField(label=_("Every member is visited (start assessment)"), required=False,
                                            initial=True)
    job_broker_per_citizen = forms.BooleanField(label=_("A personal job broker for every member"), required=False)
    progression_measured = forms.BooleanField(label=_("Progression is measured"), required=False)


class CriterionForm(forms.Form):
    target_groups = forms.MultipleChoiceField(label=_("Target groups"), choices=TargetGroup.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    min_years_on_benefit = forms.DecimalField(label=_("At least this many years on benefit"), required=False,
                                              min_value=0, max_value=60, decimal_places=1)
    min_age = forms.IntegerField(label=_("Age from"), required=False, min_value=0, max_value=120)
    max_age = forms.IntegerField(label=_("Age up to and including"), required=False, min_value=0, max_value=120)
    postal_codes = forms.CharField(label=_("Postal codes"), required=False, max_length=500,
                                   help_text=_("Separated by commas, e.g. 9220, 9210. Empty: the whole municipality."))

    def clean_postal_codes(self):
        return [code.strip() for code in self.cleaned_data["postal_codes"].replace(";", ",").split(",") if code.strip()]


class ChangeCriterionForm(CriterionForm):
    reason = forms.CharField(label=_("Why the group changes"), max_length=300)


class TargetsForm(forms.Form):
    """Up to TARGET_ROWS targets; a row without a measure is left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "–"), *Target.Measure.choices]
        for i in range(TARGET_ROWS):
            n = {"n": i + 1}
            self.fields[f"target_{i}_measure"] = forms.ChoiceField(label=_("Target %(n)s measures") % n,
                                                                   choices=choices, required=False)
            self.fields[f"target_{i}_threshold"] = forms.DecimalField(
                label=_("Target %(n)s: share of the group (%%)") % n, required=False, min_value=0, max_value=100,
                decimal_places=1)
            self.fields[f"target_{i}_months"] = forms.IntegerField(label=_("Target %(n)s: months (N)") % n,
                                                                   required=False, min_value=1, max_value=36)
            self.fields[f"target_{i}_payment"] = forms.DecimalField(
                label=_("Target %(n)s: payment released (%% of the grant)") % n, required=False, min_value=0,
                max_value=100, decimal_places=1)

    def rows(self):
        return [[self[f"target_{i}_{name}"] for name in ("measure", "threshold", "months", "payment")]
                for i in range(TARGET_ROWS)]

    def targets(self) -> list[dict]:
        data = self.cleaned_data
        return [{"measure": data[f"target_{i}_measure"], "threshold": data[f"target_{i}_threshold"] or 0,
                 "months": data[f"target_{i}_months"], "payment_share": data[f"target_{i}_payment"]}
                for i in range(TARGET_ROWS) if data.get(f"target_{i}_measure")]


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=[("visited", _("Visited")), ("plan", _("Plan made")),
                                      ("first_step", _("First step taken"))])
    on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)


class BrokerForm(forms.Form):
    broker = forms.ChoiceField(label=_("Job broker"))
    on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)

    def __init__(self, *args, brokers, **kwargs):
        super().__init__(*args, **kwargs)
        self.brokers = {str(b.pk): b for b in brokers}
        self.fields["broker"].choices = [("", "–"), *[(pk, b.full_name) for pk, b in self.brokers.items()]]
