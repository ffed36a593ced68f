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
