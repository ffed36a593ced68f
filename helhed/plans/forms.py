import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DateInput
from helhed.plans.content import agreement_step
from helhed.plans.models import Actor, Involvement, Plan, PlanSignature, PlanStep, Position

SECTION_LABELS = {
    Actor.CITIZEN: _("What the citizen does"),
    Actor.CASEWORKER: _("What the caseworker does"),
    Actor.MENTOR: _("What the mentor does"),
    Actor.JOB_BROKER: _("What the job broker does"),
    Actor.EMPLOYER: _("What the employer does"),
    Actor.PARTNER: _("What partners do (housing, health, social services)"),
}


def _text(label, rows=3, help_text="", required=False):
    return forms.CharField(label=label, required=required, max_length=10_000, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


# Pending agreements are listed in the editor with one checkbox each: the first AGREEMENTS_SHOWN in view, the rest
# behind "show more" (in the same form, so nothing typed is lost). At most MAX_LISTED_AGREEMENTS, the newest.
AGREEMENTS_SHOWN = 20
MAX_LISTED_AGREEMENTS = 200
BLANK_ROWS = 3


class TickedAgreements(forms.TypedMultipleChoiceField):
    """The ticked agreements, by id. A tick for an agreement that is no longer offered (someone else took it into
    the plan meanwhile: the save then meets a conflict and combines the two) is left out, not an error."""

    def clean(self, value):
        offered = {str(choice) for choice, _label in self.choices}
        return super().clean([v for v in value or [] if str(v) in offered])


class PlanForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    own_goal = _text(_("The citizen's own goal, in the citizen's own words"), rows=3,
                     help_text=_("Write it as the citizen says it. It is shown first, as theirs."))
    job_goal = _text(_("Job or education goal"), rows=2)
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=Plan.Kind.choices, initial=Plan.Kind.MIN_PLAN)
    stabilising = _text(_("Stabilising activities"), rows=2,
                        help_text=_("Health, housing, daily structure … what makes the rest possible."))
    job_search = _text(_("Job-search agreements"), rows=2)
    involvement = forms.ChoiceField(label=_("How was the citizen involved?"),
                                    choices=[("", "–"), *Involvement.choices])
    citizen_position = forms.ChoiceField(label=_("The citizen's position"), choices=[("", "–"), *Position.choices])
    citizen_reason = _text(_("If the citizen disagrees: why, in their own words"), rows=2)
    change_note = forms.CharField(label=_("What changed, and why"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("For a follow-up without changes, write what you followed up on."))

    def __init__(self, *args, agreements=(), **kwargs):
        """`agreements`: the pending agreements from conversations (`selectors.pending_agreements`), listed with a
        checkbox each; the ticked ones become steps when the plan is saved, the rest stay pending."""
        super().__init__(*args, **kwargs)
        for actor, label in SECTION_LABELS.items():
            self.fields[f"section_{actor}"] = _text(label, rows=2)
        agreements = list(agreements)
        self.agreements = agreements[-MAX_LISTED_AGREEMENTS:]
        self.unlisted_agreements = len(agreements) - len(self.agreements)
        if self.agreements:
            self.fields["agreements"] = TickedAgreements(
                label=_("Agreements to add as steps"), required=False, coerce=int,
                choices=[(a.pk, a.text) for a in self.agreements],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
            )

    def section_fields(self):
        return [self[f"section_{actor}"] for actor in SECTION_LABELS]

    def agreement_rows(self) -> tuple[list, list]:
        """(agreement, its checkbox) pairs for the template: the first `AGREEMENTS_SHOWN`, and the rest."""
        rows = list(zip(self.agreements, self["agreements"])) if self.agreements else []
        return rows[:AGREEMENTS_SHOWN], rows[AGREEMENTS_SHOWN:]

    def ticked_steps(self, steps: list[dict]) -> list[dict]:
        """The ticked agreements as new steps, leaving out any that is already among `steps` (by key or text)."""
        ticked = set(self.cleaned_data.get("agreements") or [])
        have = {s["key"] for s in steps} | {s["text"].strip().casefold() for s in steps}
        new = [agreement_step(a) for a in self.agreements if a.pk in ticked]
        return [s for s in new if s["key"] not in have and s["text"].casefold() not in have]

    def content(self, steps: list[dict]) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"], "own_goal": data["own_goal"], "job_goal": data["job_goal"],
            "stabilising": data["stabilising"], "job_search": data["job_search"],
            "sections": {actor: data[f"section_{actor}"] for actor in SECTION_LABELS},
            "steps": steps + self.ticked_steps(steps),
        }

    @staticmethod
    def initial_from(content: dict, **extra) -> dict:
        initial = {field: content.get(field, "") for field in ("kind", "own_goal", "job_goal", "stabilising",
                                                                 "job_search")}
        initial.update({f"section_{actor}": content["sections"].get(actor, "") for actor in SECTION_LABELS})
        return {**initial, **extra}


class StepForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("What"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanStep.Kind.choices, initial=PlanStep.Kind.STEP)
    owner = forms.ChoiceField(label=_("Who"), choices=Actor.choices, initial=Actor.CITIZEN)
    due = forms.DateField(label=_("By"), required=False, widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStep.Status.choices, initial=PlanStep.Status.OPEN)

    def step(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("text"):
            return None
        return {"key": data.get("key") or str(uuid.uuid4()), "kind": data["kind"], "text": data["text"],
                "owner": data["owner"], "due": data["due"].isoformat() if data.get("due") else None,
                "status": data["status"]}


# A row per step and a few empty ones; never more (the plan's limit is checked when it is saved).
StepFormSet = forms.formset_factory(StepForm, extra=0, max_num=PlanStep.MAX_PER_PLAN + BLANK_ROWS,
                                    absolute_max=PlanStep.MAX_PER_PLAN + BLANK_ROWS, validate_max=True)


def steps_initial(content: dict, *, blank_rows: int = BLANK_ROWS) -> list[dict]:
    """The steps, then empty rows (agreements from conversations are not rows: they are ticked in a list). New rows
    already have their keys: a Save clicked twice then sends the same keys, and a new step is not added twice."""
    return (
        [{**step, "due": step["due"] or None} for step in content["steps"]]
        + [{"key": str(uuid.uuid4())} for _ in range(blank_rows)]
    )


class SignForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    # The portal's method is the citizen's own signature, never recorded by staff.
    method = forms.ChoiceField(label=_("How did the citizen approve it?"),
                               choices=[(value, label) for value, label in PlanSignature.Method.choices
                                        if value in PlanSignature.STAFF_METHODS])


class SmallStepForm(forms.Form):
    text = forms.CharField(label=_("Small step"), max_length=500,
                           help_text=_("In the citizen's words, e.g. \"got up for the internship three days in a row\"."))
    happened_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)


class StoryForm(forms.Form):
    text = forms.CharField(
        label=_("My story"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Written with the citizen: what a new caseworker or mentor should know, so the citizen does not "
                    "have to tell it all again. In the citizen's words where possible."),
    )
    written_with_citizen = forms.BooleanField(label=_("Written together with the citizen"), required=False,
                                              initial=True)


class ScoringForm(forms.Form):
    scored_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    together_with_citizen = forms.BooleanField(label=_("Scored together with the citizen"), required=False,
                                               initial=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, instrument, language="da", **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(instrument.items.all())
        for item in self.items:
            self.fields[f"item_{item.code}"] = forms.TypedChoiceField(
                label=item.text("area", language), coerce=int, choices=[("", "–")] + [(i, i) for i in range(1, 11)],
                help_text=f"{item.text('question', language)} 1 = {item.text('anchor_low', language)}. "
                          f"10 = {item.text('anchor_high', language)}.",
                error_messages={"required": _("Score every area, from 1 to 10.")},
            )

    def values(self) -> dict[str, int]:
        return {item.code: self.cleaned_data[f"item_{item.code}"] for item in self.items}


class PlanPartForm(forms.Form):
    """A team member's own part of the plan, written with the citizen."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = _text(_("Your part"), rows=5, help_text=_("What you do with the citizen, and how often. The citizen and "
                                                      "the rest of the team see it in the plan."))
    involvement = PlanForm.base_fields["involvement"]
    citizen_position = PlanForm.base_fields["citizen_position"]
    citizen_reason = PlanForm.base_fields["citizen_reason"]
