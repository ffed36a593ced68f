"""Reads for data protection: a citizen's full record for insight requests, and change history."""

from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from helhed.audit.models import AccessLogEntry, StatedReasonAccess
from helhed.citizens.access import reason_label
from helhed.citizens.models import BenefitPeriod, Case, Citizen, Consent, SafetyMarker, TargetGroupPeriod
from helhed.contact.models import Absence, Appointment, ConversationRecord, Document, JournalNote, OutboxMessage
from helhed.coordination.models import CaseTeamMember
from helhed.core.models import Role
from helhed.plans.models import MyStory, PlanVersion, Scoring, SmallStep
from helhed.sanctions.models import SanctionCase

# Models holding personal data about a citizen, with their change history, in the order shown to people.
CITIZEN_MODELS = [Citizen, Case, TargetGroupPeriod, BenefitPeriod, SafetyMarker, Consent, CaseTeamMember, SanctionCase,
                  MyStory]


def _rows(queryset, exclude=()):
    return [model_to_dict(obj, exclude=["municipality", *exclude]) for obj in queryset]


def role_label(code: str) -> str:
    return Role(code).label if code in Role.values else code


def _conversations(citizen: Citizen):
    return (ConversationRecord.objects.filter(appointment__citizen=citizen).select_related("appointment")
            .prefetch_related("agreed").order_by("appointment__starts_at"))


def citizen_export(citizen: Citizen) -> dict:
    """Everything Helhed holds about the citizen, for an insight request (GDPR art. 15)."""
    return {
        "citizen": model_to_dict(citizen, exclude=["municipality", "search_name"]),
        "cases": _rows(Case.objects.filter(citizen=citizen)),
        "target_group_periods": _rows(TargetGroupPeriod.objects.filter(citizen=citizen).order_by("valid_from")),
        "benefit_periods": _rows(BenefitPeriod.objects.filter(citizen=citizen).order_by("valid_from")),
        "safety_markers": _rows(SafetyMarker.objects.filter(citizen=citizen)),
        "consents": _rows(Consent.objects.filter(citizen=citizen)),
        "team": _rows(CaseTeamMember.objects.filter(citizen=citizen)),
        "sanction_cases": _rows(SanctionCase.objects.filter(citizen=citizen)),
        "journal_notes": _rows(JournalNote.objects.filter(citizen=citizen).order_by("occurred_on", "created_at")),
        "documents": _rows(Document.objects.filter(citizen=citizen), exclude=["file"]),
        "appointments": _rows(Appointment.objects.filter(citizen=citizen).order_by("starts_at"), exclude=["other_staff"]),
        "conversations": [
            {**model_to_dict(record), "agreed": [item.text for item in record.agreed.all()]}
            for record in _conversations(citizen)
        ],
        "absences": _rows(Absence.objects.filter(citizen=citizen)),
        "messages": _rows(OutboxMessage.objects.filter(citizen=citizen)),
        "plan_versions": [
            {"number": v.number, "changed_at": v.changed_at, "content": v.content, "involvement": v.involvement,
             "citizen_position": v.citizen_position, "citizen_reason": v.citizen_reason, "change_note": v.change_note,
             "signed_at": v.signature.signed_at if hasattr(v, "signature") else None}
            for v in PlanVersion.objects.filter(plan__citizen=citizen).select_related("signature").order_by("number")
        ],
        "scorings": [
            {"scored_on": s.scored_on, "instrument": str(s.instrument), "together_with_citizen": s.together_with_citizen,
             "scores": {score.item.code: score.value for score in s.scores.all()}, "note": s.note}
            for s in Scoring.objects.filter(citizen=citizen).select_related("instrument")
            .prefetch_related("scores__item")
        ],
        "small_steps": _rows(SmallStep.objects.filter(citizen=citizen)),
        "story": _rows(MyStory.objects.filter(citizen=citizen)),
        "read_log": [
            {"at": e.at, "user": e.user.get_full_name() or e.user.username, "role": e.role, "reason": e.reason,
             "page": e.page}
            for e in AccessLogEntry.objects.filter(citizen=citizen).select_related("user").order_by("at")
        ],
        "stated_reason_accesses": _rows(StatedReasonAccess.objects.filter(citizen=citizen)),
    }


