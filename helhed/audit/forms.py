from django import forms
from django.utils.translation import gettext_lazy as _

from helhed.citizens.cpr import normalise_cpr


class StatedReasonForm(forms.Form):
    cpr = forms.CharField(label=_("CPR number"), max_length=11)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why do you need to see this citizen now? The reason is logged and reviewed by a colleague."),
        error_messages={"required": _("State the reason in a sentence (at least 10 characters).")},
    )

    def clean_cpr(self):
        return normalise_cpr(self.cleaned_data["cpr"])


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Review note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReadLogSearchForm(forms.Form):
    cpr = forms.CharField(label=_("Citizen's CPR number"), required=False, max_length=11)
    username = forms.CharField(label=_("User name"), required=False, max_length=150)

    def clean_cpr(self):
        value = self.cleaned_data["cpr"]
        return normalise_cpr(value) if value else ""
