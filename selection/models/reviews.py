"""Reviews: the rubric of a call (data, per call), its review settings, and each reviewer's review.

A review is saved as a draft many times (autosave) and submitted once; only staff re-open it.
Each save names the version it was based on: a stale save is not applied but kept as a
StaleReviewEdit, so that the reviewer sees both versions (the dossier's discipline).
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application
from innocore.models import Call
from innocore.text import bilingual, reads_korean

from .assignments import Assignment
from .reviewers import ReviewerProfile


class ReviewSettings(models.Model):
    """How a call is reviewed; a call without a row is reviewed with the defaults below."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="review_settings", verbose_name=_("call"))
    blind = models.BooleanField(
        _("blind review"), default=False,
        help_text=_("Hide the applicant's name, email, date of birth, nationality, institution and referees' names "
                    "from reviewers (document files are not blinded)."),
    )
    reviews_visible_after_submit = models.BooleanField(
        _("reviewers see the other reviews after submitting their own"), default=False,
    )
    review_deadline = models.DateTimeField(_("review deadline"), null=True, blank=True)
    ranking_seed = models.BigIntegerField(
        _("ranking seed"), null=True, blank=True, editable=False,
        help_text=_("Drawn at random the first time the call is ranked and never changed, so that the same "
                    "reviews always give the same ranking."),
    )

    class Meta:
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")

    def __str__(self) -> str:
        return f"{self.call.code} review settings"


class RubricCriterion(models.Model):
    """One criterion of a call's rubric: a weight (the weights of a call sum to 100) and a scale whose
    levels each have an anchored description (``anchors``: a list of {"score", "en", "ko"})."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rubric_criteria", verbose_name=_("call"))
    key = models.SlugField(_("key"), max_length=40)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_ko = models.CharField(_("label (Korean)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    scale_low = models.SmallIntegerField(_("lowest score"), default=1)
    scale_high = models.SmallIntegerField(_("highest score"), default=5)
    anchors = models.JSONField(_("anchored descriptions"), default=list, blank=True)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        constraints = [
            models.UniqueConstraint(fields=["call", "key"], name="rubric_criterion_key_once_per_call"),
            models.CheckConstraint(condition=models.Q(scale_low__lt=models.F("scale_high")),
                                   name="rubric_criterion_scale_low_below_high"),
            models.CheckConstraint(condition=models.Q(weight__gte=1) & models.Q(weight__lte=100),
                                   name="rubric_criterion_weight_range"),
        ]

    def __str__(self) -> str:
        return f"{self.call.code}: {self.label_en} ({self.weight}%)"

    @property
    def label(self) -> str:
        return bilingual(self.label_en, self.label_ko)

    @property
    def description(self) -> str:
        return bilingual(self.description_en, self.description_ko)

    @property
    def scores(self) -> list[int]:
        return list(range(self.scale_low, self.scale_high + 1))

    def anchor_texts(self) -> list[tuple[int, str]]:
        """(score, description in the current language) for every level of the scale."""
        korean = reads_korean()
        by_score = {a.get("score"): a for a in self.anchors if isinstance(a, dict)}
        texts = []
        for score in self.scores:
            anchor = by_score.get(score, {})
            texts.append((score, (anchor.get("ko") if korean else "") or anchor.get("en", "")))
        return texts


class Recommendation(models.TextChoices):
    STRONGLY_SUPPORT = "strongly_support", pgettext_lazy("review recommendation", "Strongly support")
    SUPPORT = "support", pgettext_lazy("review recommendation", "Support")
    NEUTRAL = "neutral", pgettext_lazy("review recommendation", "Neutral")
    DO_NOT_SUPPORT = "do_not_support", pgettext_lazy("review recommendation", "Do not support")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("review state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("review state", "Submitted")


class Review(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        ReviewerProfile, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("reviewer"),
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews",
        verbose_name=_("assignment"),
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    recommendation = models.CharField(_("overall recommendation"), max_length=20, choices=Recommendation.choices,
                                      blank=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment_to_staff = models.TextField(_("comment to staff"), blank=True)
    note_to_applicant = models.TextField(_("note for the applicant"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("re-opened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("re-opened by"),
    )
    reopen_reason = models.TextField(_("reason for re-opening"), blank=True)

    class Meta:
        ordering = ["application", "reviewer"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_once_per_reviewer"),
            models.CheckConstraint(
                condition=~models.Q(status="submitted") | models.Q(submitted_at__isnull=False),
                name="review_submitted_has_submitted_at",
            ),
            models.CheckConstraint(condition=models.Q(confidence__isnull=True)
                                   | (models.Q(confidence__gte=1) & models.Q(confidence__lte=5)),
                                   name="review_confidence_range"),
        ]

    def __str__(self) -> str:
        return f"review of {self.application_id} by {self.reviewer_id} ({self.status})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class StaleReviewEdit(models.Model):
    """A save from a stale page that lost to a newer version: not applied, kept so that the reviewer sees both."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="kept_versions",
                               verbose_name=_("review"))
    based_on = models.PositiveIntegerField(_("based on version"))
    data = models.JSONField(_("values"), default=dict)
    created_at = models.DateTimeField(_("kept at"), auto_now_add=True)

    class Meta:
        ordering = ["review", "-created_at"]
        verbose_name = _("kept version of a review")
        verbose_name_plural = _("kept versions of reviews")


class ReviewDeadlineReminder(models.Model):
    """One row per reminder sent to a reviewer about a call's review deadline, so that it goes out once."""

    reviewer = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="deadline_reminders",
                                 verbose_name=_("reviewer"))
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="review_deadline_reminders",
                             verbose_name=_("call"))
    days_before = models.PositiveSmallIntegerField(_("days before the review deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["call", "reviewer", "-days_before"]
        verbose_name = _("review deadline reminder")
        verbose_name_plural = _("review deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "call", "days_before"], name="review_deadline_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.reviewer_id}: {self.days_before} d"


class CallReviewSetup(Call):
    """The call as the admin's "review set-up" page edits it: its review settings and rubric, nothing else."""

    class Meta:
        proxy = True
        verbose_name = _("review set-up of a call")
        verbose_name_plural = _("review set-ups of calls")
