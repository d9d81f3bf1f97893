"""Every change made in the Django admin also goes to the audit trail.

The admin writes a ``LogEntry`` for each addition, change and deletion; mirroring
those rows covers every model registered now or later without each ModelAdmin
having to remember it. Connected in InnocoreConfig.ready().
"""
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from innocore.models import AuditAction
from innocore.services.audit import audit_record

FLAGS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


def _label(entry: LogEntry) -> str:
    """What the audit row names: the object's ``audit_label`` when it has one (an application's reference, never
    the applicant's name: the trail outlives a purged dossier), else the admin's own text."""
    model = entry.content_type.model_class() if entry.content_type else None
    if model is not None and hasattr(model, "audit_label") and entry.object_id:
        found = model._default_manager.filter(pk=entry.object_id).first()
        if found is not None:
            return found.audit_label
        return f"{model._meta.verbose_name} {entry.object_id}"
    return entry.object_repr


@receiver(post_save, sender=LogEntry, dispatch_uid="innocore_admin_log_to_audit")
def admin_change_to_audit_trail(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if not created:
        return
    content_type = instance.content_type
    audit_record(
        by=instance.user, action=AuditAction.ADMIN_CHANGE,
        label=_label(instance),
        data={
            "model": f"{content_type.app_label}.{content_type.model}" if content_type else "",
            "object_id": instance.object_id or "", "flag": FLAGS.get(instance.action_flag, str(instance.action_flag)),
            "change": instance.get_change_message(),
        },
    )
