"""Demo reviews: the demo call's assignment published and most of its reviews submitted.

Scores follow the crossed model the ranking fits: a latent quality per application plus a fixed
leniency per reviewer plus noise, put on each criterion's scale and rounded. Deterministic (keyed on
the application's reference and the reviewer's email, not on database ids) and idempotent (a pair
with a review is left alone). About one assignment in ten stays without a review, so that the staff
pages have missing reviews to show.
"""
import random
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.services.status import applications_status_change
from innocore.models import Call, User
from selection.models import (
    Assignment, AssignmentRun, Recommendation, Review, ReviewerProfile, ReviewStatus, RubricCriterion, RunStatus,
)
from selection.services.assignment import assignment_run_solve, assignment_run_start
from selection.services.assignment_edit import assignment_publish
from selection.services.reviews import call_reviewed_application_ids, rubric_default_create

MISSING_SHARE = 0.10
LENIENCY_SD = 0.5  # a reviewer's offset, in standard deviations of application quality
NOISE_SD = 0.6
# Thresholds on the weighted score, 0 (every criterion at its lowest) to 1 (every one at its highest).
RECOMMENDATIONS = ((0.8, Recommendation.STRONGLY_SUPPORT), (0.6, Recommendation.SUPPORT),
                   (0.4, Recommendation.NEUTRAL), (-1.0, Recommendation.DO_NOT_SUPPORT))


def demo_assignment_publish(*, call: Call, by: User) -> AssignmentRun | None:
    """The call's published run; when it has none, a run is solved here (no worker needed) and published
    through the publishing service, so that its applications go under review by the status service."""
    published = AssignmentRun.objects.filter(call=call, status=RunStatus.PUBLISHED).first()
    if published is not None:
        return published
    if not call.applications.filter(status=ApplicationStatus.AWAITING_REVIEW).exists() or not (
        ReviewerProfile.objects.filter(is_available=True).exists()
    ):
        return None
    run = AssignmentRun.objects.filter(call=call, status=RunStatus.PROPOSED).order_by("-created_at").first()
    if run is None:
        run = assignment_run_start(call=call, by=by, k=3)
        # With no broker (the embedded demo) the queued task may already have solved it in this process.
        run.refresh_from_db()
        if run.status == RunStatus.QUEUED:
            assignment_run_solve(run=run)
            run.refresh_from_db()
        if run.status != RunStatus.PROPOSED:
            return None
    return assignment_publish(run=run, by=by)


def _score(*, criterion: RubricCriterion, latent: float) -> int:
    middle = (criterion.scale_low + criterion.scale_high) / 2
    step = (criterion.scale_high - criterion.scale_low) / 4  # two standard deviations reach either end
    return min(criterion.scale_high, max(criterion.scale_low, round(middle + step * latent)))


def demo_review_values(*, reference: str, email: str, criteria: list[RubricCriterion]) -> dict:
    """Scores, recommendation and confidence of one review; the same for the same pair every time."""
    quality = random.Random(f"innocore-demo-quality-{reference}").gauss(0, 1)
    leniency = random.Random(f"innocore-demo-leniency-{email}").gauss(0, LENIENCY_SD)
    rng = random.Random(f"innocore-demo-review-{reference}-{email}")
    scores = {c.key: _score(criterion=c, latent=quality + leniency + rng.gauss(0, NOISE_SD)) for c in criteria}
    weighted = sum(c.weight * (scores[c.key] - c.scale_low) / (c.scale_high - c.scale_low) for c in criteria) / sum(
        c.weight for c in criteria)
    recommendation = next(value for threshold, value in RECOMMENDATIONS if weighted >= threshold)
    # Surer at the ends of the scale than in the middle.
    confidence = min(5, max(1, round(3 + 3 * abs(weighted - 0.5) + rng.gauss(0, 0.6))))
    return {"scores": scores, "recommendation": recommendation, "confidence": confidence}


def _left_out(*, reference: str, email: str) -> bool:
    return random.Random(f"innocore-demo-missing-{reference}-{email}").random() < MISSING_SHARE


@transaction.atomic
def demo_reviews_seed(*, call: Call, now: datetime | None = None) -> int:
    """Submitted reviews for about nine in ten of the call's published assignments; returns how many were added."""
    now = now or timezone.now()
    criteria = rubric_default_create(call=call)
    if not criteria:
        return 0
    assignments = Assignment.objects.filter(run__call=call, run__status=RunStatus.PUBLISHED)
    have = set(Review.objects.filter(application__call=call).values_list("application_id", "reviewer_id"))
    reviews, started = [], []
    for pk, application_id, reviewer_id, reference, email in assignments.values_list(
        "pk", "application_id", "reviewer_id", "application__reference", "reviewer__user__email"
    ).order_by("pk"):
        if (application_id, reviewer_id) in have or _left_out(reference=reference, email=email):
            continue
        started.append(pk)
        reviews.append(Review(
            application_id=application_id, reviewer_id=reviewer_id, assignment_id=pk, status=ReviewStatus.SUBMITTED,
            submitted_at=now, **demo_review_values(reference=reference, email=email, criteria=criteria),
        ))
    Assignment.objects.filter(pk__in=started, review_started_at__isnull=True).update(review_started_at=now)
    added = len(Review.objects.bulk_create(reviews, batch_size=1000, ignore_conflicts=True))
    # As review_submit does one by one: applications with every review in are "reviewed".
    applications_status_change(application_ids=call_reviewed_application_ids(call=call),
                               to=ApplicationStatus.REVIEWED, by=None, reason="all reviews submitted (demo data)",
                               only_from=[ApplicationStatus.UNDER_REVIEW], now=now)
    return added
