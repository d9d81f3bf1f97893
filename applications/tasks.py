"""Celery tasks of the applicant side: each takes ids, fetches, and calls one service."""
import logging

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from applications.services.eligibility import (
    application_eligibility_check, eligibility_check_many, eligibility_run_chunk_check, eligibility_run_chunk_fail,
)
from applications.services.reminders import deadline_reminders_send

logger = logging.getLogger(__name__)
# A dropped or restarting database connection is worth another try; anything else is a bug to see.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


@shared_task(acks_late=True)
def deadline_reminders() -> int:
    """Run by beat every 15 minutes (settings.CELERY_BEAT_SCHEDULE); safe to repeat."""
    return deadline_reminders_send()


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT_DB_ERRORS, retry_backoff=True, max_retries=5)
def eligibility_check(self, *, application_id: int) -> str:
    verdict = application_eligibility_check(application_id=application_id, task_id=self.request.id or "")
    return verdict.effective_outcome if verdict else "skipped"


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT_DB_ERRORS, retry_backoff=True, max_retries=5)
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
             retry_backoff=True, max_retries=5)
def eligibility_check_chunk(self, *, run_id: int, chunk_index: int, application_ids: list[int]) -> str:
    run = eligibility_run_chunk_check(run_id=run_id, chunk_index=chunk_index, application_ids=application_ids,
                                      task_id=self.request.id or "")
    return f"{run.done + run.failed}/{run.total}" if run else "missing"
