"""Checking applications against their call's eligibility rules; staff overrides; call-wide re-checks.

A check is idempotent: the verdict's ``fingerprint`` covers everything the engine
reads (the applicant's facts, the call's facts, the rules, the engine version), so
running it again on unchanged input writes nothing; the application's status is
still put right. The status follows the effective outcome: the latest staff override
when there is one, else the computed outcome.

Call-wide re-checks run in chunks. Each chunk checks its applications and marks
itself done on the run in one transaction, under a row lock on the run, so a chunk
redelivered after a crash (acks_late) is counted once and loses nothing. While a chunk
is checked its worker stamps the run's heartbeat; a run left silent longer than
``PORTAL_RUN_LEASE_SECONDS`` (its workers were killed) is marked failed, by the beat
sweeper or by the next re-check request, and staff can start another.

Tasks are sent through the transactional outbox (:mod:`innocore.services.outbox`), so
a broker outage at commit time delays them instead of losing them.
"""
from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.eligibility import REGISTRY, RuleResult, compile_rules, default_rule_configs, evaluate
from applications.models import (
    Application, ApplicationStatus, EligibilityOverride, EligibilityRule, EligibilityRun, EligibilityRunStatus,
    EligibilityVerdict, VerdictOutcome,
)
from applications.models.eligibility import ACTIVE_ELIGIBILITY_RUN_STATUSES
from applications.selectors.eligibility import CHECKABLE_STATUSES, application_rows, call_inputs, eligibility_inputs
from applications.services.status import application_status_change, applications_status_change
from innocore.models import AuditAction, Call, User
from innocore.services.audit import AuditTarget, audit_record, audit_record_many
from innocore.services.heartbeat import heartbeat
from innocore.services.outbox import outbox_enqueue, outbox_enqueue_unless_recent
from innocore.permissions import require_perm

logger = logging.getLogger(__name__)

ENGINE_VERSION = "1"  # raise when the engine's output changes, so unchanged input is checked again
CHUNK_SIZE = 250
# A queued re-check no worker has started after this long no longer blocks a new one.
RUN_STALE_AFTER = timedelta(minutes=30)
OUTCOME_STATUS = {
    VerdictOutcome.ELIGIBLE: ApplicationStatus.AWAITING_REVIEW,
    VerdictOutcome.INELIGIBLE: ApplicationStatus.INELIGIBLE,
    VerdictOutcome.NEEDS_MANUAL_REVIEW: ApplicationStatus.ELIGIBILITY_REVIEW,
}


@dataclass
class CheckSummary:
    skipped: int = 0
    verdicts: dict[int, EligibilityVerdict] = field(default_factory=dict)


def _line(result: RuleResult) -> dict:
    return {
        "code": result.code, "outcome": str(result.outcome), "reason": result.reason,
        "message_en": result.message_en, "message_ko": result.message_ko,
        "concerns_applicant": result.concerns_applicant, "notes": list(result.notes),
    }


