import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DateInput


class ExemptionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the rule does not apply now, e.g. starts a full-time job on 1 March (§ 106)."),
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)
    valid_to = forms.DateField(label=_("To"), widget=DateInput, required=False)


class AsOfForm(forms.Form):
    """Show the obligations as they stood on a past date, under the rules in force then."""

    pr = forms.DateField(label=_("As of"), required=False, widget=DateInput)

    def clean_pr(self):
        day = self.cleaned_data["pr"]
        if day and not (datetime.date(2020, 1, 1) <= day <= timezone.localdate() + datetime.timedelta(days=366)):
            raise forms.ValidationError(_("Choose a date from 1 January 2020 to one year ahead."))
        return day
