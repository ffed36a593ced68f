from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DateInput
from helhed.rules.sanctions import REASONABLE_CAUSE_EXAMPLES
from helhed.sanctions.models import ContactAttempt, Decision, SanctionCase, WrittenGuidance

TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-input"})


class ContextForm(forms.Form):
    prefix = "context"

    citizen_explanation = forms.CharField(label=_("The citizen's explanation, in their words"), required=False,
                                          widget=TEXT, max_length=5000)
    staff_note = forms.CharField(label=_("Note from the mentor or caseworker"), required=False, widget=TEXT,
                                 max_length=5000)
    contact_on = forms.DateField(label=_("Contact re-established on"), required=False, widget=DateInput)
    self_booked = forms.BooleanField(label=_("The citizen booked the conversation themself (§ 37, stk. 3)"),
                                     required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class AttemptForm(forms.Form):
    prefix = "attempt"

    on = forms.DateField(label=_("Day"), widget=DateInput, initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("How"), choices=ContactAttempt.Kind.choices)
    reached = forms.BooleanField(label=_("We reached the citizen"), required=False)
    note = forms.CharField(label=_("What happened"), required=False, widget=TEXT, max_length=5000)


class ResolveForm(forms.Form):
    prefix = "resolve"

    note = forms.CharField(label=_("What the contact cleared up"), widget=TEXT, max_length=5000)


class ReferForm(forms.Form):
    prefix = "refer"

    officer = forms.ModelChoiceField(label=_("Sanction officer"), queryset=None, empty_label=None)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


YES_NO = [("", _("Not assessed yet")), ("yes", _("Yes")), ("no", _("No"))]


class AssessmentForm(forms.Form):
    prefix = "assess"

    reasonable_cause = forms.ChoiceField(label=_("Was there a reasonable cause?"), choices=SanctionCase.Cause.choices,
                                         widget=forms.RadioSelect, required=False)
    cause_examples = forms.MultipleChoiceField(
        label=_("Examples that apply (an open list: BEK 19/2026 § 16, BEK 20/2026 § 11)"), required=False,
        choices=[(c.code, c.label) for c in REASONABLE_CAUSE_EXAMPLES], widget=forms.CheckboxSelectMultiple)
    reasonable_cause_assessment = forms.CharField(label=_("Assessment of reasonable cause"), required=False,
                                                  widget=TEXT, max_length=5000)
    availability_promoted = forms.TypedChoiceField(
        label=_("Activity-ready: will a sanction promote the citizen's availability?"), choices=YES_NO, required=False,
        coerce=lambda v: {"yes": True, "no": False}.get(v), empty_value=None)
    availability_reasoning = forms.CharField(label=_("Why (a concrete assessment)"), required=False, widget=TEXT,
                                             max_length=5000)
    vulnerability_assessment = forms.CharField(label=_("The citizen's vulnerability and other circumstances"),
                                               required=False, widget=TEXT, max_length=5000)


class HearingForm(forms.Form):
    prefix = "hearing"

    deadline = forms.DateField(label=_("Answer by"), widget=DateInput)


class AnswerForm(forms.Form):
    prefix = "answer"

    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput, initial=timezone.localdate)
    answer = forms.CharField(label=_("The citizen's answer"), widget=TEXT, max_length=5000)


class DecisionForm(forms.Form):
    prefix = "decide"

    outcome = forms.ChoiceField(label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons (quoted in the letter)"), widget=TEXT, max_length=5000)


class GuidanceForm(forms.Form):
    given_on = forms.DateField(label=_("Given on"), widget=DateInput, initial=timezone.localdate)
    how = forms.ChoiceField(label=_("How"), choices=WrittenGuidance.How.choices)


class RefusalForm(forms.Form):
    event_on = forms.DateField(label=_("Day"), widget=DateInput)
    summary = forms.CharField(label=_("What happened (e.g. refused the internship at …)"), widget=TEXT,
                              max_length=5000)


class RateForm(forms.Form):
    valid_from = forms.DateField(label=_("From"), widget=DateInput)
    valid_to = forms.DateField(label=_("To"), widget=DateInput, required=False)
    threshold_1 = forms.DecimalField(label=_("Band 2 from (kr. a month)"), min_value=0, max_digits=9, decimal_places=2)
    threshold_2 = forms.DecimalField(label=_("Band 3 above (kr. a month)"), min_value=0, max_digits=9, decimal_places=2)
    threshold_3 = forms.DecimalField(label=_("Band 4 from (kr. a month)"), min_value=0, max_digits=9, decimal_places=2)
    rate_1 = forms.IntegerField(label=_("Rate in band 1 (kr. a day)"), min_value=0, max_value=10000)
    rate_2 = forms.IntegerField(label=_("Rate in band 2 (kr. a day)"), min_value=0, max_value=10000)
    rate_3 = forms.IntegerField(label=_("Rate in band 3 (kr. a day)"), min_value=0, max_value=10000)
    rate_4 = forms.IntegerField(label=_("Rate in band 4 (kr. a day)"), min_value=0, max_value=10000)
    source = forms.CharField(label=_("Source (the published figures: title, number, URL)"), widget=TEXT,
                             max_length=2000)
    confirmed = forms.BooleanField(label=_("Confirmed against the published figures"), required=False)