def eligibility_check_many(*, application_ids: Sequence[int], task_id: str = "") -> CheckSummary:
    """Check the given applications and record one verdict each; applications not awaiting a check are skipped.

    Queries are constant in the number of applications: one locking read, the facts
    builder's bulk reads, one read of existing verdicts and one of their overrides, one bulk insert, one bulk
    update and at most three status updates.
    """
    now = timezone.now()
    summary = CheckSummary()
    with transaction.atomic():
        rows = application_rows(application_ids=application_ids, lock=True)
        checkable = [row for row in rows if row["status"] in CHECKABLE_STATUSES]
        summary.skipped = len(application_ids) - len(checkable)
        if not checkable:
            return summary
        facts = eligibility_inputs(rows=checkable)
        calls = {call.pk: call for call in Call.objects.filter(pk__in={row["call_id"] for row in checkable})}
        inputs = {call_id: call_inputs(call=call) for call_id, call in calls.items()}
        compiled = {call_id: compile_rules(rules=i.rules) for call_id, i in inputs.items()}
        call_digests = {call_id: repr((ENGINE_VERSION, i.facts, i.rules)) for call_id, i in inputs.items()}
        checked_ids = [row["id"] for row in checkable]
        existing = {v.application_id: v for v in
                    EligibilityVerdict.objects.filter(application_id__in=checked_ids).prefetch_related("overrides")}
        created: list[EligibilityVerdict] = []
        updated: list[EligibilityVerdict] = []
        moves: dict[str, list[int]] = defaultdict(list)
        for row in checkable:
            applicant = facts[row["id"]]
            fingerprint = hashlib.sha256(f"{call_digests[row['call_id']]}|{applicant!r}".encode()).hexdigest()
            verdict = existing.get(row["id"])
            if verdict is None or verdict.fingerprint != fingerprint:
                call_id = row["call_id"]
                result = evaluate(applicant=applicant, call=inputs[call_id].facts, rules=compiled[call_id])
                values = {"outcome": str(result.outcome), "lines": [_line(line) for line in result.lines],
                          "fingerprint": fingerprint, "checked_at": now, "task_id": task_id[:64]}
                if verdict is None:
                    verdict = EligibilityVerdict(application_id=row["id"], **values)
                    created.append(verdict)
                else:
                    for name, value in values.items():
                        setattr(verdict, name, value)
                    updated.append(verdict)
            summary.verdicts[row["id"]] = verdict
            target = OUTCOME_STATUS[VerdictOutcome(verdict.effective_outcome)]
            if row["status"] != target:
                moves[target].append(row["id"])
        EligibilityVerdict.objects.bulk_create(created)
        EligibilityVerdict.objects.bulk_update(updated, ["outcome", "lines", "fingerprint", "checked_at", "task_id"])
        for status, ids in moves.items():
            applications_status_change(application_ids=ids, to=status, by=None, now=now,
                                       reason=_("eligibility check"), only_from=CHECKABLE_STATUSES)
    return summary


def application_eligibility_check(*, application_id: int, task_id: str = "") -> EligibilityVerdict | None:
    """Check one application; None when it is not awaiting a check (draft, withdrawn, under review, gone)."""
    return eligibility_check_many(application_ids=[application_id], task_id=task_id).verdicts.get(application_id)


def application_eligibility_queue(*, application: Application) -> None:
    """Queue a check of ``application`` once the current transaction commits (through the outbox)."""
    from applications.tasks import eligibility_check  # tasks import this module

    outbox_enqueue(task=eligibility_check.name, kwargs={"application_id": application.pk})


def applications_eligibility_queue(*, application_ids: Sequence[int]) -> int:
    """Queue checks of many applications in chunks (each checked in a constant number of queries) on commit."""
    from applications.tasks import eligibility_check_batch  # tasks import this module

    ids = sorted(set(application_ids))
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK_SIZE):
            outbox_enqueue(task=eligibility_check_batch.name, kwargs={"application_ids": ids[start:start + CHUNK_SIZE]})
    return len(ids)


@transaction.atomic
def applications_eligibility_recheck(*, application_ids: Sequence[int], by: User) -> int:
    """Staff re-check chosen applications (the admin's action): allowed to ministry staff, and recorded."""
    require_perm(by, "applications.recheck_eligibility", message=_("Only ministry staff can re-check applications."))
    rows = list(Application.objects.filter(pk__in=set(application_ids)).values_list("pk", "reference", "call__code"))
    audit_record_many(by=by, action=AuditAction.ELIGIBILITY_RECHECK, targets=(
        AuditTarget(model=Application, pk=pk, label=reference, call_code=call_code) for pk, reference, call_code in rows
    ))
    return applications_eligibility_queue(application_ids=[pk for pk, _reference, _code in rows])


