"""A small programme for the API tests: one open call, two teams of two institutes, submitted applications
preferring one or the other, the people of every role."""
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from applications.models import Application, TeamPreference
from innocore.models import Call, ResearchTeam, User
from tests.factories import (
    ApplicationFactory, CallFactory, CallTeamQuotaFactory, InstituteStaffFactory, MinistryStaffFactory,
    ReviewerProfileFactory, UserFactory,
)


@dataclass
class Programme:
    call: Call
    team_a: ResearchTeam
    team_b: ResearchTeam
    ministry: User
    staff_a: User
    staff_b: User
    applicant: User
    reviewer: User

    def submitted(self, team: ResearchTeam, **fields) -> Application:
        return submitted_application(call=self.call, team=team, **fields)


def submitted_application(*, call: Call, team: ResearchTeam, **fields) -> Application:
    application = ApplicationFactory(call=call, status="submitted", submitted_at=timezone.now(), **fields)
    TeamPreference.objects.create(application=application, rank=1, team=team)
    return application


@pytest.fixture
def programme(db) -> Programme:
    call = CallFactory()
    team_a, team_b = CallTeamQuotaFactory(call=call, quota=5).team, CallTeamQuotaFactory(call=call, quota=7).team
    return Programme(
        call=call, team_a=team_a, team_b=team_b, ministry=MinistryStaffFactory(),
        staff_a=InstituteStaffFactory(institute=team_a.institute),
        staff_b=InstituteStaffFactory(institute=team_b.institute), applicant=UserFactory(),
        reviewer=ReviewerProfileFactory().user,
    )


def as_user(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
