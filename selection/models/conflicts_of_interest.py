"""Conflicts of interest between an application and a reviewer, each with its source.

A conflicted pair is never assigned: the services check it under a row lock and,
on PostgreSQL, a trigger refuses the insert (migration selection/0002).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application

from .reviewers import ReviewerProfile


class ConflictOfInterestSource(models.TextChoices):
    SAME_INSTITUTION = "same_institution", _("Same current institution")
    SAME_PHD_INSTITUTION = "same_phd_institution", _("Same PhD institution, close in time")
    ADVISOR = "advisor", _("PhD advisor")
    COAUTHOR = "coauthor", _("Co-author")
    DECLARED_BY_REVIEWER = "declared_by_reviewer", _("Declared by the reviewer")
    ENTERED_BY_STAFF = "entered_by_staff", _("Entered by staff")


AUTOMATIC_SOURCES = frozenset({
    ConflictOfInterestSource.SAME_INSTITUTION, ConflictOfInterestSource.SAME_PHD_INSTITUTION,
    ConflictOfInterestSource.ADVISOR, ConflictOfInterestSource.COAUTHOR,
})


class ConflictOfInterest(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflicts_of_interest", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        ReviewerProfile, on_delete=models.CASCADE, related_name="conflicts_of_interest", verbose_name=_("reviewer")
    )
    source = models.CharField(_("source"), max_length=24, choices=ConflictOfInterestSource.choices)
    detail = models.TextField(_("detail"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "selection_conflict"  # named by the trigger of migration selection/0002
        ordering = ["application", "reviewer", "source"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer", "source"], name="conflict_once_per_source"),
        ]
        indexes = [models.Index(fields=["reviewer", "application"], name="conflict_reviewer_app")]

    def __str__(self) -> str:
        return f"{self.application_id} x {self.reviewer_id}: {self.source}"
