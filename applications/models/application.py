"""An applicant's dossier for one call.

Fields the portal sorts, filters or counts by are real columns. Each section
of the form saves on its own; `version` rises on every save so that a stale
browser tab cannot silently overwrite newer work (see services/dossier.py).
"""
from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from applications.origin import is_overseas
from innocore.models import Call
from innocore.text import split_list


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ELIGIBILITY_REVIEW = "eligibility_review", _("Eligibility under manual review")
    INELIGIBLE = "ineligible", _("Not eligible")
    AWAITING_REVIEW = "awaiting_review", _("Eligible, awaiting review")
    UNDER_REVIEW = "under_review", _("Under review")
    REVIEWED = "reviewed", _("Reviewed")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Offer made")
    ACCEPTED = "accepted", _("Offer accepted")
    DECLINED = "declined", _("Offer declined")
    NOT_SELECTED = "not_selected", _("Not selected")


EDITABLE_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.INFO_REQUESTED, ApplicationStatus.WITHDRAWN})
# Submitted and not yet in the hands of reviewers: eligibility checks may still move it between these,
# staff may re-open it, and the applicant may still withdraw it before the deadline.
PRE_REVIEW_STATUSES = frozenset({
    ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBILITY_REVIEW, ApplicationStatus.INELIGIBLE,
    ApplicationStatus.AWAITING_REVIEW,
})


class PhdStatus(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    EXPECTED = "expected", _("Expected")


class HeardVia(models.TextChoices):
    NATURE = "nature", _("Nature")
    SCIENCE = "science", _("Science")
    LINKEDIN = "linkedin", _("LinkedIn")
    KOSEN = "kosen", _("KOSEN (Korean Scientists and Engineers Network)")
    KSEA = "ksea", _("KSEA (Korean-American Scientists and Engineers Association)")
    STUDENT_ASSOCIATION = "student_association", _("Korean student association abroad")
    SESSION_BOSTON = "session_boston", _("Information session, Boston")
    SESSION_NEW_YORK = "session_new_york", _("Information session, New York")
    SESSION_SILICON_VALLEY = "session_silicon_valley", _("Information session, Silicon Valley")
    COLLEAGUE = "colleague", _("A colleague or supervisor")
    OTHER = "other", _("Other")


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    status = models.CharField(
        _("status"), max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Raised on every save, so that a stale tab's save is noticed."))

    # Personal. Korea's Fair Hiring Procedure Act forbids asking for appearance,
    # height, birthplace, marital status or the family's property and jobs.
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    country_of_residence = CountryField(_("country of residence"), blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)

    # PhD
    phd_institution = models.CharField(_("PhD institution"), max_length=300, blank=True)
    phd_country = CountryField(_("PhD country"), blank=True)
    phd_status = models.CharField(_("PhD status"), max_length=10, choices=PhdStatus.choices, blank=True)
    phd_date = models.DateField(_("PhD date (awarded or expected)"), null=True, blank=True)
    phd_advisor = models.CharField(_("PhD advisor"), max_length=200, blank=True)

    # Current position
    current_position = models.CharField(_("current position"), max_length=200, blank=True)
    current_institution = models.CharField(_("current institution"), max_length=300, blank=True)

    # Research
    research_field = models.CharField(_("research field"), max_length=200, blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True, help_text=_("Comma-separated, up to ten."))
    research_summary = models.TextField(_("research summary"), blank=True)
    research_plan = models.TextField(_("research plan"), blank=True)

    # Outreach: which channels work, for the ministry.
    heard_via = models.CharField(_("how you heard of the programme"), max_length=32, choices=HeardVia.choices, blank=True)
    heard_via_other = models.CharField(_("other (please say)"), max_length=200, blank=True)

    # PIPA consents, each separate, with the time given.
    consent_collection_at = models.DateTimeField(_("consent to collection and use given at"), null=True, blank=True)
    consent_overseas_transfer_at = models.DateTimeField(_("consent to overseas transfer given at"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    submitted_sha256 = models.CharField(_("SHA-256 of the submitted content"), max_length=64, blank=True)
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
            models.CheckConstraint(condition=models.Q(version__gte=1), name="application_version_positive"),
        ]
        indexes = [models.Index(fields=["call", "status"], name="application_call_status")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.full_name or self.applicant})"

    @property
    def audit_label(self) -> str:
        """How the audit trail names the application: its reference only (no personal data)."""
        return self.reference

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def is_overseas(self) -> bool:
        return is_overseas(country_of_residence=self.country_of_residence.code or "")

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def email_topic(self) -> str:
        """The topic of every email about this application (listed on its status page)."""
        return f"application:{self.pk}"

    @property
    def is_submitted(self) -> bool:
        """Submitted and frozen, whatever has happened to it since."""
        return self.submitted_at is not None and self.status not in EDITABLE_STATUSES

    @property
    def was_submitted(self) -> bool:
        """Submitted at least once, even if re-opened or withdrawn since: staff never edit it."""
        return self.submitted_at is not None

    @property
    def keyword_list(self) -> list[str]:
        return split_list(self.keywords)
