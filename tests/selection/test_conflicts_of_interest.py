"""Conflicts of interest: the pure finder per source, and the service that keeps them in the database."""
from datetime import date

import pytest

from applications.models import Publication
from selection.conflicts_of_interest import ApplicantTies, ReviewerTies, detect_conflicts_of_interest, institution_keys
from innocore.models import AuditEntry
from selection.errors import ConflictOfInterestNotDeclarable
from selection.models import Assignment, ConflictOfInterest, ConflictOfInterestSource, RunStatus
from selection.services.conflicts_of_interest import (
    conflict_of_interest_add, conflict_of_interest_declare, conflicts_of_interest_detect,
)
from tests.factories import (
    AssignmentRunFactory, AwaitingReviewApplicationFactory, CallFactory, ReviewerProfileFactory, StaffFactory,
)

REVIEWER = ReviewerTies(key=7, given_name="Jae-hyun", family_name="Park", institution="KAIST",
                        phd_institution="The University of Tokyo", phd_year=2010, orcid="0000-0002-1825-0097")


def found(application: ApplicantTies, reviewer: ReviewerTies = REVIEWER, **kwargs) -> set[str]:
    return {c.source for c in detect_conflicts_of_interest(applications=[application], reviewers=[reviewer], **kwargs)}


@pytest.mark.parametrize("one, other, same", [
    ("KAIST", "Korea Advanced Institute of Science and Technology", True),
    ("The University of Tokyo", "Tokyo University", True),
    ("Univ. of Cambridge", "University of Cambridge", True),
    ("École Polytechnique Fédérale de Lausanne", "Ecole polytechnique federale de Lausanne", True),
    ("University of California, Berkeley", "University of California, Los Angeles", False),
    ("Seoul National University", "Pusan National University", False),
])
def test_institution_names_are_normalised_lightly(one, other, same):
    from selection.conflicts_of_interest import _matching_keys

    assert bool(_matching_keys(institution_keys(one)) & institution_keys(other)) is same


def test_same_current_institution():
    assert found(ApplicantTies(key=1, current_institution="Korea Advanced Institute of Science and Technology")) == {
        ConflictOfInterestSource.SAME_INSTITUTION}
    assert found(ApplicantTies(key=1, current_institution="UNIST")) == set()


def test_same_phd_institution_only_within_n_years():
    close = ApplicantTies(key=1, phd_institution="University of Tokyo", phd_year=2014)
    far = ApplicantTies(key=2, phd_institution="University of Tokyo", phd_year=2021)
    assert found(close, phd_years=5) == {ConflictOfInterestSource.SAME_PHD_INSTITUTION}
    assert found(far, phd_years=5) == set()
    assert found(far, phd_years=11) == {ConflictOfInterestSource.SAME_PHD_INSTITUTION}
    assert found(ApplicantTies(key=3, phd_institution="University of Tokyo", phd_year=None)) == set()


@pytest.mark.parametrize("advisor, hit", [
    ("Prof. Jae-hyun Park", True), ("Park Jae-hyun", True), ("J. Park", True), ("Minsoo Park", False), ("", False),
])
def test_advisor_by_name(advisor, hit):
    assert (ConflictOfInterestSource.ADVISOR in found(ApplicantTies(key=1, advisor=advisor))) is hit


@pytest.mark.parametrize("citation, hit", [
    ("Park, J.-H., Lee, S. (2022). Scaling laws. NeurIPS.", True),
    ("S. Lee and J. Park. Scaling laws. ICML 2021.", True),
    ("Lee S, Kim M. Graphs. Nature 2020. ORCID 0000-0002-1825-0097", True),
    ("Park, M., Lee, S. (2022). Something else. NeurIPS.", False),
    ("Choi, J. (2020). Parking lots. Journal.", False),
])
def test_coauthor_by_surname_and_initial_or_orcid(citation, hit):
    assert (ConflictOfInterestSource.COAUTHOR in found(ApplicantTies(key=1, citations=[citation]))) is hit



