"""Assignment runs (one solver run per request, with live progress) and the pairs they propose."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from innocore.models import Call

from .reviewers import ReviewerProfile

# The most reviewers one application can get in a run.
MAX_K = 10


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a later publication")
    FAILED = "failed", _("Failed")


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class RunStage(models.TextChoices):
    WAITING = "waiting", _("Waiting for a worker")
    BUILDING = "building", _("Building the affinity and conflict matrices")
    SOLVING = "solving", _("Solving")
    SAVING = "saving", _("Saving the proposed assignment")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped by an error")


# How far along each stage is, for the progress bar.
STAGE_PROGRESS = {
    RunStage.WAITING: 0, RunStage.BUILDING: 10, RunStage.SOLVING: 50, RunStage.SAVING: 90, RunStage.DONE: 100,
}


class AssignmentRun(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="assignment_runs", verbose_name=_("call"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(_("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(_("stage"), max_length=12, choices=RunStage.choices, default=RunStage.WAITING)
    k = models.PositiveSmallIntegerField(_("reviewers per application"), default=3)
    min_preferred = models.PositiveSmallIntegerField(_("at least this many from the preferred team"), default=1)
    fairness = models.BooleanField(_("fairness pass"), default=False)
    objective = models.FloatField(_("total affinity"), null=True, blank=True)
    applications_count = models.PositiveIntegerField(_("applications"), default=0)
    reviewers_count = models.PositiveIntegerField(_("reviewers"), default=0)
    kept_count = models.PositiveIntegerField(_("assignments kept (review started)"), default=0)
    uncovered = models.JSONField(_("applications not covered"), default=list, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"), null=True, blank=True,
        help_text=_("Stamped by the worker while it runs; a run silent for too long has lost its worker."),
    )
    lease_token = models.CharField(
        _("lease"), max_length=32, blank=True, help_text=_("Which attempt of the task holds the run."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assignment run")
        verbose_name_plural = _("assignment runs")
        constraints = [
            models.CheckConstraint(condition=models.Q(k__gte=1) & models.Q(k__lte=MAX_K), name="assignment_run_k_range"),
            models.CheckConstraint(condition=models.Q(min_preferred__lte=models.F("k")), name="assignment_run_min_preferred_le_k"),
            models.UniqueConstraint(
                fields=["call"], condition=models.Q(status__in=["queued", "running"]), name="assignment_run_one_active_per_call"
            ),
            models.UniqueConstraint(
                fields=["call"], condition=models.Q(status="published"), name="assignment_run_one_published_per_call"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call.code} run {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_RUN_STATUSES

    @property
    def progress(self) -> int:
        """Percent done, read off the stage (stored once, as the stage)."""
        return STAGE_PROGRESS.get(self.stage, 0)

    @property
    def is_editable(self) -> bool:
        return self.status == RunStatus.PROPOSED


class AssignmentSource(models.TextChoices):
    SOLVER = "solver", _("Solver")
    MANUAL = "manual", _("Added by hand")
    KEPT = "kept", _("Kept (review started)")


class Assignment(models.Model):
    run = models.ForeignKey(AssignmentRun, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("run"))
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviewer_assignments", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        ReviewerProfile, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("reviewer")
    )
    source = models.CharField(_("source"), max_length=8, choices=AssignmentSource.choices, default=AssignmentSource.SOLVER)
    affinity = models.FloatField(_("affinity"), null=True, blank=True)
    review_started_at = models.DateTimeField(_("review started at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["run", "application", "-affinity", "reviewer"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["run", "application", "reviewer"], name="assignment_pair_once_per_run"),
        ]
        indexes = [
            models.Index(fields=["reviewer", "run"], name="assignment_reviewer_run"),
            models.Index(fields=["application", "reviewer"], name="assignment_app_reviewer"),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id}: {self.application_id} -> {self.reviewer_id}"
