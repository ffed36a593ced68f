"""A plan's content as plain data: what a version stores, what the form edits, and what diff and merge compare.

    {"kind", "own_goal", "job_goal", "stabilising", "job_search",
     "sections": {actor: text}, "steps": [{"key", "kind", "text", "owner", "due", "status"}]}

Steps are matched by `key` across versions, so a changed step is a change, not a removal and an addition.
"""

import difflib
import uuid
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from helhed.plans.models import Actor, Plan, PlanStep

TEXT_FIELDS = {
    "own_goal": _("The citizen's own goal"),
    "job_goal": _("Job or education goal"),
    "stabilising": _("Stabilising activities"),
    "job_search": _("Job-search agreements"),
}
STEP_FIELDS = ("kind", "text", "owner", "due", "status")


def empty() -> dict:
    return {"kind": Plan.Kind.MIN_PLAN, **{f: "" for f in TEXT_FIELDS}, "sections": {}, "steps": []}


def of_plan(plan: Plan | None) -> dict:
    if plan is None or plan.version == 0:
        return empty()
    return {
        "kind": plan.kind, **{f: getattr(plan, f) for f in TEXT_FIELDS},
        "sections": {actor: text for actor, text in plan.sections.items() if text},
        "steps": [
            {"key": str(s.key), "kind": s.kind, "text": s.text, "owner": s.owner,
             "due": s.due.isoformat() if s.due else None, "status": s.status}
            for s in plan.steps.all()
        ],
    }


def _key(value) -> str:
    """A step's key as sent back by the form; a missing or tampered key makes a new step, never an error."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(uuid.uuid4())


AGREEMENT_KEYS = uuid.UUID("5b0e8f36-2a44-4f7e-9c1d-6d3f0a9e71b2")


def agreement_key(agreement_pk) -> str:
    """The key of the step made from an agreement (contact's AgreedItem): the same for every edit, so the agreement
    is known to be taken into the plan (it is in a version), and a Save clicked twice adds it once."""
    return str(uuid.uuid5(AGREEMENT_KEYS, f"agreed-item:{agreement_pk}"))


def agreement_step(agreement) -> dict:
    """An agreement from a conversation as a new step: the citizen's, open, without a date."""
    return {"key": agreement_key(agreement.pk), "kind": PlanStep.Kind.STEP, "text": agreement.text.strip(),
            "owner": Actor.CITIZEN, "due": None, "status": PlanStep.Status.OPEN}


def normalise(content: dict) -> dict:
    """Trimmed text, sections without empty entries, steps without empty rows: what is compared and stored."""
    result = {"kind": content.get("kind") or Plan.Kind.MIN_PLAN}
    for field in TEXT_FIELDS:
        result[field] = (content.get(field) or "").strip().replace("\r\n", "\n")
    result["sections"] = {
        actor: text.strip().replace("\r\n", "\n")
        for actor, text in (content.get("sections") or {}).items() if actor in Actor.values and (text or "").strip()
    }
    steps = [
        {"key": _key(step.get("key")), "kind": step.get("kind") or PlanStep.Kind.STEP, "text": step["text"].strip(),
         "owner": step.get("owner") or Actor.CITIZEN, "due": step.get("due") or None,
         "status": step.get("status") or PlanStep.Status.OPEN}
        for step in content.get("steps") or [] if (step.get("text") or "").strip()
    ]
    seen = set()
    for step in steps:  # two rows with one key (a tampered form) are two steps
        if step["key"] in seen:
            step["key"] = str(uuid.uuid4())
        seen.add(step["key"])
    result["steps"] = steps
    return result


# --- Merge: two people edited the same version ---------------------------------------------------------------

def _pick(base, theirs, mine):
    """Three-way choice for one value: (value, conflict)."""
    if mine == theirs or mine == base:
        return theirs, False
    if theirs == base:
        return mine, False
    return mine, True


def merge(base: dict, theirs: dict, mine: dict) -> tuple[dict, list[str]]:
    """Combine my edit of `base` with theirs (saved meanwhile). Where only one side changed a value, that change
    is taken; where both changed the same value differently, mine is kept and the field is reported, so the person
    can look at theirs and decide. Steps are merged by key; new steps from both sides are kept."""
    merged, conflicts = {}, []
    for field in ("kind", *TEXT_FIELDS):
        merged[field], conflict = _pick(base[field], theirs[field], mine[field])
        if conflict:
            conflicts.append(field)
    merged["sections"] = {}
    for actor in dict.fromkeys([*base["sections"], *theirs["sections"], *mine["sections"]]):
        value, conflict = _pick(base["sections"].get(actor, ""), theirs["sections"].get(actor, ""),
                                mine["sections"].get(actor, ""))
        if value:
            merged["sections"][actor] = value
        if conflict:
            conflicts.append(f"section:{actor}")
    base_steps = {s["key"]: s for s in base["steps"]}
    their_steps = {s["key"]: s for s in theirs["steps"]}
    my_steps = {s["key"]: s for s in mine["steps"]}
    steps = []
    for key in dict.fromkeys([*their_steps, *my_steps]):
        b, t, m = base_steps.get(key), their_steps.get(key), my_steps.get(key)
        if b is None:  # new on one side (or, with the same key, on both)
            steps.append(m or t)
            continue
        if t is None or m is None:  # removed by one side: removed, unless the other side changed it
            kept = m if t is None else t
            if kept != b:
                steps.append(kept)
                conflicts.append(f"step:{key}")
            continue
        step = {"key": key}
        for field in STEP_FIELDS:
            step[field], conflict = _pick(b[field], t[field], m[field])
            if conflict and f"step:{key}" not in conflicts:
                conflicts.append(f"step:{key}")
        steps.append(step)
    merged["steps"] = steps
    return merged, conflicts


# --- Diff: what changed between two versions -------------------------------------------------------------------

@dataclass
class Change:
    label: str
    kind: str  # "changed", "added", "removed"
    old: str = ""
    new: str = ""

    @property
    def inline(self):
        """The change word by word, with <del> and <ins> (escaped text)."""
        old_words, new_words = self.old.split(" "), self.new.split(" ")
        parts = []
        removed, added = escape(_("removed:")), escape(_("added:"))
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old_words, b=new_words).get_opcodes():
            old_text, new_text = " ".join(old_words[a1:a2]).strip(), " ".join(new_words[b1:b2]).strip()
            if op in ("replace", "delete") and old_text:
                parts.append(f'<del><span class="sr-only">{removed} </span>{escape(old_text)}</del>')
            if op in ("replace", "insert") and new_text:
                parts.append(f'<ins><span class="sr-only">{added} </span>{escape(new_text)}</ins>')
            if op == "equal":
                parts.append(escape(old_text))
        return mark_safe(" ".join(parts))