@pytest.mark.django_db
def test_detect_for_a_call_is_idempotent_and_keeps_manual_conflicts():
    call = CallFactory()
    staff = StaffFactory()
    application = AwaitingReviewApplicationFactory(
        call=call, current_institution="KAIST", phd_institution="MIT", phd_date=date(2019, 2, 1),
        phd_advisor="Ada Lovelace",
    )
    Publication.objects.create(application=application, position=1, citation="Turing, A., Smith, J. (2021) On things.")
    same_place = ReviewerProfileFactory(institution="Korea Advanced Institute of Science and Technology")
    advisor = ReviewerProfileFactory(user__first_name="Ada", user__last_name="Lovelace", institution="Oxford")
    coauthor = ReviewerProfileFactory(user__first_name="Alan", user__last_name="Turing", institution="Manchester")
    phd_mate = ReviewerProfileFactory(phd_institution="Massachusetts Institute of Technology", phd_year=2016,
                                      institution="Elsewhere")
    stranger = ReviewerProfileFactory(institution="Elsewhere", user__first_name="Zed", user__last_name="Zulu")
    manual = conflict_of_interest_add(application=application, reviewer=stranger, detail="Former colleague", by=staff)

    assert conflicts_of_interest_detect(call=call)["added"] == 4
    sources = set(ConflictOfInterest.objects.values_list("reviewer_id", "source"))
    assert sources == {
        (same_place.pk, ConflictOfInterestSource.SAME_INSTITUTION), (advisor.pk, ConflictOfInterestSource.ADVISOR),
        (coauthor.pk, ConflictOfInterestSource.COAUTHOR), (phd_mate.pk, ConflictOfInterestSource.SAME_PHD_INSTITUTION),
        (stranger.pk, ConflictOfInterestSource.ENTERED_BY_STAFF),
    }
    again = conflicts_of_interest_detect(call=call)
    assert again == {"added": 0, "removed": 0, "kept": 4, "assignments_removed": 0}
    same_place.institution = "UNIST"
    same_place.save()
    assert conflicts_of_interest_detect(call=call)["removed"] == 1
    assert ConflictOfInterest.objects.filter(pk=manual.pk).exists()
    assert not ConflictOfInterest.objects.filter(reviewer=same_place).exists()


@pytest.mark.django_db
def test_a_declared_conflict_removes_the_unstarted_assignment_but_not_a_started_one():
    application = AwaitingReviewApplicationFactory()
    run = AssignmentRunFactory(call=application.call, status=RunStatus.PUBLISHED)
    fresh, started = ReviewerProfileFactory(), ReviewerProfileFactory()
    Assignment.objects.create(run=run, application=application, reviewer=fresh)
    Assignment.objects.create(run=run, application=application, reviewer=started, review_started_at="2025-08-01T00:00Z")
    conflict_of_interest_declare(reviewer=fresh, application=application, detail="My student", by=fresh.user)
    conflict_of_interest_declare(reviewer=started, application=application, by=started.user)
    assert list(Assignment.objects.values_list("reviewer_id", flat=True)) == [started.pk]
    assert ConflictOfInterest.objects.get(reviewer=fresh).source == ConflictOfInterestSource.DECLARED_BY_REVIEWER


@pytest.mark.django_db
def test_only_the_reviewer_declares_their_conflict_and_staff_must_say_why():
    from django.core.exceptions import ValidationError

    application = AwaitingReviewApplicationFactory()
    reviewer, other = ReviewerProfileFactory(), ReviewerProfileFactory()
    with pytest.raises(ValidationError, match="Only the reviewer"):
        conflict_of_interest_declare(reviewer=reviewer, application=application, by=other.user)
    with pytest.raises(ValidationError, match="Say what the conflict is"):
        conflict_of_interest_add(reviewer=reviewer, application=application, detail="  ", by=StaffFactory())


@pytest.mark.django_db
@pytest.mark.parametrize("situation", ["not_assigned", "proposed_run_only", "already_conflicted", "other_reviewer"])
def test_declaring_outside_the_reviewers_published_assignments_is_refused_and_records_nothing(situation):
    """Issue 8: the service itself refuses what selection.declare_conflict_of_interest refuses, like an unknown id."""
    application = AwaitingReviewApplicationFactory()
    reviewer, other = ReviewerProfileFactory(), ReviewerProfileFactory()
    published = AssignmentRunFactory(call=application.call, status=RunStatus.PUBLISHED)
    if situation == "proposed_run_only":
        Assignment.objects.create(run=AssignmentRunFactory(call=application.call), application=application,
                                  reviewer=reviewer)
    elif situation == "already_conflicted":
        Assignment.objects.create(run=published, application=application, reviewer=reviewer,
                                  review_started_at="2025-08-01T00:00Z")
        ConflictOfInterest.objects.create(
            application=application, reviewer=reviewer, source=ConflictOfInterestSource.COAUTHOR
        )
    elif situation == "other_reviewer":
        Assignment.objects.create(run=published, application=application, reviewer=other)
    conflicts, audit = ConflictOfInterest.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ConflictOfInterestNotDeclarable, match="None of the applications assigned to you"):
        conflict_of_interest_declare(reviewer=reviewer, application=application, detail="I know them", by=reviewer.user)
    assert (ConflictOfInterest.objects.count(), AuditEntry.objects.count()) == (conflicts, audit)
