"""Reads for the staff dossier: the whole application in a fixed number of queries, and its status history.

Who may read is not decided here (applications/permissions.py is): these return
the rows, the views ask the permission and answer 404 when it is refused.
"""
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from applications.models import (
    Application, ApplicationStatus, Document, EligibilityOverride, EligibilityVerdict, Referee,
)
from applications.selectors.dossier import dossier_queryset
from innocore.models import AuditAction, AuditEntry, UserRole
from innocore.services.audit import SYSTEM_LABEL

# The audit actions that move an application's status (an information request is one, under its own name).
STATUS_ACTIONS = (AuditAction.STATUS_CHANGE, AuditAction.INFORMATION_REQUEST)


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    source: str
    source_label: str
    target: str
    target_label: str
    actor_label: str
    action_label: str
    reason: str


@dataclass(frozen=True)
class NumberedReferee:
    """A referee with its number in the application (1, 2, ... in the order they were named)."""
    number: int
    referee: Referee


def staff_dossier(*, pk: int) -> Application | None:
    """The application with every part of the dossier, replaced referees included, and its eligibility verdict.

    Seven queries whatever the number of publications, documents or referees.
    """
    return (
        dossier_queryset(with_replaced_referees=True)
        .select_related("eligibility_verdict")
        .prefetch_related(Prefetch(
            "eligibility_verdict__overrides", queryset=EligibilityOverride.objects.select_related("by"),
        ))
        .filter(pk=pk)
        .first()
    )


def staff_application(*, pk: int) -> Application | None:
    """Just the application and its call: enough to ask a permission before serving one file."""
    return Application.objects.select_related("call").filter(pk=pk).first()


def application_verdict(*, application: Application) -> EligibilityVerdict | None:
    """The verdict loaded with ``staff_dossier`` (no query), or None before the first check."""
    try:
        return application.eligibility_verdict
    except EligibilityVerdict.DoesNotExist:
        return None


def numbered_referees(*, application: Application) -> list[NumberedReferee]:
    """Every referee named, replaced ones included, numbered in the order they were named."""
    referees = sorted(application.referees.all(), key=lambda r: (r.requested_at, r.pk))
    return [NumberedReferee(number=number, referee=referee) for number, referee in enumerate(referees, start=1)]


def application_document(*, application: Application, document_pk: int) -> Document | None:
    return Document.objects.filter(application=application, pk=document_pk).first()


def application_letter(*, application: Application, referee_pk: int) -> NumberedReferee | None:
    """A referee of the application whose letter has arrived, with its number; None otherwise."""
    referees = list(Referee.objects.filter(application=application).order_by("requested_at", "pk"))
    for number, referee in enumerate(referees, start=1):
        if referee.pk == referee_pk and referee.letter_storage_name:
            return NumberedReferee(number=number, referee=referee)
    return None


def _status_label(value: str) -> str:
    try:
        return str(ApplicationStatus(value).label)
    except ValueError:
        return value


def _actor(row: AuditEntry) -> str:
    if row.actor_label == SYSTEM_LABEL and row.actor_id is None:
        return _("the portal")
    if not row.actor_label and row.actor_role == UserRole.APPLICANT:
        return _("the applicant")
    return row.actor_label or str(row.actor_id or "")


def application_status_history(*, application: Application) -> list[StatusChange]:
    """Every change of status, oldest first, as the audit trail recorded it (one query)."""
    rows = AuditEntry.objects.filter(
        target_type=Application._meta.label_lower, target_id=str(application.pk), action__in=STATUS_ACTIONS,
    ).order_by("at", "id")
    return [
        StatusChange(
            at=row.at, source=row.data.get("from", ""), source_label=_status_label(row.data.get("from", "")),
            target=row.data.get("to", ""), target_label=_status_label(row.data.get("to", "")),
            actor_label=_actor(row), action_label=str(row.get_action_display()), reason=row.reason,
        )
        for row in rows
    ]
