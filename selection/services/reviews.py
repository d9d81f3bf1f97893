"""Reviewing: a call's rubric, the conflict confirmation that opens a dossier, drafts, submission, re-opening.

A review's ``version`` is its fingerprint: every save names the version its page was
rendered with. A save from a stale page (another tab saved meanwhile) is not applied;
its values are kept as a StaleReviewEdit and the reviewer is shown both versions.
"""
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.services.status import application_status_change
from innocore.models import AuditAction, Call, User
from innocore.permissions import require_perm
from innocore.services.audit import audit_record
from selection.errors import ReviewDeadlinePassed, ReviewLocked
from selection.models import (
    Assignment, ConflictOfInterest, Recommendation, Review, ReviewerProfile, ReviewStatus, RubricCriterion, RunStatus,
    StaleReviewEdit,
)
from selection.selectors.reviews import review_closed_since, review_settings
from selection.services.conflicts_of_interest import CHECKED_STATUSES
from selection.services.ranking import ranking_refresh_queue

# The default rubric, after the EU's Marie Skłodowska-Curie Actions: (key, weight, English label, Korean label,
# English description, Korean description). The lead reviews the Korean text with the catalogue.
DEFAULT_RUBRIC = (
    ("excellence", 50, "Research excellence", "연구의 우수성",
     "Quality and originality of the research record and of the proposed research.",
     "연구 실적 및 연구 계획의 수준과 독창성."),
    ("impact", 30, "Impact and AI-convergence potential", "파급효과 및 AI 융합 잠재력",
     "How far the work can carry AI into the team's field, and its expected impact.",
     "연구단의 분야에 AI를 접목할 수 있는 정도 및 기대 파급효과."),
    ("fit", 20, "Fit with the team and feasibility", "연구단 적합성 및 실현 가능성",
     "Fit with the research team's plans, and whether the work can be done in the time given.",
     "연구단 연구 계획과의 부합성 및 주어진 기간 내 수행 가능성."),
)
DEFAULT_ANCHORS = (
    (1, "Poor: serious weaknesses.", "미흡: 심각한 약점이 있음."),
    (2, "Fair: some strengths, significant weaknesses.", "보통: 일부 강점이 있으나 상당한 약점이 있음."),
    (3, "Good: strengths outweigh the weaknesses.", "양호: 강점이 약점보다 큼."),
    (4, "Very good: strong, minor weaknesses only.", "우수: 강점이 뚜렷하며 약점은 경미함."),
    (5, "Excellent: outstanding in every respect.", "탁월: 모든 면에서 뛰어남."),
)
WEIGHT_TOTAL = 100


def rubric_weights_check(*, weights: list[int]) -> None:
    """ValidationError unless the weights of a call's rubric sum to 100."""
    if weights and sum(weights) != WEIGHT_TOTAL:
        raise ValidationError(
            _("The weights of a rubric must sum to 100; these sum to %(total)s.") % {"total": sum(weights)},
            code="weights",
        )


@transaction.atomic
def rubric_default_create(*, call: Call) -> list[RubricCriterion]:
    """The call's rubric; the MSCA-style default is created first when the call has none (idempotent)."""
    Call.objects.select_for_update().filter(pk=call.pk).first()
    existing = list(RubricCriterion.objects.filter(call=call).order_by("position", "pk"))
    if existing:
        return existing
    anchors = [{"score": score, "en": en, "ko": ko} for score, en, ko in DEFAULT_ANCHORS]
    return RubricCriterion.objects.bulk_create([
        RubricCriterion(call=call, key=key, weight=weight, label_en=label_en, label_ko=label_ko,
                        description_en=description_en, description_ko=description_ko, position=position,
                        scale_low=1, scale_high=5, anchors=anchors)
        for position, (key, weight, label_en, label_ko, description_en, description_ko) in enumerate(DEFAULT_RUBRIC)
    ])


def review_scores_clean(*, scores: Any, criteria: list[RubricCriterion]) -> dict[str, int]:
    """The scores keyed by criterion key, each an integer on its criterion's scale; a draft may leave some out."""
    if not isinstance(scores, dict):
        raise ValidationError({"scores": _("Scores must be given per criterion.")})
    by_key = {c.key: c for c in criteria}
    cleaned, errors = {}, []
    for key, value in scores.items():
        criterion = by_key.get(key)
        if criterion is None:
            errors.append(_("%(key)s is not a criterion of this call's rubric.") % {"key": key})
            continue
        if value in (None, ""):
            continue
        try:
            score = int(value)
        except (TypeError, ValueError):
            score = None
        if score is None or str(value).strip() != str(score) or not criterion.scale_low <= score <= criterion.scale_high:
            errors.append(_("%(label)s: give a whole number from %(low)s to %(high)s.") % {
                "label": criterion.label, "low": criterion.scale_low, "high": criterion.scale_high})
            continue
        cleaned[key] = score
    if errors:
        raise ValidationError({"scores": errors})
    return cleaned


