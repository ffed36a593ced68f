import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.services import check_case_date
from helhed.contact.models import Absence, Appointment, JournalNote, MeetingPlace
from helhed.contact.models.quota import MAX_REASON_LENGTH
from helhed.core.forms import DateInput
from helhed.core.models import StaffMember
from helhed.core.validation import MAX_ID, bounded_int


class JournalNoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=JournalNote.Kind.choices, initial=JournalNote.Kind.NOTE)
    occurred_on = forms.DateField(label=_("Date of the event"), widget=DateInput, initial=timezone.localdate)
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}), max_length=JournalNote.MAX_LENGTH,
        error_messages={"required": _("The note is empty. Write what happened.")},
    )


class JournalNoteCorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Corrected note"), widget=forms.Textarea(attrs={"rows": 8}), max_length=JournalNote.MAX_LENGTH,
        error_messages={"required": _("The note is empty. Write what happened.")},
        help_text=_("The original stays in the journal history; the corrected version replaces it on the overview."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG, JPEG, Word, ODT, Excel or plain text, at most 10 MB."),
        error_messages={"required": _("Choose a file.")},
    )


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


DURATIONS = [(m, f"{m} min") for m in (15, 30, 45, 60, 90, 120)]


class WhenFields(forms.Form):
    """A date and a time, combined into the service's `starts_at` (local time, Europe/Copenhagen)."""

    starts_field = "starts_at"
    date = forms.DateField(label=_("Date"), widget=DateInput)
    time = forms.TimeField(label=_("Time"), widget=TimeInput)
    duration_minutes = forms.TypedChoiceField(label=_("Duration"), choices=DURATIONS, coerce=int, initial=30)

    def clean(self):
        data = super().clean()
        day, time = data.pop("date", None), data.pop("time", None)
        if day and time:
            try:
                check_case_date(day, "date")  # also keeps years like 1 and 9999 out of the time zone arithmetic
            except ValidationError as error:
                self.add_error(None, error)
                return data
            naive = datetime.datetime.combine(day, time)
            aware = timezone.make_aware(naive)
            # Round trip through UTC: a wall-clock time in the spring-forward gap comes back an hour later.
            if timezone.localtime(aware.astimezone(datetime.timezone.utc)).replace(tzinfo=None) != naive:
                self.add_error("time", _("This time does not exist on that day: the clocks go forward. Choose "
                                         "another time."))
            else:
                data[self.starts_field] = aware
        return data


class OverlapConfirmation(forms.Form):
    """The worker's confirmation ("Book anyway") of a double booking that the service warned about.

    The confirmation holds only for the time (and people) it was given for: the warning carries a fingerprint of them
    (`slot`) in a hidden field, and a changed time or a new participant is checked again."""

    overlap_confirmed = forms.BooleanField(required=False)
    overlap_slot = forms.CharField(required=False, max_length=500)
    slot = ""

    def _slot(self, data) -> str:
        starts_at = data.get(self.starts_field)
        people = ",".join(sorted(str(member.pk) for member in data.get("other_staff") or ()))
        return f"{starts_at.isoformat() if starts_at else ''}|{data.get('duration_minutes', '')}|{people}"

    def clean(self):
        data = super().clean()
        self.slot = self._slot(data)
        if data.pop("overlap_slot", "") != self.slot:
            data["overlap_confirmed"] = False
        return data


class StaffChoiceField(forms.ModelMultipleChoiceField):
    """Staff by id, each id range-checked before it reaches the database (beyond a bigint, SQLite raises
    OverflowError): anything but a whole number from 1 to MAX_ID is an invalid choice on the form."""

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            if bounded_int(pk, default=0, low=1, high=MAX_ID) == 0:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super().clean(value)


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A row by id, checked to be a whole number in range before it reaches the database (see StaffChoiceField):
    a meeting place here, and outreach's citizens, offices, staff and partners."""

    def to_python(self, value):
        if value not in self.empty_values and bounded_int(value, default=0, low=1, high=MAX_ID) == 0:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def meeting_place_field():
    return BoundedModelChoiceField(
        label=_("At a place from the list"), queryset=MeetingPlace.objects.none(), required=False,
        empty_label=_("No – as chosen above"),
        help_text=_("Choosing a place sets \"where\" to the place (an outreach office) and its address."),
    )


class PlacesMixin:
    """The municipality's places in use, offered in `meeting_place` (the field goes when there are none)."""

    def _offer_places(self, places):
        places = list(places or ())
        if places:
            self.fields["meeting_place"].queryset = MeetingPlace.objects.filter(pk__in=[p.pk for p in places])
            self.fields["meeting_place"].label_from_instance = lambda place: place.label
        else:
            del self.fields["meeting_place"]


