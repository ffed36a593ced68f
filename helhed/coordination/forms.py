from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.coordination.models import CaseTeamMember
from helhed.core.forms import DateInput
from helhed.core.models import StaffMember


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, staff):
        return f"{staff.full_name} – {staff.unit.name}"


class TeamMemberForm(forms.Form):
    member = StaffChoiceField(label=_("Person"), queryset=StaffMember.objects.none())
    role = forms.ChoiceField(label=_("Role in this case"), choices=CaseTeamMember.TeamRole.choices)
    assignment = forms.CharField(
        label=_("Assignment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('What this person does for the citizen, e.g. "accompany to the assessment at the clinic".'),
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            StaffMember.objects.filter(municipality=municipality, user__is_active=True).select_related("user", "unit")
            .order_by("user__first_name", "user__last_name")
        )
