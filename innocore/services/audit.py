"""One way to write the audit trail: ``audit_record``.

Every decision and every look at an applicant's personal data by staff or
reviewers calls it, in the same transaction as the change it records, so that a
change is never saved without its row (nor a row without its change).
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from ipaddress import ip_address

from django.db import models

from innocore.models import AuditEntry, User, UserRole
from innocore.request_context import current_ip

SYSTEM_LABEL = "system"


def _actor_fields(by: User | None) -> dict:
    if by is None or not getattr(by, "is_authenticated", False):
        return {"actor": None, "actor_label": SYSTEM_LABEL, "actor_role": ""}
    # Applicants acting on their own data: the id suffices, and their email is not kept beyond their account.
    label = "" if by.role == UserRole.APPLICANT and not by.is_staff else by.email
    return {"actor": by, "actor_label": label, "actor_role": by.role}


def _target_fields(target: models.Model | None, label: str) -> dict:
    if target is None:
        return {"target_type": "", "target_id": "", "target_label": label[:200]}
    return {
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk),
        "target_label": (label or str(target.pk))[:200],
    }


def _valid_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ip_address(value))
    except ValueError:
        return None


def audit_record(
    *, by: User | None, action: str, target: models.Model | None = None, label: str = "", call_code: str = "",
    reason: str = "", data: dict | None = None,
) -> AuditEntry:
    """Record one thing done: ``by`` None means the portal itself (a scheduled or queued task)."""
    return AuditEntry.objects.create(
        action=action, **_actor_fields(by), **_target_fields(target, label), call_code=call_code or "",
        ip_address=_valid_ip(current_ip.get()), reason=(reason or "").strip(), data=data or {},
    )


@dataclass(frozen=True)
class AuditTarget:
    """One object of a bulk record: its model, id and label, its call, and details of its own."""
    model: type[models.Model]
    pk: int | str
    label: str
    call_code: str = ""
    data: dict = field(default_factory=dict)


def audit_record_many(*, by: User | None, action: str, targets: Iterable[AuditTarget], reason: str = "") -> int:
    """Record the same action on many objects at once, in one query per thousand rows."""
    actor = _actor_fields(by)
    address = _valid_ip(current_ip.get())
    rows = [
        AuditEntry(
            action=action, **actor, target_type=t.model._meta.label_lower, target_id=str(t.pk),
            target_label=t.label[:200], call_code=t.call_code, ip_address=address, reason=(reason or "").strip(),
            data=t.data,
        )
        for t in targets
    ]
    AuditEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
