"""Deleting unsuccessful applications past their call's retention period (PIPA: personal data is
destroyed once its purpose is met). Which ones: ``applications.selectors.retention``.

An application is deleted, not anonymised: nothing of it is needed once the call is over (the
call's own figures are kept by the audit row below). With it go, by cascade, its dossier parts,
documents, referees, eligibility verdict and overrides, and the selection side's rows (reviews,
conflicts of interest, assignments, placements, offers: CASCADE, plus ``application_pre_purge`` for what a
cascade cannot reach); the files in the storage (documents, letters); the emails filed under its
topic (to the applicant and to the referees, which name the applicant); the admin log entries
that name it; outbox messages that carry its id.

The audit trail is append-only and keeps every earlier row about the application: those hold
the reference, ids, statuses and staff reasons, never the dossier. One row
``application.purge`` records the deletion: reference, call, status and counts, no personal data.
"""
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from applications.models import Application, Document, Referee
from applications.selectors.retention import (
    applications_past_retention, applications_unsuccessful, call_retention_ends_at,
)
from applications.signals import application_pre_purge, application_purged
from innocore.models import AuditAction, EmailMessage, OutboxMessage
from innocore.services.audit import audit_record
from innocore.storage import documents_storage

logger = logging.getLogger(__name__)


@dataclass
class PurgeReport:
    """What a purge did (or, dry, would do): application ids per call code, and the files removed."""
    by_call: dict[str, list[int]] = field(default_factory=dict)
    files: int = 0
    failed: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(ids) for ids in self.by_call.values())


def _stored_files(*, application: Application) -> list[str]:
    names = list(Document.objects.filter(application=application).values_list("storage_name", flat=True))
    names += [name for name in Referee.objects.filter(application=application)
              .values_list("letter_storage_name", flat=True) if name]
    return names


def _admin_log_delete(*, application: Application) -> None:
    """Django's admin log keeps each object's ``str()``, which names the applicant."""
    for model, ids in ((Application, [application.pk]),
                       (Document, list(application.documents.values_list("pk", flat=True))),
                       (Referee, list(application.referees.values_list("pk", flat=True)))):
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                object_id__in=[str(pk) for pk in ids]).delete()


@transaction.atomic
def application_purge(*, application: Application, now: datetime | None = None) -> int | None:
    """Delete one application past its retention period; the number of files removed, or None when it is
    no longer due (its status changed, or the retention period was lengthened, since it was listed).

    The files are deleted last inside the transaction: a storage error rolls the rows back, and the next
    run tries again (deleting a file already gone is not an error), so no row outlives its file's deletion
    unnoticed and no file outlives its row.
    """
    now = now or timezone.now()
    locked = Application.objects.select_for_update().select_related("call").filter(pk=application.pk).first()
    if locked is None or call_retention_ends_at(call=locked.call) > now:
        return None
    if not applications_unsuccessful(call=locked.call).filter(pk=locked.pk).exists():
        return None
    files = _stored_files(application=locked)
    application_pre_purge.send(sender=Application, application=locked)
    emails, _by_model = EmailMessage.objects.filter(topic=locked.email_topic).delete()
    OutboxMessage.objects.filter(kwargs__application_id=locked.pk).delete()
    _admin_log_delete(application=locked)
    audit_record(by=None, action=AuditAction.APPLICATION_PURGE, target=locked, label=locked.reference,
                 call_code=locked.call.code,
                 data={"status": locked.status, "files": len(files), "emails": emails,
                       "retention_days": locked.call.retention_days_unsuccessful})
    application_id, call_id = locked.pk, locked.call_id
    locked.delete()
    application_purged.send(sender=Application, application_id=application_id, call_id=call_id)
    storage = documents_storage()
    for name in files:
        storage.delete(name)
    return len(files)


def applications_purge_expired(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Purge every application past its retention period, each in its own transaction (a failure is logged and
    left for the next run). ``dry_run`` lists them and changes nothing."""
    now = now or timezone.now()
    report = PurgeReport()
    for application in applications_past_retention(now=now):
        if dry_run:
            report.by_call.setdefault(application.call.code, []).append(application.pk)
            continue
        try:
            files = application_purge(application=application, now=now)
        except Exception:
            logger.exception("could not purge application %s; the next run tries again", application.pk)
            report.failed.append(application.pk)
            continue
        if files is not None:
            report.by_call.setdefault(application.call.code, []).append(application.pk)
            report.files += files
    return report
