"""Reads for reviewing: the reviewer's home (per call, what is left), the review settings and rubric of a call,
and the dossier as a reviewer may see it. Who may read is decided by selection/permissions.py, not here."""
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from applications.models import Application
from applications.selectors.staff_dossier import staff_dossier
from innocore.models import Call
from selection.models import (
    Assignment, ConflictOfInterest, Review, ReviewerProfile, ReviewSettings, RubricCriterion, RunStatus,
    StaleReviewEdit,
)
from selection.blind import name_mask
from selection.ranking import Criterion, RankingInputError, weighted_score
from selection.selectors.assignment import reviewer_published_assignments


@dataclass
class HomeRow:
    assignment: Assignment
    review: Review | None

    @property
    def state(self) -> str:
        """not_started, started (conflict confirmed, no draft yet), draft or submitted."""
        if self.review is not None:
            return self.review.status
        return "started" if self.assignment.review_started_at else "not_started"


@dataclass
class HomeCall:
    call: Call
    settings: ReviewSettings
    rows: list[HomeRow] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.state == "submitted")

    @property
    def left(self) -> int:
        return len(self.rows) - self.submitted

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / len(self.rows)) if self.rows else 0

    @property
    def deadline(self) -> datetime | None:
        return self.settings.review_deadline


def review_settings(*, call: Call) -> ReviewSettings:
    """The call's settings, or the defaults (unsaved) when it has none."""
    return ReviewSettings.objects.filter(call=call).first() or ReviewSettings(call=call)


def review_closed_since(*, review: Review | None, settings: ReviewSettings, now: datetime | None = None
                        ) -> datetime | None:
    """The call's review deadline if it has passed for this review, else None. A review staff re-opened after
    the deadline stays open until it is submitted again."""
    deadline = settings.review_deadline
    if deadline is None or (now or timezone.now()) <= deadline:
        return None
    if review is not None and review.reopened_at is not None and review.reopened_at >= deadline:
        return None
    return deadline


def reviewer_home(*, reviewer: ReviewerProfile) -> list[HomeCall]:
    """The reviewer's published assignments grouped by call, each with its review (conflicted ones left out);
    four queries in all."""
    conflicted = set(ConflictOfInterest.objects.filter(reviewer=reviewer).values_list("application_id", flat=True))
    assignments = [a for a in reviewer_published_assignments(reviewer=reviewer) if a.application_id not in conflicted]
    reviews = {r.application_id: r for r in Review.objects.filter(reviewer=reviewer)}
    call_ids = {a.application.call_id for a in assignments}
    settings = {s.call_id: s for s in ReviewSettings.objects.filter(call_id__in=call_ids)}
    groups: dict[int, HomeCall] = {}
    for assignment in assignments:
        call = assignment.application.call
        group = groups.setdefault(call.pk, HomeCall(call=call, settings=settings.get(call.pk) or ReviewSettings(call=call)))
        group.rows.append(HomeRow(assignment=assignment, review=reviews.get(assignment.application_id)))
    return list(groups.values())


def reviewer_assignment(*, application: Application, reviewer: ReviewerProfile) -> Assignment | None:
    return Assignment.objects.filter(
        application=application, reviewer=reviewer, run__status=RunStatus.PUBLISHED,
    ).order_by("-pk").first()


def reviewer_dossier(*, pk: int) -> Application | None:
    """The whole application, as for staff (a fixed number of queries); the view blinds what it shows."""
    return staff_dossier(pk=pk)


class BlindedApplication:
    """The application as a blind reviewer's pages see it: the identity fields empty and the applicant's own
    name masked as "[applicant]" in the citations and research texts; everything else read through."""

    HIDDEN = {"given_name": "", "family_name": "", "full_name": "", "date_of_birth": None, "nationality": "",
              "current_institution": "", "phd_advisor": "", "applicant": None}

    def __init__(self, application: Application) -> None:
        self._application = application
        names = {"given": application.given_name, "family": application.family_name}
        self.research_summary = name_mask(application.research_summary, **names)
        self.research_plan = name_mask(application.research_plan, **names)
        self.citations = [(name_mask(p.citation, **names), p.year) for p in application.publications.all()]

    def __getattr__(self, name: str):
        if name in self.HIDDEN:
            return self.HIDDEN[name]
        return getattr(self._application, name)


def reviewer_view(*, application: Application, blind: bool):
    """What the reviewer's pages render: the application itself, or its blinded view (``blind``). Both offer
    ``citations``: (citation, year) per publication."""
    if blind:
        return BlindedApplication(application)
    application.citations = [(p.citation, p.year) for p in application.publications.all()]
    return application


def rubric(*, call: Call) -> list[RubricCriterion]:
    return list(RubricCriterion.objects.filter(call=call).order_by("position", "pk"))


def review_of(*, application: Application, reviewer: ReviewerProfile) -> Review | None:
    return Review.objects.filter(application=application, reviewer=reviewer).first()


def review_kept_versions(*, review: Review) -> list[StaleReviewEdit]:
    """Versions of this review saved from stale pages since it was last saved, newest first."""
    return list(StaleReviewEdit.objects.filter(review=review, created_at__gte=review.updated_at))


def other_submitted_reviews(*, application: Application, reviewer: ReviewerProfile) -> list[Review]:
    """The other reviewers' submitted reviews; only for a reviewer whose own is submitted, when the call allows."""
    own = review_of(application=application, reviewer=reviewer)
    if own is None or not own.is_submitted or not review_settings(call=application.call).reviews_visible_after_submit:
        return []
    return list(Review.objects.filter(application=application, status="submitted").exclude(reviewer=reviewer)
                .order_by("submitted_at", "pk"))


@dataclass(frozen=True)
class StaffReviewRow:
    review: Review
    weighted: float | None  # on the rubric's scale; None until every criterion is scored


def review_weighted_score(*, review: Review, criteria: list[RubricCriterion]) -> float | None:
    """The review's weighted score (selection.ranking), or None while it is incomplete or the rubric unusable."""
    try:
        return weighted_score(
            scores=review.scores,
            criteria=[Criterion(key=c.key, weight=c.weight, low=c.scale_low, high=c.scale_high) for c in criteria],
        )
    except RankingInputError:
        return None


def application_reviews(*, application: Application) -> list[StaffReviewRow]:
    """Every review of the application for staff, with its weighted score; two queries whatever their number."""
    criteria = rubric(call=application.call)
    reviews = Review.objects.filter(application=application).select_related("reviewer__user", "reopened_by")
    return [StaffReviewRow(review=r, weighted=review_weighted_score(review=r, criteria=criteria))
            for r in reviews.order_by("submitted_at", "pk")]
