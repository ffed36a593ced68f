
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.cpr import normalise_cpr
from helhed.citizens.models import Citizen, Consent, ReminderChoice, TargetGroup
from helhed.core.forms import DateInput
from helhed.core.models import OrganisationUnit, Role


class CitizenSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or CPR number"), required=False, max_length=100)
    group = forms.ChoiceField(
        label=_("Target group"), required=False, choices=[("", _("All target groups"))] + TargetGroup.choices
    )


class TargetGroupFields(forms.Form):
    group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    valid_from = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=_("Why this target group now? The citizen can read it."),
    )


class FirstApproachField(forms.Form):
    first_approach_on = forms.DateField(
        label=_("First approach to the kommune for help"), widget=DateInput, required=False,
        help_text=_("The day the citizen first asked the kommune for help (første henvendelse). The first job "
                    "conversation is due within a week of it (LAB § 31, stk. 5)."),
    )


class CitizenCreateForm(FirstApproachField, TargetGroupFields):
    cpr = forms.CharField(label=_("CPR number"), max_length=11, help_text=_("10 digits, e.g. 010190-1234"))
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"), regex=r"^\d{4}$", required=False,
        error_messages={"invalid": _("A postal code has four digits.")},
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=Citizen.Language.choices, initial=Citizen.Language.DANISH
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    reminders = forms.ChoiceField(
        label=_("Reminders of appointments"), choices=ReminderChoice.choices, initial=ReminderChoice.AUTOMATIC,
        required=False,
    )
    reachability_notes = forms.CharField(
        label=_("How to reach the citizen"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('For example "no phone credit – send a text" or "knock twice before entering".'),
    )

    field_order = [
        "cpr", "first_name", "last_name", "address", "postal_code", "city", "phone", "email",
        "preferred_language", "interpreter_needed", "reminders", "reachability_notes", "first_approach_on", "group",
        "valid_from", "reason",
    ]

    def clean_reminders(self):
        return self.cleaned_data["reminders"] or ReminderChoice.AUTOMATIC

    def clean_cpr(self):
        return normalise_cpr(self.cleaned_data["cpr"])


class TargetGroupChangeForm(TargetGroupFields):
    pass


class CaseForm(FirstApproachField):
    """The facts of the open case a caseworker records after it was opened."""


class SafetyMarkerForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=_("What must colleagues know before meeting the citizen? Keep it factual."),
    )
    review_date = forms.DateField(label=_("Review by"), widget=DateInput)


class ConsentForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the citizen's words where possible: what may be shared, and why."),
    )
    recipient_unit = forms.ModelChoiceField(
        label=_("Recipient organisation or unit"), required=False, queryset=OrganisationUnit.objects.none()
    )
    recipient_role = forms.ChoiceField(
        label=_("Or every person in this role"), required=False, choices=[("", "–")] + Role.choices
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=Consent.LegalBasis.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DateInput, initial=timezone.localdate)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput, required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_unit"].queryset = OrganisationUnit.objects.filter(
            municipality=municipality
        ).exclude(kind=OrganisationUnit.Kind.EMPLOYER)
