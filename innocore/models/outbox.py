"""The transactional outbox: Celery tasks to send, recorded in the transaction whose commit calls for them.

The broker (Redis) is not part of the database transaction: a task sent with
``.delay`` from ``on_commit`` is lost when Redis is down at that moment. A row
written here commits (or rolls back) with the change that needs the task, is
dispatched right after the commit, and is dispatched again by the beat task
``innocore.tasks.outbox_sweep`` until the broker has taken it.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    key = models.CharField(
        _("key"), max_length=64, db_index=True,
        help_text=_("A digest of the task and its arguments: the same work always has the same key."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(dispatched_at__isnull=True), name="outbox_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.kwargs}"
