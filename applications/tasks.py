"""Celery tasks of the applicant side: each takes ids, fetches, and calls one service.

Database errors are retried with a backoff spanning about ten minutes
(innocore.tasks.RETRY_FOR_MINUTES); past that, the beat task ``eligibility_sweep``
queues a missing check again.
"""
import logging

from celery import Task, shared_task

from applications.services.eligibility import (
    application_eligibility_check, applications_eligibility_requeue_missing, eligibility_check_many,
    eligibility_run_chunk_check, eligibility_run_chunk_fail, eligibility_runs_fail_stale,
)
from applications.services.reminders import deadline_reminders_send
from applications.services.retention import applications_purge_expired
from innocore.tasks import RETRY_FOR_MINUTES, TRANSIENT_DB_ERRORS

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def deadline_reminders() -> int:
    """Run by beat every 15 minutes (settings.CELERY_BEAT_SCHEDULE); safe to repeat."""
    return deadline_reminders_send()


@shared_task(acks_late=True)
def retention_purge() -> str:
    """Run by beat once a day: delete the unsuccessful applications past their call's retention period."""
    report = applications_purge_expired()
    return f"{report.count} applications and {report.files} files deleted, {len(report.failed)} failed"


@shared_task(acks_late=True)
def eligibility_sweep() -> str:
    """Run by beat every minute: fail re-checks whose workers died, queue again checks that never ran."""
    failed = eligibility_runs_fail_stale()
    requeued = applications_eligibility_requeue_missing()
    return f"{failed} re-checks marked failed, {requeued} checks queued again"


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT_DB_ERRORS, **RETRY_FOR_MINUTES)
def eligibility_check(self, *, application_id: int) -> str:
    verdict = application_eligibility_check(application_id=application_id, task_id=self.request.id or "")
    return verdict.effective_outcome if verdict else "skipped"


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT_DB_ERRORS, **RETRY_FOR_MINUTES)
def eligibility_check_batch(self, *, application_ids: list[int]) -> int:
    return len(eligibility_check_many(application_ids=application_ids, task_id=self.request.id or "").verdicts)


class EligibilityChunkTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries exhausted (or a bug): count the chunk as failed so the run's progress still ends."""
        logger.error("eligibility chunk %s of run %s failed for good: %r", kwargs.get("chunk_index"),
                     kwargs.get("run_id"), exc)
        eligibility_run_chunk_fail(run_id=kwargs["run_id"], chunk_index=kwargs["chunk_index"],
                                   count=len(kwargs["application_ids"]))


@shared_task(bind=True, base=EligibilityChunkTask, acks_late=True, autoretry_for=TRANSIENT_DB_ERRORS,
             **RETRY_FOR_MINUTES)
def eligibility_check_chunk(self, *, run_id: int, chunk_index: int, application_ids: list[int]) -> str:
    run = eligibility_run_chunk_check(run_id=run_id, chunk_index=chunk_index, application_ids=application_ids,
                                      task_id=self.request.id or "")
    return f"{run.done + run.failed}/{run.total}" if run else "missing"
