"""Eligibility: the rules staff attach to a call, and the verdict recorded for each application.

The rule engine itself is pure (applications/eligibility); these models hold its
input configuration and its output. One verdict per application (re-checking
updates it); staff overrides are rows of their own, and the latest one governs.
"""
from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from applications.eligibility import REGISTRY
from innocore.models import Call

from .application import Application


class CareerBreakKind(models.TextChoices):
    PARENTAL_LEAVE = "parental_leave", _("Parental leave")
    MILITARY_SERVICE = "military_service", _("Military service")
    ILLNESS = "illness", _("Illness")
    OTHER = "other", _("Other")


class CareerBreak(models.Model):
    """A documented break after the PhD; the rule on years since the PhD adds it back."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="career_breaks")
    kind = models.CharField(_("kind"), max_length=20, choices=CareerBreakKind.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    class Meta:
        ordering = ["application", "start", "id"]
        verbose_name = _("career break")
        verbose_name_plural = _("career breaks")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="career_break_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end}"


RULE_CODE_CHOICES = [(definition.code, definition.title_en) for definition in REGISTRY.values()]


class EligibilityRule(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="eligibility_rules", verbose_name=_("call"))
    code = models.CharField(_("rule"), max_length=40, choices=RULE_CODE_CHOICES)
    params = models.JSONField(
        _("parameters"), default=dict, blank=True,
        help_text=_("A JSON object overriding the rule's default parameters, e.g. {\"max_years\": 5}."),
    )
    message_en = models.TextField(_("message (English)"), blank=True, help_text=_("Blank: the default message."))
    message_ko = models.TextField(_("message (Korean)"), blank=True, help_text=_("Blank: the default message."))
    enabled = models.BooleanField(_("enabled"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="eligibility_rule_once_per_call")]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.code}"


class VerdictOutcome(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    NEEDS_MANUAL_REVIEW = "needs_manual_review", _("Needs manual review")


class EligibilityVerdictQuerySet(models.QuerySet):
    def with_effective_outcome(self) -> "EligibilityVerdictQuerySet":
        return self.annotate(effective=effective_outcome_expression())


class EligibilityVerdict(models.Model):
    """The latest check of one application; ``fingerprint`` covers its input so an unchanged re-check is a no-op.

    Staff overrides are not stored on the verdict: they are the ``overrides`` rows, and the latest one
    governs (``effective_outcome``), re-checks included.
    """

    objects = EligibilityVerdictQuerySet.as_manager()

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="eligibility_verdict", verbose_name=_("application")
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=VerdictOutcome.choices, db_index=True)
    lines = models.JSONField(_("lines"), default=list)
    fingerprint = models.CharField(_("input fingerprint"), max_length=64)
    checked_at = models.DateTimeField(_("checked at"))
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("eligibility verdict")
        verbose_name_plural = _("eligibility verdicts")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.effective_outcome}"

    @property
    def latest_override(self) -> "EligibilityOverride | None":
        """The newest staff override (from ``prefetch_related("overrides")`` when loaded with it), or None."""
        if self.pk is None:
            return None
        return next(iter(self.overrides.all()), None)  # EligibilityOverride's ordering: newest first

    @property
    def effective_outcome(self) -> str:
        """The latest staff override's outcome when there is one, else the computed outcome.

        The same rule in SQL is ``effective_outcome_expression`` below; nothing else spells it.
        """
        latest = self.latest_override
        return latest.to_outcome if latest else self.outcome

    @property
    def effective_outcome_label(self) -> str:
        return VerdictOutcome(self.effective_outcome).label

    @property
    def is_overridden(self) -> bool:
        return self.latest_override is not None


class EligibilityOverride(models.Model):
    """One row per staff override: who, when, from which outcome to which, and why. The latest one governs."""

    verdict = models.ForeignKey(EligibilityVerdict, on_delete=models.CASCADE, related_name="overrides")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    from_outcome = models.CharField(_("from"), max_length=24, choices=VerdictOutcome.choices)
    to_outcome = models.CharField(_("to"), max_length=24, choices=VerdictOutcome.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("eligibility override")
        verbose_name_plural = _("eligibility overrides")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="eligibility_override_reason")]

    def __str__(self) -> str:
        return f"{self.verdict_id}: {self.from_outcome} -> {self.to_outcome}"


def effective_outcome_expression() -> models.Expression:
    """``EligibilityVerdict.effective_outcome`` in SQL, for filters and counts: the latest override's outcome
    when there is one, else the computed outcome."""
    latest_override = EligibilityOverride.objects.filter(verdict=models.OuterRef("pk")).order_by("-at", "-id")
    return Coalesce(models.Subquery(latest_override.values("to_outcome")[:1]), "outcome")


class EligibilityRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


ACTIVE_ELIGIBILITY_RUN_STATUSES = (EligibilityRunStatus.QUEUED, EligibilityRunStatus.RUNNING)


class EligibilityRun(models.Model):
    """A call-wide re-check, split into chunks; ``completed_chunks`` makes each chunk count once."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="eligibility_runs", verbose_name=_("call"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EligibilityRunStatus.choices, default=EligibilityRunStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("applications"))
    done = models.PositiveIntegerField(_("checked"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    chunks = models.PositiveIntegerField(_("chunks"), default=0)
    completed_chunks = models.JSONField(_("completed chunks"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"), null=True, blank=True,
        help_text=_("Stamped by the workers checking its chunks; a run silent for too long has lost them."),
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("eligibility re-check")
        verbose_name_plural = _("eligibility re-checks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total") - models.F("failed")), name="eligibility_run_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} #{self.pk}: {self.done}/{self.total}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ELIGIBILITY_RUN_STATUSES

    @property
    def percent(self) -> int:
        if not self.total:
            return 100
        return min(100, (self.done + self.failed) * 100 // self.total)
