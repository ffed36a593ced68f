import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import TargetGroup
from helhed.core.forms import DateInput
from helhed.rules.registry import Kind


class ExemptionForm(forms.Form):
    """A § 106 exemption: the ground from the law's closed list, what it covers, why, and from when to when."""

    ground = forms.ChoiceField(label=_("Ground (§ 106, stk. 1)"), widget=forms.RadioSelect)
    covers = forms.MultipleChoiceField(
        label=_("Exempt from"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Conversations and offers only. The right to a coordinating caseworker and the plan are never "
                    "exempted."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What documents it, e.g. the contract for a full-time job from 1 March."),
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)
    valid_to = forms.DateField(label=_("To"), widget=DateInput, help_text=_("Required: at most the ground's longest "
                                                                            "duration, usually 6 weeks."))

    def __init__(self, *args, grounds, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [(g.code, f"{g.label} ({g.paragraph})") for g in grounds]
        self.fields["covers"].choices = [(rule.id, rule.title) for rule in rules]

    def clean(self):
        data = super().clean()
        earliest, latest = datetime.date(2020, 1, 1), timezone.localdate() + datetime.timedelta(days=366)
        for name in ("valid_from", "valid_to"):
            day = data.get(name)
            if day and not earliest <= day <= latest:
                self.add_error(name, _("Choose a date from 1 January 2020 to one year ahead."))
        return data


class AsOfForm(forms.Form):
    """Show the obligations as they stood on a past date, under the rules in force then."""

    pr = forms.DateField(label=_("As of"), required=False, widget=DateInput)

    def clean_pr(self):
        day = self.cleaned_data["pr"]
        if day and not (datetime.date(2020, 1, 1) <= day <= timezone.localdate() + datetime.timedelta(days=366)):
            raise forms.ValidationError(_("Choose a date from 1 January 2020 to one year ahead."))
        return day


class WorklistFilterForm(AsOfForm):
    """The day plan's filters: as of a date, by target group, by kind of obligation, by rule."""

    gruppe = forms.ChoiceField(label=_("Target group"), required=False)
    type = forms.ChoiceField(label=_("Kind"), required=False)
    regel = forms.ChoiceField(label=_("Rule"), required=False)

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["gruppe"].choices = everything + list(TargetGroup.choices)
        self.fields["type"].choices = everything + list(Kind.choices)
        self.fields["regel"].choices = everything + rules
