"""Writes: store evaluation results for worklists, and exemptions. Services elsewhere send
`citizens.signals.facts_changed` when something the rules read has changed; `refresh_after_change` receives it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.models import Case
from helhed.core.bulk import insert_rows
from helhed.rules.catalogue import format_day
from helhed.rules.engine import evaluate, next_change, rules_on, rules_version
from helhed.rules.facts import load_facts
from helhed.rules.grounds import GROUNDS, longest_end
from helhed.rules.models import EvaluationStamp, ObligationExemption, ObligationRecord
from helhed.rules.registry import REGISTRY

CHUNK = 2000
RECORD_COLUMNS = ["municipality_id", "citizen_id", "rule_id", "rule_set", "status", "due", "advice_due",
                  "evaluated_for", "evaluated_at"]
STAMP_COLUMNS = ["municipality_id", "citizen_id", "evaluated_for", "changes_on", "rules_version"]


def refresh(citizen_ids: list[int], as_of: datetime.date | None = None, *, everyone: bool = False,
            cleared: bool = False, progress=None) -> int:
    """Evaluate the citizens set-wise and replace their stored results. Returns the number of results stored.

    `everyone=True` (the full scan) clears every stored result in one statement instead of per chunk; worklists
    are incomplete for the minutes the scan takes, so run it at night. `cleared=True`: the caller has cleared them.
    Each citizen's `EvaluationStamp` records the day evaluated and the next day the results can change.
    """
    as_of = as_of or timezone.localdate()
    rules = rules_on(as_of)
    version = rules_version()
    if everyone and not cleared:
        _forget_everyone()
    now = timezone.now()
    stored = 0
    for start in range(0, len(citizen_ids), CHUNK):
        chunk = citizen_ids[start : start + CHUNK]
        # Plain rows: they are rewritten nightly, and building model instances for them cost more than the
        # evaluation (bench/README.md).
        rows, stamps = [], []
        for citizen_id, citizen_facts in load_facts(chunk).items():
            obligations = evaluate(citizen_facts, as_of, rules)
            rows += [(citizen_facts.municipality_id, citizen_id, o.rule_id, o.rule_set, str(o.status), o.due,
                      o.advice_due, as_of, now) for o in obligations]
            stamps.append((citizen_facts.municipality_id, citizen_id, as_of,
                           next_change(citizen_facts, obligations, as_of), version))
        with transaction.atomic():
            if not (everyone or cleared):
                ObligationRecord.objects.filter(citizen_id__in=chunk).delete()
                EvaluationStamp.objects.filter(citizen_id__in=chunk).delete()
            insert_rows(ObligationRecord, rows, columns=RECORD_COLUMNS)
            insert_rows(EvaluationStamp, stamps, columns=STAMP_COLUMNS)
        stored += len(rows)
        if progress is not None:
            progress(start + len(chunk), len(citizen_ids))
    return stored


def _forget_everyone() -> None:
    ObligationRecord.objects.all()._raw_delete(ObligationRecord.objects.db)
    EvaluationStamp.objects.all()._raw_delete(EvaluationStamp.objects.db)


def refresh_everyone(as_of: datetime.date | None = None, *, progress=None, processes: int = 1) -> tuple[int, int]:
    """The full scan: every citizen with an open case, whatever their stamps say (weekly, and on demand with
    `evaluate_obligations --full`). Returns (citizens, obligations stored).

    With `processes` > 1 the citizens are split into that many runs of ids, evaluated in forked processes at once
    (the evaluation is Python, so one process uses one core); each writes its own results."""
    citizen_ids = list(_open_cases().order_by("citizen_id"))
    as_of = as_of or timezone.localdate()
    processes = max(1, min(processes, len(citizen_ids)))
    if processes == 1:
        return len(citizen_ids), refresh(citizen_ids, as_of, everyone=True, progress=progress)
    _forget_everyone()
    return len(citizen_ids), _refresh_in_processes(citizen_ids, as_of, processes, progress, cleared=True)


def refresh_changed(as_of: datetime.date | None = None, *, progress=None, processes: int = 1) -> tuple[int, int]:
    """The nightly scan as it runs most nights: evaluate only the citizens with an open case whose results can have
    changed since they were last evaluated (see `citizens_to_evaluate`), and drop the results of citizens whose case
    has closed. A change to a citizen's facts is evaluated at once (`refresh_after_change`), so this and the weekly
    full scan (`refresh_everyone`) give the same results. Returns (citizens evaluated, obligations stored)."""
    as_of = as_of or timezone.localdate()
    closed = EvaluationStamp.objects.exclude(citizen_id__in=_open_cases())
    with transaction.atomic():
        ObligationRecord.objects.filter(citizen_id__in=closed.values("citizen_id")).delete()
        closed.delete()
    citizen_ids = citizens_to_evaluate(as_of)
    processes = max(1, min(processes, len(citizen_ids)))
    if processes == 1:
        return len(citizen_ids), refresh(citizen_ids, as_of, progress=progress)
    return len(citizen_ids), _refresh_in_processes(citizen_ids, as_of, processes, progress)


def citizens_to_evaluate(as_of: datetime.date) -> list[int]:
    """Citizens with an open case whose stored results may not hold on `as_of`: never evaluated, evaluated by other
    rules (a deploy changed them), for a later day, or with their next change day (`engine.next_change`) come."""
    holds = EvaluationStamp.objects.filter(
        Q(changes_on__isnull=True) | Q(changes_on__gt=as_of),
        citizen_id=OuterRef("citizen_id"), rules_version=rules_version(), evaluated_for__lte=as_of,
    )
    return list(_open_cases().exclude(Exists(holds)).order_by("citizen_id"))


def _open_cases():
    return Case.objects.filter(status=Case.Status.OPEN).values_list("citizen_id", flat=True)


def forget_evaluations(municipality) -> None:
    """Have the next nightly scan evaluate every citizen of the municipality again (its takeover day changed)."""
    EvaluationStamp.objects.filter(municipality=municipality).delete()


def _refresh_in_processes(citizen_ids: list[int], as_of: datetime.date, processes: int, progress, *,
                          cleared: bool = False) -> int:
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
            results.put((index, refresh(ids, as_of, cleared=cleared, progress=report), ""))
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
