import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DateInput
from helhed.core.models import OrganisationUnit
from helhed.offers.models import Attendance, Employer, InternshipWishes, MentorTime, Offer, Sector

TEXT = {"max_length": 4000}


def _area(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class TimePerWeekField(forms.CharField):
    """Time per week typed as hours: "12", "12,5" or "12:30". Cleans to minutes."""

    default_error_messages = {"invalid": _('Write the time per week as hours, e.g. "12", "12,5" or "12:30".')}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _('Hours a week, e.g. "12" or "12:30".'))
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = "6"

    def prepare_value(self, value):
        if isinstance(value, int):
            hours, minutes = divmod(value, 60)
            return f"{hours}:{minutes:02d}" if minutes else str(hours)
        return value

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        match = len(value) <= 6 and re.fullmatch(r"(\d{1,2})(?::([0-5]\d)|[.,](\d{1,2}))?", value)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        hours, minutes, fraction = match.groups()
        if fraction is not None:
            return int(hours) * 60 + round(float(f"0.{fraction}") * 60)
        return int(hours) * 60 + int(minutes or 0)


def next_monday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7 or 7)


class InternshipForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=DateInput)
    end = forms.DateField(label=_("Last day"), widget=DateInput)
    minutes_per_week = TimePerWeekField(label=_("Time per week"))
    schedule = forms.CharField(label=_("Schedule"), required=False, max_length=200,
                               help_text=_('Days and times, e.g. "Mon–Thu 9–12".'))
    tasks = forms.CharField(label=_("Tasks"), required=False, widget=_area(), **TEXT)
    accommodations = forms.CharField(label=_("Accommodations (skånehensyn)"), required=False, widget=_area(), **TEXT,
                                     help_text=_("What the place takes into account, in the citizen's words."))


class FoundPlaceForm(InternshipForm):
    """The citizen found the place: the employer and the place first, then the internship."""

    field_order = ["employer_name", "cvr", "sector", "contact_name", "contact_phone", "place_title", "place_tasks",
                   "start", "end", "minutes_per_week", "schedule", "accommodations"]
    employer_name = forms.CharField(label=_("Company name"), max_length=200)
    cvr = forms.CharField(label=_("CVR number"), max_length=20, help_text=_("8 digits."))
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("Choose the sector")), *Sector.choices],
                               required=False)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_phone = forms.CharField(label=_("Contact person's phone"), required=False, max_length=20)
    place_title = forms.CharField(label=_("The place"), max_length=200, help_text=_('E.g. "Helper in the warehouse".'))
    place_tasks = forms.CharField(label=_("Tasks"), required=False, widget=_area(), **TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["tasks"]


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=200)
    cvr = forms.CharField(label=_("CVR number"), max_length=20, help_text=_("8 digits."))
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    postcode = forms.RegexField(label=_("Postcode"), required=False, regex=r"^\d{4}$",
                                error_messages={"invalid": _("A postcode is 4 digits.")})
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_phone = forms.CharField(label=_("Contact person's phone"), required=False, max_length=20)
    contact_email = forms.EmailField(label=_("Contact person's email"), required=False)


class PlaceForm(forms.Form):
    title = forms.CharField(label=_("The place"), max_length=200)
    tasks = forms.CharField(label=_("Tasks"), widget=_area(), **TEXT)
    capacity = forms.IntegerField(label=_("Citizens at a time"), min_value=1, max_value=100, initial=1)
    accommodations = forms.CharField(label=_("Accommodations the place can offer"), required=False, widget=_area(),
                                     **TEXT)
    hours_min = forms.IntegerField(label=_("Fewest hours a week"), required=False, min_value=1, max_value=37)
    hours_max = forms.IntegerField(label=_("Most hours a week"), required=False, min_value=1, max_value=37)


CRITERION_LABELS = {"sector": _("Sector"), "tasks": _("Tasks"), "employer": _("Employer"),
                    "distance": _("Near home"), "hours": _("Hours a week")}


