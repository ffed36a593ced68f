import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.cpr import normalise_cpr
from helhed.citizens.models import Citizen
from helhed.contact.forms import BoundedModelChoiceField, WhenFields
from helhed.core.forms import DateInput
from helhed.core.models import OrganisationUnit, StaffMember
from helhed.outreach.models import DropIn, Group, OutreachOffice
from helhed.outreach.services import MAX_ANONYMOUS, MAX_DROP_IN_COUNT


def _citizen_field():
    field = BoundedModelChoiceField(label=_("Citizen"), queryset=Citizen.objects.none(), required=False,
                                    empty_label=_("Choose the citizen"))
    field.label_from_instance = lambda citizen: citizen.full_name
    return field


def _cpr_field():
    return forms.CharField(label=_("Or the CPR number"), required=False, max_length=20,
                           help_text=_("Of another citizen you have a reason to see."))


class CitizenChoice:
    """A citizen chosen from a short list (`citizens`: the area's residents and earlier participants the viewer may
    see, each written to the read log when the list is shown) or by CPR number among `allowed` (the citizens the
    viewer may see): no long list of names on a shared screen. An unknown CPR number and one the viewer has no reason
    for get the same answer."""

    def _offer_citizens(self, citizens, allowed):
        self.allowed = allowed
        self.fields["citizen"].queryset = citizens

    def _chosen_citizen(self, data):
        cpr = (data.pop("cpr", "") or "").strip()
        if data.get("citizen") or not cpr:
            return data.get("citizen")
        try:
            number = normalise_cpr(cpr)
        except ValidationError as error:
            self.add_error("cpr", error)
            return None
        citizen = self.allowed.filter(cpr=number).first()
        if citizen is None:
            self.add_error("cpr", _("No citizen you have a reason to see has this CPR number."))
        data["citizen"] = citizen
        return citizen


class DropInForm(CitizenChoice, forms.Form):
    topic = forms.ChoiceField(label=_("About"), choices=DropIn.Topic.choices, initial=DropIn.Topic.CV)
    count = forms.IntegerField(label=_("How many came by"), min_value=1, max_value=MAX_DROP_IN_COUNT, initial=1,
                               required=False, help_text=_("A count only: no names."))
    citizen = _citizen_field()
    cpr = _cpr_field()
    note = forms.CharField(label=_("Note for the journal"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Only with a named citizen: written to the citizen's journal."))

    def __init__(self, *args, citizens=None, allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if citizens is None:
            del self.fields["citizen"], self.fields["cpr"], self.fields["note"]
            self.allowed = Citizen.objects.none()
        else:
            self._offer_citizens(citizens, allowed)
            self.fields["citizen"].help_text = _("Or a contact with a citizen you have a reason to see: it is also "
                                                 "written in the citizen's journal.")

    def clean(self):
        data = super().clean()
        self._chosen_citizen(data)
        if data.get("citizen"):
            data["count"] = 1
        elif not data.get("count"):
            self.add_error("count", _("Give how many came by, or choose the citizen."))
        if not data.get("citizen"):
            data.pop("note", None)
        return data


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Group.Kind.choices)
    office = BoundedModelChoiceField(label=_("Outreach office"), queryset=OutreachOffice.objects.none())
    facilitator = BoundedModelChoiceField(label=_("Facilitator"), queryset=StaffMember.objects.none())
    partner = BoundedModelChoiceField(label=_("Partner organisation"), queryset=OrganisationUnit.objects.none(),
                                      required=False, empty_label=_("None"))
    description = forms.CharField(label=_("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, offices, facilitators, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["office"].label_from_instance = lambda office: office.place.name
        self.fields["facilitator"].queryset = facilitators
        self.fields["facilitator"].label_from_instance = lambda staff: staff.full_name
        self.fields["partner"].queryset = partners


class SessionForm(WhenFields):
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=10, max_value=480, initial=90)
    note = forms.CharField(label=_("What it is about"), required=False, max_length=300,
                           help_text=_("No names or personal data."))


class AttendanceForm(CitizenChoice, forms.Form):
    citizen = _citizen_field()
    cpr = _cpr_field()
    to_plan = forms.BooleanField(
        label=_("The citizen agrees that it goes into their plan"), required=False,
        help_text=_("Noted in the plan's small-steps log and listed as a stabilising activity. Ask the citizen "
                    "first; without a yes it stays with the group."))

    def __init__(self, *args, citizens, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_citizens(citizens, allowed)

    def clean(self):
        data = super().clean()
        if not self._chosen_citizen(data) and not self.has_error("cpr"):
            self.add_error("citizen", _("Choose the citizen, or give the CPR number."))
        return data


class AnonymousCountForm(forms.Form):
    anonymous_count = forms.IntegerField(label=_("Came without being registered"), min_value=0,
                                         max_value=MAX_ANONYMOUS, help_text=_("A count only: no names."))


EARLIEST = datetime.date(2000, 1, 1)


class PeriodForm(forms.Form):
    fra = forms.DateField(label=_("From"), widget=DateInput, required=False)
    til = forms.DateField(label=_("To"), widget=DateInput, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        for name, day in (("fra", start), ("til", end)):
            if day and day < EARLIEST:
                self.add_error(name, _("Choose a period from 2000 on."))
        if start and end and end < start:
            self.add_error("til", _("The period ends after it starts."))
        if end and end > timezone.localdate():
            data["til"] = timezone.localdate()
        return data

