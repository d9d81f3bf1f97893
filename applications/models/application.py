"""An applicant's dossier for one call."""
from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from innocore.models import Call

HOME_COUNTRY = "KR"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    status = models.CharField(
        _("status"), max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Raised on every save, for edit conflicts."))

    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    country_of_residence = CountryField(_("country of residence"), blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="application_one_per_call"),
            models.UniqueConstraint(Upper("reference"), name="application_reference_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False)
                | models.Q(status="withdrawn"),
                name="application_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"], name="application_call_status")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.full_name or self.applicant})"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def is_overseas(self) -> bool:
        return bool(self.country_of_residence) and self.country_of_residence.code != HOME_COUNTRY
