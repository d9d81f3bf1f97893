"""Uploaded PDFs and referees' letters.

Files are stored under random names in MEDIA_ROOT (outside the web root) and
served only through views that check who asks.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.documents.validation import DocumentKind

from .application import Application


class Document(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    storage_name = models.CharField(_("stored as"), max_length=200, unique=True)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    pages = models.PositiveSmallIntegerField(_("pages"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "kind"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="document_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.kind}: {self.original_name}"


class RefereeStatus(models.TextChoices):
    REQUESTED = "requested", _("Letter requested")
    RECEIVED = "received", _("Letter received")
    REPLACED = "replaced", _("Replaced")


class Referee(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referees")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    institution = models.CharField(_("institution"), max_length=300, blank=True)
    relationship = models.CharField(_("relationship to you"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RefereeStatus.choices, default=RefereeStatus.REQUESTED)
    token_nonce = models.CharField(max_length=64, blank=True, help_text="Cleared once the link is used or replaced.")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    letter_storage_name = models.CharField(max_length=200, blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    letter_received_at = models.DateTimeField(_("letter received at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "requested_at", "id"]
        verbose_name = _("referee")
        verbose_name_plural = _("referees")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "email"], condition=~models.Q(status="replaced"), name="referee_active_email_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="received") | models.Q(letter_received_at__isnull=False),
                name="referee_received_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
