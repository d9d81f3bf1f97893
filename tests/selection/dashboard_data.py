"""A small call with known figures for the dashboard's tests (and helpers to add applications in bulk)."""
from datetime import timedelta

from django.utils import timezone

from applications.models import Application, ApplicationStatus as S, TeamPreference
from innocore.models import CallTeamQuota
from selection.models import MatchRun, MatchRunStatus, Offer, OfferStatus
from tests.factories import (
    ApplicationFactory, CallFactory, InstituteFactory, MinistryStaffFactory, ResearchTeamFactory, UserFactory,
)


def known_call():
    """Two institutes, three teams (quotas 3 + 1 + 1 of a call quota of 5) and eleven applications.

    First preferences: team A1 six, A2 two, B1 two, none one (a draft). Offers: A1 holds a
    pending, an open and an accepted seat and has one declined; B1 holds one open seat.
    """
    now = timezone.now()
    call = CallFactory(total_quota=5, budget_krw=10_000_000_000, salary_krw=90_000_000,
                       research_funding_krw=60_000_000, contract_years=3,
                       opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=3))
    inst_a, inst_b = InstituteFactory(code="INA"), InstituteFactory(code="INB")
    a1, a2 = ResearchTeamFactory(code="A1", institute=inst_a), ResearchTeamFactory(code="A2", institute=inst_a)
    b1 = ResearchTeamFactory(code="B1", institute=inst_b, name_en="=HYPERLINK(\"http://evil.example\")")
    for team, quota in ((a1, 3), (a2, 1), (b1, 1)):
        CallTeamQuota.objects.create(call=call, team=team, quota=quota)
    rows = [
        # status, first team, nationality, residence, heard_via
        (S.DRAFT, None, "KR", "KR", ""),
        (S.SUBMITTED, a1, "KR", "US", "ksea"),  # returnee
        (S.INELIGIBLE, a1, "IN", "IN", "linkedin"),  # foreign
        (S.UNDER_REVIEW, a1, "CN", "CN", "linkedin"),  # foreign
        (S.SELECTED, a1, "KR", "KR", "colleague"),
        (S.OFFERED, a1, "IN", "DE", "nature"),  # foreign, lives in Germany
        (S.ACCEPTED, a1, "KR", "KR", "nature"),
        (S.DECLINED, a2, "KR", "JP", "kosen"),  # returnee (declined an A1 offer)
        (S.WAITLISTED, a2, "IN", "KR", "linkedin"),  # foreign national living in Korea: domestic
        (S.OFFERED, b1, "KR", "KR", ""),
        (S.WITHDRAWN, b1, "KR", "KR", "other"),
    ]
    applications = []
    for day, (status, team, nationality, residence, heard_via) in enumerate(rows):
        submitted_at = None if status == S.DRAFT else now - timedelta(days=day % 3)
        application = ApplicationFactory(call=call, status=status, submitted_at=submitted_at, nationality=nationality,
                                         country_of_residence=residence, heard_via=heard_via)
        if team is not None:
            TeamPreference.objects.create(application=application, rank=1, team=team)
        applications.append(application)
    run = MatchRun.objects.create(call=call, status=MatchRunStatus.PUBLISHED, ranking_seed=1,
                                  created_by=MinistryStaffFactory(), published_at=now)
    offers = [(4, a1, OfferStatus.PENDING), (5, a1, OfferStatus.OPEN), (6, a1, OfferStatus.ACCEPTED),
              (7, a1, OfferStatus.DECLINED), (9, b1, OfferStatus.OPEN)]
    for index, team, status in offers:
        sent = {} if status == OfferStatus.PENDING else {"sent_at": now, "respond_by": now + timedelta(days=14)}
        answered = {"responded_at": now} if status in (OfferStatus.ACCEPTED, OfferStatus.DECLINED) else {}
        Offer.objects.create(run=run, call=call, team=team, application=applications[index], status=status,
                             rank=1, choice=1, **sent, **answered)
    return {"call": call, "institutes": (inst_a, inst_b), "teams": (a1, a2, b1), "applications": applications}


def add_applications(*, call, team, count: int) -> None:
    """``count`` submitted applications preferring ``team`` first, created in bulk."""
    now = timezone.now()
    users = UserFactory._meta.model.objects.bulk_create(
        [UserFactory.build(email=f"bulk{call.pk}-{team.pk}-{i}-{now.timestamp()}@example.org") for i in range(count)]
    )
    start = Application.objects.count()
    applications = Application.objects.bulk_create([
        Application(call=call, applicant=user, reference=f"BULK-{call.pk}-{start + i}", status=S.AWAITING_REVIEW,
                    submitted_at=now, nationality="IN", country_of_residence="IN", heard_via="linkedin")
        for i, user in enumerate(users)
    ])
    TeamPreference.objects.bulk_create(
        [TeamPreference(application=application, rank=1, team=team) for application in applications]
    )