def _published_assignment(*, application: Application, reviewer: ReviewerProfile) -> Assignment | None:
    return Assignment.objects.filter(
        application=application, reviewer=reviewer, run__status=RunStatus.PUBLISHED,
    ).order_by("-run__published_at", "-pk").first()


@transaction.atomic
def review_start(*, application: Application, reviewer: ReviewerProfile, by: User) -> Assignment:
    """The reviewer confirms they have no conflict of interest: the dossier opens and the review starts
    (the call gets the default rubric if it has none yet).

    PermissionDenied unless ``selection.review_application``; ValidationError once the application has left
    review (withdrawn, decided); confirming again changes nothing.
    """
    if by.pk != reviewer.user_id:
        raise PermissionDenied
    require_perm(by, "selection.review_application", application)
    if application.status not in CHECKED_STATUSES:
        raise ValidationError(_("This application is no longer in review."), code="not_in_review")
    assignment = _published_assignment(application=application, reviewer=reviewer)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    rubric_default_create(call=application.call)
    if assignment.review_started_at is None:
        assignment.review_started_at = timezone.now()
        assignment.save(update_fields=["review_started_at"])
        audit_record(by=by, action=AuditAction.REVIEW_START, target=application, label=application.reference,
                     call_code=application.call.code, data={"no_conflict_confirmed": True})
    return assignment


def review_get_or_create(*, application: Application, reviewer: ReviewerProfile) -> Review:
    review, _created = Review.objects.get_or_create(
        application=application, reviewer=reviewer,
        defaults={"assignment": _published_assignment(application=application, reviewer=reviewer)},
    )
    return review


@dataclass(frozen=True)
class ReviewSaveResult:
    review: Review
    stale_edit: StaleReviewEdit | None = None

    @property
    def saved(self) -> bool:
        return self.stale_edit is None


REVIEW_FIELDS = ("recommendation", "confidence", "comment_to_staff", "note_to_applicant")


def _clean(*, data: dict[str, Any], criteria: list[RubricCriterion]) -> dict[str, Any]:
    cleaned = {"scores": review_scores_clean(scores=data.get("scores", {}), criteria=criteria)}
    recommendation = data.get("recommendation") or ""
    if recommendation not in ("", *Recommendation.values):
        raise ValidationError({"recommendation": _("Choose one of the recommendations offered.")})
    cleaned["recommendation"] = recommendation
    confidence = data.get("confidence")
    if confidence in (None, ""):
        cleaned["confidence"] = None
    else:
        try:
            cleaned["confidence"] = int(confidence)
        except (TypeError, ValueError):
            cleaned["confidence"] = 0
        if not 1 <= cleaned["confidence"] <= 5:
            raise ValidationError({"confidence": _("Give your confidence from 1 to 5.")})
    for field in ("comment_to_staff", "note_to_applicant"):
        text = data.get(field) or ""
        if not isinstance(text, str) or len(text) > 20_000:
            raise ValidationError({field: _("Keep this under 20,000 characters.")})
        cleaned[field] = text
    return cleaned


def _locked_own_review(*, review: Review, by: User) -> Review:
    if by.pk != review.reviewer.user_id:
        raise PermissionDenied
    require_perm(by, "selection.review_application", review.application)
    locked = Review.objects.select_for_update().select_related("application__call").get(pk=review.pk)
    if locked.is_submitted:
        raise ReviewLocked(_("This review was submitted on %(when)s; only staff can re-open it.") % {
            "when": timezone.localtime(locked.submitted_at).strftime("%Y-%m-%d %H:%M %Z")})
    deadline = review_closed_since(review=locked, settings=review_settings(call=locked.application.call))
    if deadline is not None:
        raise ReviewDeadlinePassed(review_deadline_message(deadline=deadline))
    return locked