class AppointmentForm(PlacesMixin, OverlapConfirmation, WhenFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=Appointment.Kind.choices)
    channel = forms.ChoiceField(label=_("Where or how"), choices=Appointment.Channel.choices)
    meeting_place = meeting_place_field()
    place = forms.CharField(label=_("Place"), max_length=200, required=False,
                            help_text=_("An address, a room or a phone number."))
    other_staff = StaffChoiceField(
        label=_("Other staff taking part"), queryset=StaffMember.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bisidder = forms.CharField(label=_("Bisidder"), max_length=200, required=False,
                               help_text=_("Someone the citizen brings for support."))
    interpreter = forms.CharField(label=_("Interpreter"), max_length=200, required=False,
                                  help_text=_("Name and language, if an interpreter takes part."))
    message_to_citizen = forms.CharField(label=_("Message to the citizen"), max_length=300, required=False,
                                         help_text=_("Shown in the reminder, e.g. \"Bring your payslip\"."))

    field_order = ["kind", "date", "time", "duration_minutes", "channel", "meeting_place", "place"]

    def __init__(self, *args, colleagues=None, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_places(places)
        self.fields["other_staff"].queryset = colleagues if colleagues is not None else StaffMember.objects.none()
        self.fields["other_staff"].label_from_instance = lambda staff: f"{staff.full_name} ({staff.unit.name})"


class MoveForm(PlacesMixin, OverlapConfirmation, WhenFields):
    channel = forms.ChoiceField(label=_("Where or how"), choices=Appointment.Channel.choices)
    meeting_place = meeting_place_field()
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Why is it moved?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the appointment is moved. The citizen's reason counts too.")},
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_places(places)


class HeldForm(forms.Form):
    agreed = forms.CharField(
        label=_("What did you agree?"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One agreement per line. They become steps in the plan."),
    )
    citizen_words = forms.CharField(
        label=_("In the citizen's own words"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Written down as the citizen says it."),
    )
    citizen_took_part = forms.BooleanField(label=_("The citizen took part"), required=False, initial=True)
    bisidder_took_part = forms.BooleanField(label=_("The bisidder took part"), required=False)
    interpreter_took_part = forms.BooleanField(label=_("The interpreter took part"), required=False)
    note = forms.CharField(
        label=_("Journal note"), required=False, max_length=JournalNote.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Written from the fields above. Edit it as you like before you save."),
    )

    def __init__(self, *args, appointment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if appointment is not None and not appointment.bisidder:
            del self.fields["bisidder_took_part"]
        if appointment is not None and not appointment.interpreter:
            del self.fields["interpreter_took_part"]


class NotHeldForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why was it not held?"),
        choices=[c for c in Appointment.NotHeldReason.choices if c[0] != Appointment.NotHeldReason.MOVED],
    )
    note = forms.CharField(label=_("Explanation"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    notice = forms.ChoiceField(label=_("Did we hear from the citizen?"), required=False,
                               choices=[("", "–"), *Absence.Notice.choices],
                               help_text=_("Only if the citizen did not come."))
    context = forms.CharField(
        label=_("What we know about the situation"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only if the citizen did not come: illness, a crisis at home, transport … "
                    "An absence is documentation, not only a registration. It does not start a sanction."),
    )
    contact_attempts = forms.CharField(
        label=_("How we have tried to reach the citizen"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who tried, how, when, and what came of it, e.g. \"Anne: SMS 10:15, no answer; call 11:00, "
                    "voicemail\". It goes into the journal note."),
    )


class AfterwardsForm(WhenFields):
    starts_field = "started_at"
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Choose the kind")), *Appointment.Kind.choices],
        help_text=_("Only a job conversation counts toward the contact course (at least four job conversations in "
                    "the first six months). Choose it only if this was one."),
        error_messages={"required": _("Choose the kind of conversation: only a job conversation counts toward the "
                                      "contact course.")},
    )
    channel = forms.ChoiceField(label=_("Where or how"), choices=Appointment.Channel.choices)
    agreed = HeldForm.base_fields["agreed"]
    citizen_words = HeldForm.base_fields["citizen_words"]
    note = forms.CharField(
        label=_("Journal note"), required=False, max_length=JournalNote.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Leave it empty and Helhed writes it from the fields above."),
    )

    field_order = ["kind", "channel", "date", "time", "duration_minutes", "agreed", "citizen_words", "note"]


class QuotaDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can the citizen find a job on their own?"), widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_REASON_LENGTH,
        error_messages={"required": _("Give the reason: why does the kommune judge that the citizen can find a job "
                                      "on their own?")},
    )
