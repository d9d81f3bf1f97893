from datetime import timedelta

import factory
from django.utils import timezone

from applications.models import Application
from innocore.models import Call, CallTeamQuota, Institute, ResearchTeam, User, UserRole


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = UserRole.APPLICANT
    password = factory.django.Password("correct horse battery")
    # As after their first page: the language is stored then (innocore.i18n), which would count as a query.
    language = "en"


class StaffFactory(UserFactory):
    role = UserRole.MINISTRY_STAFF
    is_staff = True
    is_superuser = True


class InstituteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institute

    code = factory.Sequence(lambda n: f"INST{n}")
    name_en = factory.LazyAttribute(lambda o: f"Institute {o.code}")
    name_ko = factory.LazyAttribute(lambda o: f"연구원 {o.code}")


class MinistryStaffFactory(UserFactory):
    """Ministry staff: everything in the portal and the admin, without being a superuser."""
    role = UserRole.MINISTRY_STAFF
    is_staff = True


class InstituteStaffFactory(UserFactory):
    """Staff of one institute: the applications of that institute's teams only, and no admin."""
    role = UserRole.INSTITUTE_STAFF
    institute = factory.SubFactory(InstituteFactory)


class ResearchTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchTeam

    code = factory.Sequence(lambda n: f"TEAM{n}")
    institute = factory.SubFactory(InstituteFactory)
    name_en = factory.LazyAttribute(lambda o: f"Team {o.code}")
    name_ko = factory.LazyAttribute(lambda o: f"연구단 {o.code}")
    keywords = "machine learning, robotics"


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    code = factory.Sequence(lambda n: f"C{n}")
    title_en = factory.LazyAttribute(lambda o: f"Call {o.code}")
    title_ko = factory.LazyAttribute(lambda o: f"공고 {o.code}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    total_quota = 400


class CallTeamQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallTeamQuota

    call = factory.SubFactory(CallFactory)
    team = factory.SubFactory(ResearchTeamFactory)
    quota = 10


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    reference = factory.Sequence(lambda n: f"REF-{n:06d}")
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    nationality = "KR"
    country_of_residence = "KR"


# Eligibility (issue 4) -------------------------------------------------------------------------------------------

class SubmittedApplicationFactory(ApplicationFactory):
    """A submitted dossier that passes the default eligibility rules: its call gets two teams, the
    applicant ranks one, three documents are stored and two referee letters received."""

    class Meta:
        skip_postgeneration_save = True

    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)
    phd_status = "awarded"
    phd_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3 * 365))
    research_field = "machine learning"
    keywords = "LLM, reasoning"

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        from applications.documents.validation import DocumentKind
        from applications.models import Document, Referee, RefereeStatus, TeamPreference

        if not create or extracted is False:
            return
        quota = CallTeamQuota.objects.filter(call=self.call).select_related("team").first()
        team = quota.team if quota else CallTeamQuotaFactory(call=self.call).team
        TeamPreference.objects.create(application=self, rank=1, team=team)
        for kind in DocumentKind.values:
            Document.objects.create(application=self, kind=kind, storage_name=f"{self.reference}-{kind}.pdf",
                                    original_name=f"{kind}.pdf", size=1000, pages=1, sha256="0" * 64)
        for number in range(2):
            Referee.objects.create(application=self, name=f"Referee {number}", email=f"ref{number}@uni.example",
                                   status=RefereeStatus.RECEIVED, letter_received_at=timezone.now())


class EligibilityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.EligibilityRule"

    call = factory.SubFactory(CallFactory)
    code = "years_since_phd"
    params = factory.LazyFunction(dict)


# Selection (reviewers, conflicts, assignment) --------------------------------------------------

class ReviewerUserFactory(UserFactory):
    role = UserRole.REVIEWER


class ReviewerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "selection.ReviewerProfile"

    user = factory.SubFactory(ReviewerUserFactory)
    institution = factory.Sequence(lambda n: f"Reviewer University {n}")
    expertise = "machine learning, large language models"
    max_load = 12
    profile_completed_at = factory.LazyFunction(timezone.now)


class AwaitingReviewApplicationFactory(ApplicationFactory):
    """An eligible application waiting for reviewers, with keywords and a research summary."""

    status = "awaiting_review"
    submitted_at = factory.LazyFunction(timezone.now)
    keywords = "large language models, reasoning"
    research_summary = "Reasoning in large language models with reinforcement learning."
    current_institution = factory.Sequence(lambda n: f"Applicant Institute {n}")


class AssignmentRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "selection.AssignmentRun"

    call = factory.SubFactory(CallFactory)
    status = "proposed"
    stage = "done"


TOPICS = [
    ("large language models, reasoning", "Reasoning and alignment of large language models."),
    ("drug discovery, protein structure", "Protein structure prediction for drug discovery."),
    ("hydrogen energy, electrocatalysis", "Machine learning for hydrogen electrocatalysis."),
    ("medical imaging, brain disease", "Deep learning on medical imaging for early brain disease diagnosis."),
]