def _step_text(step) -> str:
    labels = {"owner": dict(Actor.choices), "status": dict(PlanStep.Status.choices)}
    due = f" · {step['due']}" if step.get("due") else ""
    return f"{step['text']} ({labels['owner'].get(step['owner'], step['owner'])}{due}, " \
           f"{labels['status'].get(step['status'], step['status'])})"


def diff(old: dict, new: dict) -> list[Change]:
    changes = []
    if old["kind"] != new["kind"]:
        kinds = dict(Plan.Kind.choices)
        changes.append(Change(str(_("Kind of plan")), "changed", str(kinds[old["kind"]]), str(kinds[new["kind"]])))
    for field, label in TEXT_FIELDS.items():
        if old[field] != new[field]:
            kind = "added" if not old[field] else "removed" if not new[field] else "changed"
            changes.append(Change(str(label), kind, old[field], new[field]))
    actors = dict(Actor.choices)
    for actor in dict.fromkeys([*old["sections"], *new["sections"]]):
        before, after = old["sections"].get(actor, ""), new["sections"].get(actor, "")
        if before != after:
            kind = "added" if not before else "removed" if not after else "changed"
            label = str(_("%(actor)s's part") % {"actor": actors.get(actor, actor)})
            changes.append(Change(label, kind, before, after))
    old_steps = {s["key"]: s for s in old["steps"]}
    new_steps = {s["key"]: s for s in new["steps"]}
    for key in dict.fromkeys([*old_steps, *new_steps]):
        before, after = old_steps.get(key), new_steps.get(key)
        if before == after:
            continue
        kind = "added" if before is None else "removed" if after is None else "changed"
        changes.append(Change(str(_("Step")), kind, _step_text(before) if before else "",
                              _step_text(after) if after else ""))
    return changes