READABLE_SKIP = {"id", "municipality", "citizen", "search_name", "file", "supersedes", "extension"}
HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def _display(obj, field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if field.is_relation:
        return str(value) if value is not None else ""
    return value


def readable_export(citizen: Citizen) -> list[dict]:
    """The same content as `citizen_export`, with the field names and values a person reads (for HTML and PDF)."""
    sections = []
    for model in [*CITIZEN_MODELS, JournalNote, Document, Appointment, Absence, OutboxMessage, SmallStep,
                  StatedReasonAccess]:
        fields = [f for f in model._meta.concrete_fields if f.name not in READABLE_SKIP]
        related = [f.name for f in fields if f.is_relation]
        if model is Citizen:
            objects = [citizen]
        else:
            objects = model.objects.filter(citizen=citizen).select_related(*related)
        sections.append({
            "title": model._meta.verbose_name_plural,
            "columns": [f.verbose_name for f in fields],
            "rows": [[_display(obj, f) for f in fields] for obj in objects],
        })
    versions = list(PlanVersion.objects.filter(plan__citizen=citizen).select_related("changed_by__user", "signature")
                    .order_by("number"))
    sections.append({
        "title": _("The plan, version by version"),
        "columns": [_("Version"), _("Saved"), _("By"), _("The citizen's own goal"), _("Job or education goal"),
                    _("Steps"), _("How the citizen was involved"), _("The citizen's position"), _("Approved")],
        "rows": [[v.number, v.changed_at, v.changed_by.full_name, v.content.get("own_goal", ""),
                  v.content.get("job_goal", ""), "; ".join(step["text"] for step in v.content.get("steps", [])),
                  v.get_involvement_display(),
                  v.get_citizen_position_display() + (f": {v.citizen_reason}" if v.citizen_reason else ""),
                  v.signature.signed_at if hasattr(v, "signature") else ""] for v in versions],
    })
    scorings = Scoring.objects.filter(citizen=citizen).select_related("instrument", "scored_by__user") \
        .prefetch_related("scores__item")
    sections.append({
        "title": _("Progression"),
        "columns": [_("Date"), _("By"), _("Scores")],
        "rows": [[s.scored_on, s.scored_by.full_name,
                  ", ".join(f"{score.item.area} {score.value}" for score in s.scores.all())] for s in scorings],
    })
    sections.append({
        "title": _("Conversations: what was agreed, in the citizen's own words"),
        "columns": [_("Date"), _("Agreed"), _("In the citizen's own words")],
        "rows": [[record.appointment.starts_at, "; ".join(item.text for item in record.agreed.all()),
                  record.citizen_words] for record in _conversations(citizen)],
    })
    log_fields = ["at", "user", "role", "reason", "page"]
    sections.append({
        "title": AccessLogEntry._meta.verbose_name_plural,
        "columns": [AccessLogEntry._meta.get_field(name).verbose_name for name in log_fields],
        "rows": [
            [e.at, e.user.get_full_name() or e.user.username, role_label(e.role), reason_label(e.reason), e.page]
            for e in AccessLogEntry.objects.filter(citizen=citizen).select_related("user").order_by("at")
        ],
    })
    return sections


def citizen_history(citizen: Citizen, limit: int = 200) -> list[dict]:
    """Change history of every model holding the citizen's personal data, newest first, with before/after per field."""
    changes = []
    for model in CITIZEN_MODELS:
        if model is Citizen:
            records = model.history.filter(id=citizen.pk)
        else:
            records = model.history.filter(citizen_id=citizen.pk)
        records = list(records.select_related("history_user").order_by("-history_date")[:limit])
        by_object = {}
        for record in sorted(records, key=lambda r: r.history_date):
            previous = by_object.get(record.id)
            fields = []
            if previous is not None:
                delta = record.diff_against(previous)
                fields = [
                    {"field": model._meta.get_field(c.field).verbose_name, "old": c.old, "new": c.new}
                    for c in delta.changes
                ]
            changes.append({
                "model": model._meta.verbose_name, "object_id": record.id, "at": record.history_date,
                "type": HISTORY_TYPES.get(record.history_type, record.history_type), "fields": fields,
                "user": (record.history_user.get_full_name() or record.history_user.username)
                if record.history_user else "",
            })
            by_object[record.id] = record
    changes.sort(key=lambda c: c["at"], reverse=True)
    return changes[:limit]