@transaction.atomic
def eligibility_override(*, verdict: EligibilityVerdict, outcome: str, reason: str, by: User) -> EligibilityVerdict:
    """Set the outcome by hand with a written reason; logged, and it governs the application's status."""
    require_perm(by, "applications.override_eligibility", message=_("Only ministry staff can override a verdict."))
    reason = (reason or "").strip()
    errors = {}
    if outcome not in VerdictOutcome.values:
        errors["outcome"] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(VerdictOutcome.values)}
    if not reason:
        errors["reason"] = _("Write the reason for the override; it is logged.")
    if errors:
        raise ValidationError(errors)
    application = Application.objects.select_for_update(of=("self",)).select_related("call").get(
        pk=verdict.application_id
    )
    locked = EligibilityVerdict.objects.select_for_update().get(pk=verdict.pk)
    previous = locked.effective_outcome
    now = timezone.now()
    EligibilityOverride.objects.create(verdict=locked, by=by, from_outcome=previous, to_outcome=outcome, reason=reason)
    audit_record(by=by, action=AuditAction.ELIGIBILITY_OVERRIDE, target=locked, label=application.reference,
                 call_code=application.call.code, reason=reason, data={"from": previous, "to": outcome})
    target = OUTCOME_STATUS[VerdictOutcome(outcome)]
    if application.status in CHECKABLE_STATUSES and application.status != target:
        application_status_change(application=application, to=target, by=by, now=now, reason=reason)
    return locked


@transaction.atomic
def call_eligibility_recheck(*, call: Call, by: User) -> EligibilityRun:
    """Re-check every application of the call awaiting a check, in chunks queued once this commits."""
    require_perm(by, "applications.recheck_eligibility", message=_("Only ministry staff can re-check a call."))
    Call.objects.select_for_update().get(pk=call.pk)  # two clicks at once make one run
    eligibility_runs_fail_stale(call=call)
    latest = EligibilityRun.objects.filter(call=call).order_by("-created_at", "-id").first()
    now = timezone.now()
    if latest and latest.status in ACTIVE_ELIGIBILITY_RUN_STATUSES and latest.created_at > now - RUN_STALE_AFTER:
        raise ValidationError(_("A re-check of this call is already in progress (%(done)d of %(total)d done).")
                              % {"done": latest.done + latest.failed, "total": latest.total})
    ids = list(
        Application.objects.filter(call=call, status__in=CHECKABLE_STATUSES).order_by("pk").values_list("pk", flat=True)
    )
    chunks = [ids[start:start + CHUNK_SIZE] for start in range(0, len(ids), CHUNK_SIZE)]
    run = EligibilityRun.objects.create(
        call=call, requested_by=by, total=len(ids), chunks=len(chunks),
        status=EligibilityRunStatus.QUEUED if ids else EligibilityRunStatus.FINISHED, finished_at=None if ids else now,
    )
    audit_record(by=by, action=AuditAction.ELIGIBILITY_RECHECK, target=call, label=call.code, call_code=call.code,
                 data={"applications": len(ids), "run": run.pk})
    from applications.tasks import eligibility_check_chunk  # tasks import this module

    for index, chunk in enumerate(chunks):
        outbox_enqueue(task=eligibility_check_chunk.name,
                       kwargs={"run_id": run.pk, "chunk_index": index, "application_ids": chunk})
    return run