class WishesForm(forms.Form):
    """Each wish has a rank (1 most important); a wish without a rank does not count."""

    in_own_words = forms.CharField(label=_("What would you like to do? (the citizen's own words)"), required=False,
                                   widget=_area(), **TEXT)
    sectors = forms.MultipleChoiceField(label=_("Sectors"), choices=Sector.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    tasks = forms.CharField(label=_("Tasks"), required=False, max_length=300,
                            help_text=_('Words for the tasks, e.g. "lager truck kunder".'))
    employer = forms.ModelChoiceField(label=_("A particular employer"), required=False, queryset=Employer.objects.none())
    postcode = forms.RegexField(label=_("Near postcode"), required=False, regex=r"^\d{4}$",
                                error_messages={"invalid": _("A postcode is 4 digits.")})
    hours_per_week = forms.IntegerField(label=_("Hours a week the citizen can manage"), required=False, min_value=1,
                                        max_value=37)
    accommodation_needs = forms.CharField(label=_("Accommodation needs (skånebehov)"), required=False,
                                          widget=_area(), **TEXT)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.filter(municipality=municipality)
        for criterion in InternshipWishes.CRITERIA:
            self.fields[f"rank_{criterion}"] = forms.TypedChoiceField(
                label=_("How important: %(wish)s") % {"wish": CRITERION_LABELS[criterion]}, required=False,
                coerce=int, empty_value=None,
                choices=[("", _("Does not matter"))] + [(n, str(n)) for n in range(1, 6)])

    def clean(self):
        data = super().clean()
        ranks = {c: data.pop(f"rank_{c}", None) for c in InternshipWishes.CRITERIA}
        given = {c: r for c, r in ranks.items() if r}
        if len(set(given.values())) != len(given):
            raise forms.ValidationError(_("Give each wish its own rank (1 is the most important)."))
        data["ranking"] = sorted(given, key=given.get)
        return data


class OtherOfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of offer"),
                             choices=[c for c in Offer.Kind.choices if c[0] != Offer.Kind.INTERNSHIP])
    title = forms.CharField(label=_("Title"), required=False, max_length=200,
                            help_text=_('E.g. the course: "Truckcertifikat B".'))
    start = forms.DateField(label=_("First day"), widget=DateInput)
    end = forms.DateField(label=_("Last day"), widget=DateInput, required=False)
    minutes_per_week = TimePerWeekField(label=_("Time per week"), required=False,
                                        help_text=_("For mentor support: the time granted a week."))
    employer = forms.ModelChoiceField(label=_("Employer"), required=False, queryset=Employer.objects.none(),
                                      help_text=_("For wage subsidy."))
    purpose = forms.CharField(label=_("Purpose and grounds"), required=False, widget=_area(), **TEXT,
                              help_text=_("For a course: why it, and the job at the end. For mentor support: what "
                                          "the mentor helps with."))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.filter(municipality=municipality)


class ExtendForm(forms.Form):
    new_end = forms.DateField(label=_("New last day"), widget=DateInput)
    reason = forms.CharField(label=_("Concrete assessment"), widget=_area(), **TEXT,
                             help_text=_("Why the extension helps the citizen towards a job."))


class HoursForm(forms.Form):
    valid_from = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)
    minutes_per_week = TimePerWeekField(label=_("New time per week"))
    reason = forms.CharField(label=_("Reason"), widget=_area(), **TEXT,
                             help_text=_('E.g. "Down from 18 to 12 hours: the pain gets worse after four hours."'))


class MidwayForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("What the follow-up found"), widget=_area(4), **TEXT)


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day"), widget=DateInput, initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Offer.Outcome.choices)
    reason = forms.CharField(label=_("Why it stopped"), required=False, widget=_area(), **TEXT)
    attendance = forms.CharField(label=_("Attendance"), required=False, max_length=500)
    tasks_managed = forms.CharField(label=_("Tasks the citizen managed"), required=False, widget=_area(), **TEXT)
    accommodations_worked = forms.CharField(label=_("Accommodations that worked"), required=False, widget=_area(),
                                            **TEXT)
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=500)
    text = forms.CharField(label=_("Final report"), required=False, widget=_area(5), **TEXT)

    def clean(self):
        data = super().clean()
        data["report"] = {key: data.pop(key, "") for key in
                          ("attendance", "tasks_managed", "accommodations_worked", "next_step", "text")}
        return data


class ReferralForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=None)
    service = forms.CharField(label=_("Service"), max_length=200, help_text=_('E.g. "Mentorstøtte".'))
    order_text = forms.CharField(label=_("The order"), widget=_area(4), **TEXT,
                                 help_text=_('What the provider is to do, e.g. "accompany to the assessment at the '
                                             'clinic".'))
    granted_minutes_per_week = TimePerWeekField(label=_("Time granted per week"))
    valid_from = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)
    valid_to = forms.DateField(label=_("To"), widget=DateInput)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = OrganisationUnit.objects.filter(
            municipality=municipality, kind__in=[OrganisationUnit.Kind.PROVIDER, OrganisationUnit.Kind.SUBCONTRACTOR])


class MentorTimeForm(forms.Form):
    on = forms.DateField(label=_("Day"), widget=DateInput, initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose")), *MentorTime.Kind.choices])
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    note = forms.CharField(label=_("Note"), required=False, widget=_area(), **TEXT)
    beyond_grant = forms.BooleanField(label=_("The time was spent, beyond the time granted this week"),
                                      required=False)


class AttendanceForm(forms.Form):
    on = forms.DateField(label=_("Day"), widget=DateInput, initial=timezone.localdate)
    present = forms.TypedChoiceField(label=_("Did the citizen come?"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Reason for the absence"), required=False,
                               choices=[("", _("Choose")), *Attendance.Reason.choices])
    context = forms.CharField(label=_("What do you know about the situation?"), required=False, widget=_area(),
                              **TEXT, help_text=_("Documentation for the caseworker: an absence never starts a "
                                                  "sanction by itself."))


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("Progress report"), widget=_area(4), **TEXT)
