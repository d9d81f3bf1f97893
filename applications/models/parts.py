"""The repeated parts of a dossier: team preferences, publications, stale section edits."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocore.models import ResearchTeam

from .application import Application


class TeamPreference(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="team_preferences")
    rank = models.PositiveSmallIntegerField(_("rank"))
    team = models.ForeignKey(ResearchTeam, on_delete=models.PROTECT, related_name="preferences", verbose_name=_("team"))

    class Meta:
        ordering = ["application", "rank"]
        verbose_name = _("team preference")
        verbose_name_plural = _("team preferences")
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="team_preference_rank_once"),
            models.UniqueConstraint(fields=["application", "team"], name="team_preference_team_once"),
            models.CheckConstraint(condition=models.Q(rank__gte=1) & models.Q(rank__lte=3), name="team_preference_rank_1_to_3"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.rank}: {self.team_id}"


class Publication(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="publications")
    position = models.PositiveSmallIntegerField(_("position"))
    citation = models.CharField(_("citation"), max_length=1000)
    doi = models.CharField(_("DOI"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        ordering = ["application", "position"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [models.UniqueConstraint(fields=["application", "position"], name="publication_position_once")]

    def __str__(self) -> str:
        return self.citation[:80]


class StaleSectionEdit(models.Model):
    """A save from a stale browser tab that lost to a newer version: not applied, kept so that nothing is lost."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stale_section_edits")
    section = models.CharField(_("section"), max_length=32)
    based_on = models.CharField(_("based on"), max_length=64, help_text=_("The section's fingerprint in that tab."))
    data = models.JSONField(_("unsaved values"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stale section edit")
        verbose_name_plural = _("stale section edits")

    def __str__(self) -> str:
        return f"{self.application_id}/{self.section} ({self.based_on})"


class DeadlineReminder(models.Model):
    """One row per reminder sent, so that a reminder is never sent twice."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deadline_reminders")
    hours_before = models.PositiveSmallIntegerField(_("hours before closing"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "-hours_before"]
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["application", "hours_before"], name="deadline_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.hours_before} h"