def eligibility_runs_fail_stale(*, call: Call | None = None) -> int:
    """Mark failed the running re-checks whose workers have been silent longer than the lease.

    Their chunks were in the hands of a worker that died (a whole worker killed keeps
    its messages unacknowledged until Redis's visibility timeout, hours). Staff see the
    run failed and can start another; applications it did not reach keep their status
    and the eligibility sweeper checks those without a verdict. Returns how many runs.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.PORTAL_RUN_LEASE_SECONDS)
    stale = EligibilityRun.objects.filter(status=EligibilityRunStatus.RUNNING, heartbeat_at__lt=cutoff)
    if call is not None:
        stale = stale.filter(call=call)
    with transaction.atomic():
        ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
        for run_id in ids:
            logger.warning("eligibility re-check %s: no heartbeat since before %s, marked failed", run_id, cutoff)
        return EligibilityRun.objects.filter(pk__in=ids).update(
            status=EligibilityRunStatus.FAILED, finished_at=now,
            error=_("The worker checking it stopped; start the re-check again."),
        )


def eligibility_run_chunk_check(
    *, run_id: int, chunk_index: int, application_ids: Sequence[int], task_id: str = ""
) -> EligibilityRun | None:
    """Check one chunk of a run and count it, once; a chunk already counted is not checked again."""
    run = EligibilityRun.objects.filter(pk=run_id).first()
    if run is None or chunk_index in run.completed_chunks:
        return run
    now = timezone.now()
    EligibilityRun.objects.filter(pk=run_id, status=EligibilityRunStatus.QUEUED).update(
        status=EligibilityRunStatus.RUNNING, started_at=now
    )
    EligibilityRun.objects.filter(pk=run_id).update(heartbeat_at=now)
    with heartbeat(model=EligibilityRun, pk=run_id), transaction.atomic():
        eligibility_check_many(application_ids=application_ids, task_id=task_id)
        return _count_chunk(run_id=run_id, chunk_index=chunk_index, done=len(application_ids), failed=0)


def eligibility_run_chunk_fail(*, run_id: int, chunk_index: int, count: int) -> EligibilityRun | None:
    """Count a chunk that failed for good (its retries exhausted), so the run still finishes."""
    with transaction.atomic():
        return _count_chunk(run_id=run_id, chunk_index=chunk_index, done=0, failed=count)


def _count_chunk(*, run_id: int, chunk_index: int, done: int, failed: int) -> EligibilityRun | None:
    """Add a chunk's counts under a row lock on the run (taken last, held only until commit)."""
    run = EligibilityRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or chunk_index in run.completed_chunks:
        return run
    run.completed_chunks = [*run.completed_chunks, chunk_index]
    run.done += done
    run.failed += failed
    fields = ["completed_chunks", "done", "failed"]
    if run.done + run.failed >= run.total:
        # A run marked failed for silence whose chunks all came in after all (they had waited in a long
        # queue, or were redelivered) did finish.
        run.status, run.finished_at, run.error = EligibilityRunStatus.FINISHED, timezone.now(), ""
        fields += ["status", "finished_at", "error"]
    run.save(update_fields=fields)
    return run


@transaction.atomic
def call_eligibility_rules_create_defaults(*, call: Call, by: User) -> int:
    """Attach the engine's default rules the call does not have yet, with their parameters spelled out."""
    require_perm(by, "innocore.manage_programme", message=_("Only ministry staff can change a call's rules."))
    have = set(EligibilityRule.objects.filter(call=call).values_list("code", flat=True))
    new = [
        EligibilityRule(call=call, code=config.code, params=dict(config.params), position=(index + 1) * 10)
        for index, config in enumerate(default_rule_configs()) if config.code in REGISTRY and config.code not in have
    ]
    EligibilityRule.objects.bulk_create(new)
    audit_record(by=by, action=AuditAction.ELIGIBILITY_RULES, target=call, label=call.code, call_code=call.code,
                 data={"added": [rule.code for rule in new]})
    return len(new)


def applications_eligibility_requeue_missing() -> int:
    """Queue again the check of applications submitted ``PORTAL_STUCK_WORK_SECONDS`` ago still without a verdict.

    The check's task may have given up (the database was down past its retries) or been
    lost; the check is idempotent, so a second copy is harmless. Run by the beat task
    ``eligibility_sweep``; returns how many checks were queued.
    """
    from applications.tasks import eligibility_check  # tasks import this module

    since = timezone.now() - timedelta(seconds=settings.PORTAL_STUCK_WORK_SECONDS)
    ids = (
        Application.objects.filter(status__in=CHECKABLE_STATUSES, submitted_at__lt=since,
                                   eligibility_verdict__isnull=True)
        .order_by("pk").values_list("pk", flat=True)[:1000]
    )
    return outbox_enqueue_unless_recent(
        task=eligibility_check.name, kwargs_list=[{"application_id": pk} for pk in ids], since=since
    )