def review_deadline_message(*, deadline) -> str:
    return _("The review deadline passed on %(when)s: this review can no longer be changed or submitted. "
             "Ask the programme staff if you need more time.") % {
        "when": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M %Z")}


def application_reviews_complete(*, application: Application) -> bool:
    """Every published assignment of the application whose reviewer has no conflict has a submitted review
    (and there is at least one)."""
    conflicted = ConflictOfInterest.objects.filter(application=application).values("reviewer_id")
    assigned = set(Assignment.objects.filter(application=application, run__status=RunStatus.PUBLISHED)
                   .exclude(reviewer_id__in=conflicted).values_list("reviewer_id", flat=True))
    submitted = set(Review.objects.filter(application=application, status=ReviewStatus.SUBMITTED)
                    .values_list("reviewer_id", flat=True))
    return bool(assigned) and assigned <= submitted


def call_reviewed_application_ids(*, call: Call) -> set[int]:
    """The call's applications under review whose every published, non-conflicted assignment has a submitted
    review: ``application_reviews_complete`` for a whole call, in three queries (for bulk-made reviews)."""
    conflicted = set(
        ConflictOfInterest.objects.filter(application__call=call).values_list("application_id", "reviewer_id")
    )
    submitted = set(Review.objects.filter(application__call=call, status=ReviewStatus.SUBMITTED)
                    .values_list("application_id", "reviewer_id"))
    pending: dict[int, bool] = {}
    for pair in Assignment.objects.filter(
        run__call=call, run__status=RunStatus.PUBLISHED, application__status=ApplicationStatus.UNDER_REVIEW,
    ).values_list("application_id", "reviewer_id"):
        if pair not in conflicted:
            pending[pair[0]] = pending.get(pair[0], False) or pair not in submitted
    return {application_id for application_id, left in pending.items() if not left}


def _application_status_follow(*, application_id: int, submitted: bool, by: User) -> None:
    """After a submission, under review -> reviewed once the application's last pending review is in; after a
    re-opening, reviewed -> under review. The application row is locked before counting, so that of two
    reviewers submitting the last two reviews at once, the second sees the first's (READ COMMITTED)."""
    application = Application.objects.select_for_update(of=("self",)).select_related("call").get(pk=application_id)
    if submitted and application.status == ApplicationStatus.UNDER_REVIEW:
        if application_reviews_complete(application=application):
            application_status_change(application=application, to=ApplicationStatus.REVIEWED, by=by,
                                      reason=_("all reviews submitted"))
    elif not submitted and application.status == ApplicationStatus.REVIEWED:
        application_status_change(application=application, to=ApplicationStatus.UNDER_REVIEW, by=by,
                                  reason=_("a review was re-opened"))


@transaction.atomic
def review_save(*, review: Review, data: dict[str, Any], based_on: int, by: User) -> ReviewSaveResult:
    """Save a draft (all fields may be partial), or keep it as a stale edit if the page was stale."""
    locked = _locked_own_review(review=review, by=by)
    criteria = list(RubricCriterion.objects.filter(call=locked.application.call))
    cleaned = _clean(data=data, criteria=criteria)
    if based_on != locked.version:
        stale_edit = StaleReviewEdit.objects.create(review=locked, based_on=based_on, data=cleaned)
        return ReviewSaveResult(review=locked, stale_edit=stale_edit)
    for field, value in cleaned.items():
        setattr(locked, field, value)
    locked.version += 1
    locked.save()
    return ReviewSaveResult(review=locked)


@transaction.atomic
def review_submit(*, review: Review, based_on: int, by: User) -> Review:
    """Submit the saved draft, once: every criterion scored, a recommendation and a confidence are required.

    The view saves the page's values first (``review_save``), so an incomplete review stays saved as a draft.
    ReviewLocked for a second submission; ValidationError when the draft changed since ``based_on``.
    """
    locked = _locked_own_review(review=review, by=by)
    if based_on != locked.version:
        raise ValidationError(_("This review was changed in another window; reload the page before submitting."),
                              code="stale")
    criteria = RubricCriterion.objects.filter(call=locked.application.call)
    missing = [c.label for c in criteria if c.key not in locked.scores]
    errors = {}
    if missing:
        errors["scores"] = _("Score every criterion before submitting: %(missing)s.") % {"missing": ", ".join(missing)}
    if not locked.recommendation:
        errors["recommendation"] = _("Give an overall recommendation before submitting.")
    if locked.confidence is None:
        errors["confidence"] = _("Give your confidence before submitting.")
    if errors:
        raise ValidationError(errors)
    locked.status = ReviewStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    audit_record(by=by, action=AuditAction.REVIEW_SUBMIT, target=locked, label=locked.application.reference,
                 call_code=locked.application.call.code, data={"scores": locked.scores,
                                                              "recommendation": locked.recommendation})
    _application_status_follow(application_id=locked.application_id, submitted=True, by=by)
    ranking_refresh_queue(call=locked.application.call)
    return locked


@transaction.atomic
def review_reopen(*, review: Review, reason: str, by: User) -> Review:
    """Staff re-open a submitted review so that the reviewer can change it; the reason is logged, and a reviewed
    application goes back under review. Re-opened after the review deadline, the review may be saved and
    submitted again (once): re-opening is staff's explicit decision to let this reviewer change it."""
    require_perm(by, "selection.reopen_review", review.application)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the review is re-opened: the reviewer and the audit trail see it.")})
    locked = Review.objects.select_for_update().select_related("application__call").get(pk=review.pk)
    if not locked.is_submitted:
        raise ValidationError(_("Only a submitted review can be re-opened."))
    locked.status = ReviewStatus.DRAFT
    locked.submitted_at = None
    locked.reopened_at = timezone.now()
    locked.reopened_by = by
    locked.reopen_reason = reason.strip()
    locked.version += 1
    locked.save()
    audit_record(by=by, action=AuditAction.REVIEW_REOPEN, target=locked, label=locked.application.reference,
                 call_code=locked.application.call.code, reason=reason.strip(), data={"reviewer": locked.reviewer_id})
    _application_status_follow(application_id=locked.application_id, submitted=False, by=by)
    ranking_refresh_queue(call=locked.application.call)
    return locked
