import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, CallFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _applications(call, n, **fields):
    for _ in range(n):
        ApplicationFactory(call=call, **fields)


def test_overview_counts_the_pipeline_and_the_competition_ratio(client):
    from django.utils import timezone
    call = CallFactory(total_quota=4)
    now = timezone.now()
    _applications(call, 2, status=ApplicationStatus.DRAFT)
    _applications(call, 3, status=ApplicationStatus.SUBMITTED, submitted_at=now, country_of_residence="US")
    _applications(call, 3, status=ApplicationStatus.AWAITING_REVIEW, submitted_at=now, country_of_residence="KR")
    client.force_login(StaffFactory())
    body = client.get(reverse("selection:overview")).content.decode()
    assert "1.50 : 1" in body  # 6 submitted (drafts do not count) for 4 places
    assert "50%" in body  # 3 of 6 overseas


def test_overview_is_for_staff_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("selection:overview")).status_code == 403


def test_overview_query_count_is_flat(client):
    client.force_login(StaffFactory())
    CallFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("selection:overview"))
    for _ in range(4):
        _applications(CallFactory(), 3)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("selection:overview"))
    assert len(many) == len(few)
