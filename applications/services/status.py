"""The one owner of ``Application.status``.

Every change of status goes through ``application_status_change`` (one
application) or ``applications_status_change`` (many at once, for the
eligibility checks and the publication of an assignment), along the edges of
``applications.transitions.TRANSITIONS`` only, and each change leaves an audit
row: who, when, from, to and why.

On PostgreSQL the database enforces this ownership: a trigger (migration
applications/0006) refuses any UPDATE that changes a status unless this module
has marked the transaction with ``innocore.status_writer`` just before, so raw
``.update(status=...)`` calls, the admin and SQL consoles cannot change it.
"""
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.errors import TransitionNotAllowed
from applications.models import Application, ApplicationStatus
from applications.transitions import transition_allowed
from innocore.models import AuditAction, User
from innocore.services.audit import AuditTarget, audit_record, audit_record_many

STATUS_WRITER_SETTING = "innocore.status_writer"
STATUS_WRITER_TOKEN = "applications.services.status"


@contextmanager
def _status_writer() -> Iterator[None]:
    """Mark the current transaction as the status service's for the statements inside, and only those."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [STATUS_WRITER_SETTING, STATUS_WRITER_TOKEN])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [STATUS_WRITER_SETTING])


def _refuse(application_label: str, source: str, target: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("Application %(reference)s is “%(source)s” and cannot become “%(target)s”.") % {
            "reference": application_label, "source": ApplicationStatus(source).label,
            "target": ApplicationStatus(target).label,
        },
        code="transition_not_allowed",
    )


@transaction.atomic
def application_status_change(
    *, application: Application, to: str, by: User | None, reason: str = "", now: datetime | None = None,
    fields: dict[str, Any] | None = None, audit_action: str = AuditAction.STATUS_CHANGE,
) -> Application:
    """Move one application to ``to`` and record it; ``fields`` are saved in the same UPDATE.

    ``by`` None means the portal itself (a queued check). ``audit_action`` names the
    decision when it is more than a status change (an information request, say).
    Raises TransitionNotAllowed, and changes nothing, when the table forbids the move.
    """
    target = ApplicationStatus(to)
    locked = Application.objects.select_for_update(of=("self",)).select_related("call").get(pk=application.pk)
    source = locked.status
    if not transition_allowed(source=source, target=target):
        raise _refuse(locked.reference, source, target)
    values = {**(fields or {}), "status": target, "updated_at": now or timezone.now()}
    with _status_writer():
        Application.objects.filter(pk=locked.pk).update(**values)
    locked.refresh_from_db(fields=list(values))
    for name in values:
        setattr(application, name, getattr(locked, name))
    audit_record(
        by=by, action=audit_action, target=locked, label=locked.reference, call_code=locked.call.code,
        reason=reason, data={"from": source, "to": str(target)},
    )
    return locked


@transaction.atomic
def applications_status_change(
    *, application_ids: Iterable[int], to: str, by: User | None, reason: str = "", only_from: Iterable[str] = (),
    now: datetime | None = None,
) -> list[int]:
    """Move many applications to ``to`` at once; the ids moved.

    With ``only_from``, applications in any other status are left as they are;
    without it, any application the table does not let move raises TransitionNotAllowed
    and nothing changes. Applications already at ``to`` are left alone.
    """
    target = ApplicationStatus(to)
    allowed_sources = set(only_from)
    rows = list(
        Application.objects.select_for_update(of=("self",)).filter(pk__in=set(application_ids)).order_by("pk")
        .values_list("pk", "status", "reference", "call__code")
    )
    moving: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for pk, source, reference, call_code in rows:
        if source == target or (allowed_sources and source not in allowed_sources):
            continue
        if not transition_allowed(source=source, target=target):
            raise _refuse(reference, source, target)
        moving[source].append((pk, reference, call_code))
    moved: list[int] = []
    now = now or timezone.now()
    with _status_writer():
        for source, items in moving.items():
            ids = [pk for pk, _ref, _code in items]
            Application.objects.filter(pk__in=ids, status=source).update(status=target, updated_at=now)
            moved.extend(ids)
    audit_record_many(by=by, action=AuditAction.STATUS_CHANGE, reason=reason, targets=(
        AuditTarget(model=Application, pk=pk, label=reference, call_code=call_code,
                    data={"from": source, "to": str(target)})
        for source, items in moving.items() for pk, reference, call_code in items
    ))
    return sorted(moved)

