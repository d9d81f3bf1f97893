"""The offers in the admin: the ministry reads them (filters, search by reference), nobody edits them there."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innocore.models import AuditAction, AuditEntry
from selection.models import Offer, OfferStatus
from tests.factories import AcceptedOfferFactory, InstituteStaffFactory, MinistryStaffFactory, OfferFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:selection_offer_changelist"


@pytest.fixture
def ministry(client):
    client.force_login(MinistryStaffFactory())  # no model permissions: the rule is enough
    return client


def test_the_ministry_lists_filters_and_searches_the_offers(ministry):
    open_offer, accepted = OfferFactory(), AcceptedOfferFactory()
    url = reverse(CHANGELIST)
    page = ministry.get(url).content.decode()
    assert open_offer.application.reference in page and accepted.application.reference in page
    by_status = ministry.get(url, {"status__exact": OfferStatus.ACCEPTED}).content.decode()
    assert accepted.application.reference in by_status and open_offer.application.reference not in by_status
    by_call = ministry.get(url, {"call__id__exact": open_offer.call_id}).content.decode()
    assert open_offer.application.reference in by_call and accepted.application.reference not in by_call
    by_team = ministry.get(url, {"team__id__exact": accepted.team_id}).content.decode()
    assert accepted.application.reference in by_team and open_offer.application.reference not in by_team
    searched = ministry.get(url, {"q": open_offer.application.reference}).content.decode()
    assert open_offer.application.reference in searched and accepted.application.reference not in searched
    assert AuditEntry.objects.filter(action=AuditAction.LIST_VIEW, data__page=CHANGELIST).exists()


def test_the_change_page_is_read_only(ministry):
    offer = OfferFactory()
    url = reverse("admin:selection_offer_change", args=[offer.pk])
    page = ministry.get(url)
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    assert ministry.post(url, {"status": OfferStatus.ACCEPTED}).status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.OPEN
    assert ministry.get(reverse("admin:selection_offer_add")).status_code == 403
    assert ministry.post(reverse("admin:selection_offer_delete", args=[offer.pk]), {"post": "yes"}).status_code == 403
    assert Offer.objects.filter(pk=offer.pk).exists()


def test_institute_staff_may_not_open_the_offers(client):
    offer = OfferFactory()
    client.force_login(InstituteStaffFactory(institute=offer.team.institute, is_staff=True))
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:selection_offer_change", args=[offer.pk])).status_code in (403, 404)


def test_the_changelist_runs_the_same_queries_for_few_and_many_offers(ministry):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert ministry.get(reverse(CHANGELIST)).status_code == 200
        return len(queries)

    OfferFactory()
    few = count()
    for _ in range(5):
        OfferFactory()
    assert count() == few
