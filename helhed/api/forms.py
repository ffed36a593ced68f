"""The administrator's form for an API client. The organisation type is chosen first (a step of its own), so the form
offers only the organisations and the scopes of that type."""

from django import forms
from django.utils.translation import gettext_lazy as _

from helhed.api.clients import PROVIDER_KINDS
from helhed.api.models import SCOPES, SCOPES_BY_TYPE, OrganisationType
from helhed.core.models import OrganisationUnit


class FirstChoiceLabel(forms.CheckboxSelectMultiple):
    """The group's label (and the error summary's link) points at its first checkbox, not at nothing."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class OrganisationTypeForm(forms.Form):
    organisation_type = forms.ChoiceField(
        label=_("Organisation type"), choices=OrganisationType.choices, widget=forms.RadioSelect,
        help_text=_("A provider's system reaches only the citizens referred to the provider. The kommune's own system "
                    "reads citizens with an open case, offers and programme counts."))


def organisations_for(municipality, organisation_type):
    """The units a client of this type may belong to: a provider or a subcontractor for a provider's system, one of
    the kommune's own units (not an employer) for the kommune's system."""
    units = OrganisationUnit.objects.filter(municipality=municipality).order_by("name")
    if organisation_type == OrganisationType.PROVIDER:
        return units.filter(kind__in=PROVIDER_KINDS)
    return units.exclude(kind__in=(*PROVIDER_KINDS, OrganisationUnit.Kind.EMPLOYER))


class ApiClientForm(forms.Form):
    name = forms.CharField(label=_("Name of the client"), max_length=200,
                           help_text=_("The system that connects, e.g. “Brobyg fagsystem”."))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=OrganisationUnit.objects.none(),
                                          empty_label=_("Choose …"))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), widget=FirstChoiceLabel,
                                       help_text=_("Give only what the system needs."))

    def __init__(self, *args, municipality, organisation_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_type = organisation_type
        self.fields["organisation"].queryset = organisations_for(municipality, organisation_type)
        if organisation_type == OrganisationType.PROVIDER:
            self.fields["organisation"].help_text = _("The provider or subcontractor whose system connects.")
        self.fields["scopes"].choices = [(code, f"{code} – {SCOPES[code]}")
                                         for code in SCOPES_BY_TYPE[organisation_type]]
