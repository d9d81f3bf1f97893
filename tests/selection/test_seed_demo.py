from collections import Counter

import pytest
from django.core.management import call_command

from applications.demo_profiles import synthetic_applicant
from applications.models import Application
from innocore.models import Call, CallTeamQuota, Institute, ResearchTeam, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path  # seeded dossiers store their PDFs


def test_seed_demo_refuses_production_without_the_flag(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_seed_demo_is_idempotent():
    call_command("seed_demo", "--applications", "25", stdout=open("/dev/null", "w"))
    counts = (Institute.objects.count(), ResearchTeam.objects.count(), Call.objects.count(),
              CallTeamQuota.objects.count(), User.objects.count(), Application.objects.count())
    call_command("seed_demo", "--applications", "25", stdout=open("/dev/null", "w"))
    assert counts == (Institute.objects.count(), ResearchTeam.objects.count(), Call.objects.count(),
                      CallTeamQuota.objects.count(), User.objects.count(), Application.objects.count())
    assert counts == (4, 8, 1, 8, 3 + 40 + 25, 25)
    call = Call.objects.get()
    assert call.total_quota == 400 and sum(q.quota for q in call.team_quotas.all()) == 400
    assert set(ResearchTeam.objects.values_list("is_demo", flat=True)) == {True}


def test_seeded_institute_quotas_follow_the_reported_caps():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    per_institute = Counter()
    for quota in CallTeamQuota.objects.select_related("team__institute"):
        per_institute[quota.team.institute.code] += quota.quota
    assert per_institute == {"KAIST": 200, "UNIST": 100, "DGIST": 50, "GIST": 50}


def test_demo_logins_work(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    response = client.post("/accounts/login/", {"login": "applicant@demo.innocore.example",
                                                "password": "demo-applicant-2025"})
    assert response.status_code == 302


def test_synthetic_cohort_has_the_2025_shape():
    profiles = [synthetic_applicant(i) for i in range(4000)]
    overseas = sum(p.is_overseas for p in profiles) / len(profiles)
    assert 0.36 < overseas < 0.44  # 159 of 400 = 39.75%
    foreign = Counter(p.nationality for p in profiles if p.nationality != "KR")
    top_two = [code for code, _ in foreign.most_common(2)]
    assert top_two == ["IN", "CN"]
    assert synthetic_applicant(7) == synthetic_applicant(7)
    categories = Counter(p.category for p in profiles)
    assert 0.25 < categories["new_domestic_phd"] / len(profiles) < 0.33  # 116 of 400 = 29%


def test_seed_demo_shows_the_whole_pipeline(django_capture_on_commit_callbacks):
    """Seeded dossiers are checked for eligibility, conflicts are found, a run covers every eligible one and is
    published (they go under review), and a new run covers them again."""
    from applications.models import ApplicationStatus, EligibilityVerdict
    from selection.models import Assignment, ConflictOfInterest, RunStatus
    from selection.services.assignment import assignment_run_start

    out = open("/dev/null", "w")
    call_command("seed_demo", "--applications", "60", "--reviewers", "60", stdout=out)
    statuses = Counter(Application.objects.values_list("status", flat=True))
    # Under review, or reviewed when every review of it is in (the seeded reviews leave about one in ten out).
    assert statuses[ApplicationStatus.UNDER_REVIEW] + statuses[ApplicationStatus.REVIEWED] >= 40
    assert statuses[ApplicationStatus.AWAITING_REVIEW] == 0
    assert statuses[ApplicationStatus.SUBMITTED] == 0  # every submitted one has been checked
    assert EligibilityVerdict.objects.count() == 60 - statuses[ApplicationStatus.DRAFT]
    sources = set(ConflictOfInterest.objects.values_list("source", flat=True))
    assert {"same_institution", "coauthor"} <= sources
    call = Call.objects.get()
    published = call.assignment_runs.get(status=RunStatus.PUBLISHED)
    assert published.published_by.email == "staff@demo.innocore.example"
    staff = User.objects.get(email="staff@demo.innocore.example")
    with django_capture_on_commit_callbacks(execute=True):
        run = assignment_run_start(call=call, by=staff, k=3)
    run.refresh_from_db()
    assert run.status == RunStatus.PROPOSED and run.uncovered == []
    per_application = Counter(Assignment.objects.filter(run=run).values_list("application_id", flat=True))
    assert len(per_application) == statuses[ApplicationStatus.UNDER_REVIEW]  # reviewed ones need no reviewers
    assert set(per_application.values()) == {3}
    conflicted = set(ConflictOfInterest.objects.values_list("application_id", "reviewer_id"))
    assert not conflicted & set(Assignment.objects.values_list("application_id", "reviewer_id"))


def test_seed_demo_makes_complete_reviewers_for_every_team_and_finds_conflicts():
    from selection.models import ConflictOfInterest, ReviewerProfile

    call_command("seed_demo", "--reviewers", "44", stdout=open("/dev/null", "w"))
    profiles = list(ReviewerProfile.objects.select_related("team", "user"))
    assert len(profiles) == 44 + 1  # and the demo reviewer login
    assert all(p.is_complete and p.expertise and p.institution for p in profiles)
    per_team = Counter(p.team.code for p in profiles if p.team and not p.user.email.startswith("reviewer@"))
    assert set(per_team.values()) == {5} and len(per_team) == 8
    assert sum(1 for p in profiles if p.team is None) == 4
    team = profiles[0].team or ResearchTeam.objects.first()
    assert any(k in team.keyword_list for p in profiles if p.team == team for k in p.keyword_list)
    first = [(p.user.email, p.institution, p.expertise) for p in ReviewerProfile.objects.order_by("pk")]
    call_command("seed_demo", "--reviewers", "44", stdout=open("/dev/null", "w"))
    assert first == [(p.user.email, p.institution, p.expertise) for p in ReviewerProfile.objects.order_by("pk")]
    assert (
        ConflictOfInterest.objects.count()
        == ConflictOfInterest.objects.values("application", "reviewer", "source").distinct().count()
    )


def test_seeded_reviewers_conflict_with_applicants_from_their_institution():
    from selection.demo import demo_reviewers_seed
    from selection.models import ConflictOfInterest, ReviewerProfile
    from selection.services.conflicts_of_interest import conflicts_of_interest_detect

    call_command("seed_demo", "--applications", "3", "--reviewers", "0", stdout=open("/dev/null", "w"))
    demo_reviewers_seed(call=Call.objects.get(), count=12)
    reviewer = ReviewerProfile.objects.filter(team__isnull=False).first()
    from applications.services.status import application_status_change

    application = Application.objects.exclude(status="draft").first()
    application.current_institution = reviewer.institution.upper()
    application.save(update_fields=["current_institution"])
    if application.status != "awaiting_review":
        application_status_change(application=application, to="awaiting_review", by=None)
    conflicts_of_interest_detect(call=Call.objects.get())
    assert ConflictOfInterest.objects.filter(
        application=application, reviewer=reviewer, source="same_institution"
    ).exists()


def test_seed_demo_rejects_bad_reviewer_counts():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--reviewers must be 0 or more"):
        call_command("seed_demo", "--reviewers", "-1", stdout=open("/dev/null", "w"))


def test_seed_demo_submits_most_reviews_on_the_rubric_scales_and_adds_nothing_on_a_rerun():
    from applications.models import ApplicationStatus
    from selection.models import Assignment, Review, RubricCriterion

    out = open("/dev/null", "w")
    call_command("seed_demo", "--applications", "40", "--reviewers", "45", stdout=out)
    criteria = list(RubricCriterion.objects.all())
    assert sorted(c.weight for c in criteria) == [20, 30, 50]
    assignments = Assignment.objects.filter(run__status="published")
    reviews = list(Review.objects.select_related("assignment"))
    assert reviews and all(r.status == "submitted" and r.submitted_at for r in reviews)
    assert all(r.assignment.review_started_at and (r.application_id, r.reviewer_id) ==
               (r.assignment.application_id, r.assignment.reviewer_id) for r in reviews)
    missing = assignments.count() - len(reviews)
    assert 0 < missing < 0.3 * assignments.count()
    for review in reviews:
        assert set(review.scores) == {c.key for c in criteria}
        assert all(c.scale_low <= review.scores[c.key] <= c.scale_high for c in criteria)
        assert 1 <= review.confidence <= 5 and review.recommendation
    assert len({tuple(sorted(r.scores.items())) for r in reviews}) > 5  # not one score for all
    weights = {c.key: c.weight for c in criteria}
    mean = {}
    for recommendation in ("do_not_support", "neutral", "support", "strongly_support"):
        totals = [sum(weights[k] * v for k, v in r.scores.items()) for r in reviews if r.recommendation == recommendation]
        if totals:
            mean[recommendation] = sum(totals) / len(totals)
    assert list(mean.values()) == sorted(mean.values()) and len(mean) >= 2  # a better score, a warmer word
    reviewed = {(r.application_id, r.reviewer_id) for r in reviews}
    pending = {a.application_id for a in assignments if (a.application_id, a.reviewer_id) not in reviewed}
    statuses = dict(Application.objects.filter(pk__in=assignments.values("application_id")).values_list("pk", "status"))
    assert {pk for pk, status in statuses.items() if status == ApplicationStatus.UNDER_REVIEW} == pending
    assert set(statuses.values()) == {ApplicationStatus.UNDER_REVIEW, ApplicationStatus.REVIEWED}
    first = sorted((r.application_id, r.reviewer_id, tuple(sorted(r.scores.items()))) for r in reviews)
    call_command("seed_demo", "--applications", "40", "--reviewers", "45", stdout=out)
    assert sorted((r.application_id, r.reviewer_id, tuple(sorted(r.scores.items())))
                  for r in Review.objects.all()) == first
    assert Assignment.objects.count() == assignments.count()


def test_demo_scores_follow_quality_and_leniency():
    """A lenient reviewer scores higher than a harsh one, and a better application higher than a weaker one."""
    from selection.demo_reviews import demo_review_values
    from selection.services.reviews import rubric_default_create
    from tests.factories import CallFactory

    criteria = rubric_default_create(call=CallFactory())
    references = [f"DEMO-{i:04d}" for i in range(300)]
    emails = [f"reviewer-{i}@example.org" for i in range(6)]

    def total(reference, email):
        values = demo_review_values(reference=reference, email=email, criteria=criteria)
        return sum(c.weight * values["scores"][c.key] for c in criteria)

    by_reviewer = {e: sum(total(r, e) for r in references) / len(references) for e in emails}
    assert max(by_reviewer.values()) - min(by_reviewer.values()) > 20  # weighted points, 100 to 500
    by_application = sorted(sum(total(r, e) for e in emails) for r in references)
    assert by_application[-1] - by_application[0] > 150
    values = demo_review_values(reference=references[0], email=emails[0], criteria=criteria)
    assert values == demo_review_values(reference=references[0], email=emails[0], criteria=criteria)


def test_seed_demo_without_applications_publishes_nothing():
    from selection.models import AssignmentRun, Review

    call_command("seed_demo", "--reviewers", "5", stdout=open("/dev/null", "w"))
    assert not AssignmentRun.objects.exists() and not Review.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_make_run_seeds_reviews_when_the_queued_run_was_already_solved_in_process():
    """As in `make run`: no surrounding transaction and no broker, so the run's task runs (in-process)
    as soon as it is queued; the seeder must publish that solved run, not give up on it."""
    from selection.models import AssignmentRun, Review

    call_command("seed_demo", "--applications", "40", "--reviewers", "30", stdout=open("/dev/null", "w"))
    assert AssignmentRun.objects.filter(status="published").count() == 1
    assert Review.objects.filter(status="submitted").exists()
    assert Application.objects.filter(status="under_review").exists()


def test_seed_demo_proposes_a_match_within_the_quotas_and_keeps_it_on_a_rerun():
    from innocore.models import CallTeamQuota
    from selection.models import MatchRun, Offer, Placement

    out = open("/dev/null", "w")
    call_command("seed_demo", "--applications", "60", "--reviewers", "45", stdout=out)
    run = MatchRun.objects.get()
    assert run.status == "proposed" and run.call.decision_settings.near_line_lottery and run.lottery_seed
    placed = Placement.objects.filter(run=run, outcome="placed")
    assert placed.exists() and not Offer.objects.exists()  # nothing decided before staff publish
    quotas = dict(CallTeamQuota.objects.filter(call=run.call).values_list("team_id", "quota"))
    for team, seats in Counter(placed.values_list("team_id", flat=True)).items():
        assert seats <= quotas[team]
    call_command("seed_demo", "--applications", "60", "--reviewers", "45", stdout=out)
    assert list(MatchRun.objects.values_list("pk", "status")) == [(run.pk, "proposed")]
