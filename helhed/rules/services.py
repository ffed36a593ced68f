"""Writes: store evaluation results for worklists, and exemptions. Services elsewhere send
`citizens.signals.facts_changed` when something the rules read has changed; `refresh_after_change` receives it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.models import Case
from helhed.core.bulk import insert_rows
from helhed.rules.catalogue import format_day
from helhed.rules.engine import evaluate, rules_on
from helhed.rules.facts import load_facts
from helhed.rules.grounds import GROUNDS, longest_end
from helhed.rules.models import ObligationExemption, ObligationRecord
from helhed.rules.registry import REGISTRY

CHUNK = 2000
RECORD_COLUMNS = ["municipality_id", "citizen_id", "rule_id", "rule_set", "status", "due", "advice_due",
                  "evaluated_for", "evaluated_at"]


def refresh(citizen_ids: list[int], as_of: datetime.date | None = None, *, everyone: bool = False,
            cleared: bool = False, progress=None) -> int:
    """Evaluate the citizens set-wise and replace their stored results. Returns the number of results stored.

    `everyone=True` (the nightly scan) clears every stored result in one statement instead of per chunk; worklists
    are incomplete for the minute the scan takes, so run it at night. `cleared=True`: the caller has cleared them.
    """
    as_of = as_of or timezone.localdate()
    rules = rules_on(as_of)
    if everyone and not cleared:
        ObligationRecord.objects.all()._raw_delete(ObligationRecord.objects.db)
    now = timezone.now()
    stored = 0
    for start in range(0, len(citizen_ids), CHUNK):
        chunk = citizen_ids[start : start + CHUNK]
        rows = [
            (citizen_facts.municipality_id, citizen_id, o.rule_id, o.rule_set, str(o.status), o.due, o.advice_due,
             as_of, now)
            for citizen_id, citizen_facts in load_facts(chunk).items()
            for o in evaluate(citizen_facts, as_of, rules)
        ]
        # Plain rows: they are rewritten nightly for every citizen, and building model instances for them cost
        # more than the evaluation (bench/README.md).
        with transaction.atomic():
            if not (everyone or cleared):
                ObligationRecord.objects.filter(citizen_id__in=chunk).delete()
            insert_rows(ObligationRecord, rows, columns=RECORD_COLUMNS)
        stored += len(rows)
        if progress is not None:
            progress(start + len(chunk), len(citizen_ids))
    return stored


def refresh_everyone(as_of: datetime.date | None = None, *, progress=None, processes: int = 1) -> tuple[int, int]:
    """The nightly scan: every citizen with an open case. Returns (citizens, obligations stored).

    With `processes` > 1 the citizens are split into that many runs of ids, evaluated in forked processes at once
    (the evaluation is Python, so one process uses one core); each writes its own results."""
    citizen_ids = list(
        Case.objects.filter(status=Case.Status.OPEN).order_by("citizen_id").values_list("citizen_id", flat=True)
    )
    as_of = as_of or timezone.localdate()
    processes = max(1, min(processes, len(citizen_ids)))
    if processes == 1:
        return len(citizen_ids), refresh(citizen_ids, as_of, everyone=True, progress=progress)
    ObligationRecord.objects.all()._raw_delete(ObligationRecord.objects.db)
    return len(citizen_ids), _refresh_in_processes(citizen_ids, as_of, processes, progress)


def _refresh_in_processes(citizen_ids: list[int], as_of: datetime.date, processes: int, progress) -> int:
    import multiprocessing

    from django.db import connections

    size = -(-len(citizen_ids) // processes)
    slices = [citizen_ids[i : i + size] for i in range(0, len(citizen_ids), size)]
    context = multiprocessing.get_context("fork")
    done = context.Array("q", len(slices))  # citizens evaluated per process, for the progress line
    results = context.Queue()
    connections.close_all()  # each process opens its own connection; none may share the parent's

    def run(index: int, ids: list[int]) -> None:
        def report(evaluated, _total):
            done[index] = evaluated
        try:
            results.put((index, refresh(ids, as_of, cleared=True, progress=report), ""))
        except BaseException as error:  # noqa: BLE001  (reported to the parent, which raises)
            results.put((index, 0, repr(error)))
        finally:
            connections.close_all()

    workers = [context.Process(target=run, args=(i, ids), daemon=True) for i, ids in enumerate(slices)]
    for worker in workers:
        worker.start()
    stored, failures, answered = 0, [], 0
    while answered < len(workers):
        try:
            _index, count, error = results.get(timeout=1)
        except Exception:  # queue.Empty: report progress and check that no process died without answering
            if progress is not None:
                progress(sum(done), len(citizen_ids))
            if any(not w.is_alive() and w.exitcode not in (0, None) for w in workers):
                failures.append("a scan process died")
                break
            continue
        answered += 1
        stored += count
        if error:
            failures.append(error)
    for worker in workers:
        worker.join()
    if failures:
        raise RuntimeError(f"The scan failed in {len(failures)} of {len(workers)} processes: {failures[0]}")
    if progress is not None:
        progress(len(citizen_ids), len(citizen_ids))
    return stored


def refresh_after_change(citizen, **signal_kwargs) -> None:
    """Re-evaluate one citizen once the surrounding transaction has committed (receives `facts_changed`)."""
    transaction.on_commit(lambda: refresh([citizen.pk]))


NEVER_EXEMPT = {"coordinating_caseworker": _("The right to a coordinating caseworker (§ 36)"),
                "plan": _("The plan")}


def exempt(*, staff, citizen, ground: str, covers: list[str], reason: str, valid_from: datetime.date,
           valid_to: datetime.date | None) -> ObligationExemption:
    """A § 106 exemption: a ground from the closed list, the obligations it covers, and an end within the ground's
    longest duration. It can never cover § 36 or the plan."""
    reason = (reason or "").strip()
    errors = {}
    chosen = GROUNDS.get(ground)
    if chosen is None or not chosen.selectable:
        errors["ground"] = _("Choose a ground from the list in § 106.")
    if not reason:
        errors["reason"] = _("Give the reason for the exemption, e.g. what documents it.")
    exemptable = REGISTRY.exemptable_rules()
    never = [str(NEVER_EXEMPT[rule_id]) for rule_id in covers if rule_id in NEVER_EXEMPT]
    if never:
        errors["covers"] = _("%(rules)s can never be exempted under § 106.") % {"rules": ", ".join(never)}
    elif not covers:
        errors["covers"] = _("Name the obligations the exemption covers.")
    elif any(rule_id not in exemptable for rule_id in covers):
        errors["covers"] = _("Unknown rule.")
    if valid_to is None:
        errors["valid_to"] = _("An exemption must have an end date.")
    elif valid_to < valid_from:
        errors["valid_to"] = _("The exemption cannot end before it starts.")
    elif chosen is not None and chosen.selectable and valid_to > longest_end(chosen, valid_from):
        errors["valid_to"] = _("On this ground an exemption lasts at most %(days)s days (%(paragraph)s): until "
                               "%(end)s at the latest.") % {"days": chosen.max_days, "paragraph": chosen.paragraph,
                                                            "end": format_day(longest_end(chosen, valid_from))}
    if chosen is not None and chosen.not_for_groups:
        group = citizen.target_periods.filter(valid_from__lte=valid_from).order_by("-valid_from").values_list(
            "group", flat=True).first()
        if group in chosen.not_for_groups:
            errors["ground"] = _("This ground does not apply to target groups 4 and 5 (%(paragraph)s).") % {
                "paragraph": chosen.paragraph}
    if errors:
        raise ValidationError(errors)
    exemption = ObligationExemption.objects.create(
        municipality=citizen.municipality, citizen=citizen, ground=ground, covers=sorted(set(covers)), reason=reason,
        valid_from=valid_from, valid_to=valid_to, decided_by=staff,
    )
    refresh_after_change(citizen)
    return exemption
