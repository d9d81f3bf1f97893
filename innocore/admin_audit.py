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


@receiver(post_save, sender=LogEntry, dispatch_uid="innocore_admin_log_to_audit")
def admin_change_to_audit_trail(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if not created:
        return
    content_type = instance.content_type
    audit_record(
        by=instance.user, action=AuditAction.ADMIN_CHANGE,
        label=instance.object_repr,
        data={
            "model": f"{content_type.app_label}.{content_type.model}" if content_type else "",
            "object_id": instance.object_id or "", "flag": FLAGS.get(instance.action_flag, str(instance.action_flag)),
            "change": instance.get_change_message(),
        },
    )
