"""The audit trail (Korea's PIPA): who looked at or changed whose data, when, from where, and why.

Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger
(migration 0004) makes the database refuse them too, for any client. Rows are
kept at least ``AUDIT_RETENTION_DAYS`` (two years): the trigger lets nothing
younger be deleted.

Nothing here is a foreign key that cascades or nulls: deleting a user or an
application must never rewrite the trail. ``actor_id`` keeps the account's id and
``actor_label`` the email it had when it acted (not kept for applicants acting on
their own data); ``target_*`` name the object as text, so the row outlives it.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    DOSSIER_VIEW = "dossier.view", _("Viewed a dossier")
    LIST_VIEW = "list.view", _("Viewed a list of applicants")
    DOCUMENT_DOWNLOAD = "document.download", _("Downloaded a document")
    LETTER_DOWNLOAD = "letter.download", _("Downloaded a referee letter")
    DATA_EXPORT = "data.export", _("Exported personal data")
    STATUS_CHANGE = "application.status", _("Changed an application's status")
    INFORMATION_REQUEST = "application.information_request", _("Asked an applicant for more information")
    ELIGIBILITY_OVERRIDE = "eligibility.override", _("Overrode an eligibility verdict")
    ELIGIBILITY_RECHECK = "eligibility.recheck", _("Re-checked a call's eligibility")
    ELIGIBILITY_RULES = "eligibility.rules", _("Changed a call's eligibility rules")
    CONFLICT_DECLARE = "conflict.declare", _("Declared a conflict of interest")
    CONFLICT_ADD = "conflict.add", _("Recorded a conflict of interest")
    CONFLICT_DETECT = "conflict.detect", _("Detected conflicts of interest")
    ASSIGNMENT_RUN = "assignment.run", _("Started an assignment run")
    ASSIGNMENT_ADD = "assignment.add", _("Added a reviewer by hand")
    ASSIGNMENT_REMOVE = "assignment.remove", _("Removed a reviewer by hand")
    ASSIGNMENT_PUBLISH = "assignment.publish", _("Published an assignment")
    REVIEWER_INVITE = "reviewer.invite", _("Invited a reviewer")
    REVIEWER_PROFILE = "reviewer.profile", _("Changed a reviewer profile")
    REVIEW_START = "review.start", _("Confirmed no conflict and started a review")
    REVIEW_SUBMIT = "review.submit", _("Submitted a review")
    REVIEW_REOPEN = "review.reopen", _("Re-opened a submitted review")
    ACCOUNT_DELETE = "account.delete", _("Deleted or anonymised an account")
    APPLICATION_PURGE = "application.purge", _("Deleted an application past its retention period")
    STALE_SECTION_EDITS_DISMISS = "application.conflicts_dismiss", _("Dismissed the kept versions of a section")
    DOCUMENT_UPLOAD = "document.upload", _("Uploaded a document")
    REFEREE_INVITE = "referee.invite", _("Asked a referee for a letter")
    REFEREE_REMIND = "referee.remind", _("Reminded a referee")
    REFEREE_REPLACE = "referee.replace", _("Replaced a referee")
    RANKING_ADJUST = "ranking.adjust", _("Excluded or pinned an application in the ranking")
    MATCH_RUN = "match.run", _("Proposed or discarded a match")
    MATCH_PUBLISH = "match.publish", _("Published the decisions of a match")
    DECISIONS_SEND = "decisions.send", _("Sent the decisions and opened the offers")
    OFFER_ACCEPT = "offer.accept", _("Accepted an offer")
    OFFER_DECLINE = "offer.decline", _("Declined an offer")
    OFFER_LAPSE = "offer.lapse", _("An offer lapsed unanswered")
    OFFER_MOVE = "offer.move", _("Offered a seat freed down the waiting list")
    OFFER_LETTER = "offer.letter", _("Downloaded an offer letter")
    ADMIN_CHANGE = "admin.change", _("Changed a record in the admin")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    action = models.CharField(_("what"), max_length=40, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(_("object type"), max_length=40, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=200, blank=True)
    call_code = models.CharField(_("call"), max_length=32, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or self.actor_id} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("An audit entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("An audit entry cannot be deleted.")


class AuditTrailIsAppendOnly(Exception):
    pass