def seeded_assignment_call(*, applications: int = 8, reviewers: int = 6, teams: int = 2, max_load: int = 6):
    """A call with teams, AWAITING_REVIEW applications (keywords, summaries, one team preference)
    and reviewers with complete profiles split over the teams; returns (call, applications, reviewers)."""
    from applications.models import TeamPreference

    call = CallFactory()
    team_rows = [CallTeamQuotaFactory(call=call).team for _ in range(teams)]
    made = []
    for index in range(applications):
        keywords, summary = TOPICS[index % len(TOPICS)]
        application = AwaitingReviewApplicationFactory(call=call, keywords=keywords, research_summary=summary)
        TeamPreference.objects.create(application=application, rank=1, team=team_rows[index % teams])
        made.append(application)
    profiles = [
        ReviewerProfileFactory(team=team_rows[index % teams], expertise=TOPICS[index % len(TOPICS)][0], max_load=max_load)
        for index in range(reviewers)
    ]
    return call, made, profiles


# Decisions and offers (issue 11) ---------------------------------------------------------------------------------

class DecidedApplicationFactory(ApplicationFactory):
    """An application past review, in a decision status (give ``status``)."""

    status = "waitlisted"
    submitted_at = factory.LazyFunction(timezone.now)


class MatchRunFactory(factory.django.DjangoModelFactory):
    """A published run (as publishing leaves it): give ``lists`` (team code -> application ids) and
    ``capacities`` (team code -> seats)."""

    class Meta:
        model = "selection.MatchRun"

    call = factory.SubFactory(CallFactory)
    status = "published"
    ranking_seed = 1
    created_by = factory.SubFactory(MinistryStaffFactory)
    published_by = factory.SelfAttribute("created_by")
    published_at = factory.LazyFunction(timezone.now)


class OfferFactory(factory.django.DjangoModelFactory):
    """An open offer (as ``decisions_send`` leaves it): sent now, to be answered within 14 days."""

    class Meta:
        model = "selection.Offer"

    run = factory.SubFactory(MatchRunFactory)
    call = factory.SelfAttribute("run.call")
    team = factory.LazyAttribute(lambda o: CallTeamQuotaFactory(call=o.call, quota=1).team)
    application = factory.SubFactory(DecidedApplicationFactory, call=factory.SelfAttribute("..call"), status="offered")
    status = "open"
    rank = 1
    choice = 1
    sent_at = factory.LazyFunction(timezone.now)
    respond_by = factory.LazyAttribute(lambda o: o.sent_at + timedelta(days=14) if o.sent_at else None)


class AcceptedOfferFactory(OfferFactory):
    application = factory.SubFactory(DecidedApplicationFactory, call=factory.SelfAttribute("..call"),
                                     status="accepted")
    status = "accepted"
    responded_at = factory.LazyFunction(timezone.now)


def offer_market(*, applicants: dict, teams: dict, holding: dict, call=None, statuses: dict | None = None):
    """A call whose published run is in the state publishing and sending leave it: ``applicants`` name ->
    team names in order; ``teams`` name -> (quota, [applicant names best first]); ``holding`` applicant ->
    team (an open offer, application offered; others on a list are waitlisted). ``statuses`` overrides an
    application's status (an offer status follows: pending for selected, accepted for accepted).

    Returns (run, applications by name, teams by name)."""
    from applications.models import TeamPreference

    statuses = statuses or {}
    call = call or CallFactory(total_quota=max(1, sum(quota for quota, _ in teams.values())))
    team_rows = {}
    for name, (quota, _ranking) in teams.items():
        team_rows[name] = ResearchTeamFactory(code=f"{call.code}-{name}")
        CallTeamQuotaFactory(call=call, team=team_rows[name], quota=quota)
    apps = {}
    for name, choices in applicants.items():
        status = statuses.get(name, "offered" if name in holding else "waitlisted")
        apps[name] = DecidedApplicationFactory(call=call, status=status, reference=f"{call.code}-{name}")
        for rank, team in enumerate(choices, start=1):
            TeamPreference.objects.create(application=apps[name], rank=rank, team=team_rows[team])
    run = MatchRunFactory(
        call=call, capacities={team_rows[t].code: quota for t, (quota, _r) in teams.items()},
        lists={team_rows[t].code: [apps[a].pk for a in ranking] for t, (_q, ranking) in teams.items()},
    )
    for name, team in holding.items():
        status = {"selected": "pending", "accepted": "accepted"}.get(statuses.get(name, ""), "open")
        OfferFactory(run=run, team=team_rows[team], application=apps[name], status=status,
                     rank=teams[team][1].index(name) + 1, choice=applicants[name].index(team) + 1,
                     sent_at=None if status == "pending" else timezone.now(),
                     responded_at=timezone.now() if status == "accepted" else None)
    return run, apps, team_rows
