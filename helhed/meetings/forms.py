from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DateInput
from helhed.meetings.models import ExternalParticipant

ACTION_ROWS = 4


def _area(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class ExternalForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Who they are"), choices=ExternalParticipant.Kind.choices)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    reach = forms.CharField(label=_("How to reach them"), max_length=300, required=False,
                            help_text=_("Phone, e-mail or secure mail; reached through the citizen, if they prefer."))


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput, initial=timezone.localdate)
    citizen_points = forms.CharField(label=_("The citizen's own points (one a line; they come first)"),
                                     widget=_area(), max_length=5000)
    other_points = forms.CharField(label=_("Other points (one a line)"), widget=_area(), required=False,
                                   max_length=5000)
    # Plain choices, not model choices: the few who may take part are known, and a forged number never reaches SQL.
    staff_members = forms.MultipleChoiceField(label=_("Staff who took part"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    externals = forms.MultipleChoiceField(label=_("External participants who took part"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    citizen_present = forms.BooleanField(label=_("The citizen took part"), required=False, initial=True)
    bisidder = forms.CharField(label=_("Bisidder (name)"), max_length=200, required=False)
    minutes = forms.CharField(label=_("Minutes in plain language (the citizen receives them)"), widget=_area(5),
                              max_length=5000)
    decisions = forms.CharField(label=_("Decisions"), widget=_area(), required=False, max_length=5000)

    def __init__(self, *args, allowed, externals, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_by_pk = {str(s.pk): s for s, _r in allowed}
        self.externals_by_pk = {str(e.pk): e for e in externals}
        self.fields["staff_members"].choices = [(pk, f"{s.full_name} – {s.unit.name}")
                                                for pk, s in self.staff_by_pk.items()]
        self.fields["externals"].choices = [(pk, str(e)) for pk, e in self.externals_by_pk.items()]
        owners = ([("", "–"), ("citizen", _("The citizen"))] + [(f"staff:{s.pk}", s.full_name) for s, _r in allowed]
                  + [(f"external:{e.pk}", e.name) for e in externals])
        for i in range(ACTION_ROWS):
            self.fields[f"action_{i}_text"] = forms.CharField(label=_("Action %(n)s") % {"n": i + 1}, required=False,
                                                             max_length=500)
            self.fields[f"action_{i}_owner"] = forms.ChoiceField(label=_("Owner of action %(n)s") % {"n": i + 1},
                                                                 choices=owners, required=False)
            self.fields[f"action_{i}_due"] = forms.DateField(label=_("Deadline of action %(n)s") % {"n": i + 1},
                                                             widget=DateInput, required=False)

    def action_rows(self):
        return [(self[f"action_{i}_text"], self[f"action_{i}_owner"], self[f"action_{i}_due"])
                for i in range(ACTION_ROWS)]

    def clean(self):
        data = super().clean()
        actions = []
        for i in range(ACTION_ROWS):
            text = data.get(f"action_{i}_text")
            if not text:
                continue
            if not data.get(f"action_{i}_owner") or not data.get(f"action_{i}_due"):
                self.add_error(f"action_{i}_owner", _("Give the action an owner and a deadline."))
            actions.append({"text": text, "owner": data.get(f"action_{i}_owner", ""),
                            "due": data.get(f"action_{i}_due")})
        data["actions"] = actions
        data["staff_members"] = [self.staff_by_pk[pk] for pk in data.get("staff_members", [])]
        data["externals"] = [self.externals_by_pk[pk] for pk in data.get("externals", [])]
        for i in range(ACTION_ROWS):
            for part in ("text", "owner", "due"):
                data.pop(f"action_{i}_{part}", None)
        return data


class TaskForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    owner = forms.ChoiceField(label=_("Owner"))
    due = forms.DateField(label=_("Deadline"), widget=DateInput, required=False)
    text = forms.CharField(label=_("Message"), widget=_area(4), max_length=5000)

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_by_pk = {str(s.pk): s for s, _r in allowed}
        self.fields["owner"].choices = [(pk, f"{s.full_name} – {s.unit.name}") for pk, s in self.staff_by_pk.items()]

    def clean_owner(self):
        return self.staff_by_pk[self.cleaned_data["owner"]]


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply"), widget=_area(3), max_length=5000)
