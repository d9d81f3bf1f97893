"""The applicant's offer pages, the menu link and the offer letter PDF."""
import hashlib
import subprocess
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innocore.models import AuditAction, AuditEntry
from selection.models import Offer, OfferStatus
from selection.offer_letter import offer_letter_canonical, offer_letter_facts
from tests.factories import (
    AcceptedOfferFactory, InstituteStaffFactory, MinistryStaffFactory, OfferFactory, UserFactory, offer_market,
)

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_the_owner_sees_the_offer_with_the_call_s_terms_and_others_get_404(client):
    offer = OfferFactory()
    page = _client(client, offer.application.applicant).get(reverse("offers:detail", args=[offer.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert offer.team.name_en in text and "90,000,000 KRW" in text and "60,000,000 KRW" in text
    assert reverse("offers:accept", args=[offer.pk]) in text
    client.force_login(UserFactory())
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404


def test_a_pending_offer_is_not_shown_to_the_applicant_yet(client):
    offer = OfferFactory(status=OfferStatus.PENDING, sent_at=None)
    client = _client(client, offer.application.applicant)
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404
    assert "My offers" not in client.get(reverse("home")).content.decode()


def test_the_menu_links_an_applicant_with_an_offer_to_their_offers(client):
    offer = OfferFactory()
    home = _client(client, offer.application.applicant).get(reverse("home")).content.decode()
    assert f'href="{reverse("offers:mine")}"' in home


def test_accept_asks_for_a_confirmation_then_accepts_once(client):
    offer = OfferFactory()
    client = _client(client, offer.application.applicant)
    url = reverse("offers:accept", args=[offer.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"note": "yes"})
    assert refused.status_code == 400 and Offer.objects.get(pk=offer.pk).status == OfferStatus.OPEN
    done = client.post(url, {"confirm": "on", "note": "Looking forward to it."})
    assert done.status_code == 302 and done["Location"] == reverse("offers:detail", args=[offer.pk])
    offer.refresh_from_db()
    assert (offer.status, offer.response_note) == (OfferStatus.ACCEPTED, "Looking forward to it.")
    again = client.post(url, {"confirm": "on"})
    assert again.status_code == 409 and "can no longer be answered" in again.content.decode()
    assert client.get(url).status_code == 302


def test_decline_from_the_page_moves_the_seat(client):
    run, apps, _teams = offer_market(applicants={"A": ["T1"], "B": ["T1"]}, teams={"T1": (1, ["A", "B"])},
                                     holding={"A": "T1"})
    offer = Offer.objects.get(application=apps["A"])
    client = _client(client, apps["A"].applicant)
    assert client.post(reverse("offers:decline", args=[offer.pk]), {"confirm": "on"}).status_code == 302
    assert Offer.objects.get(application=apps["B"]).status == OfferStatus.OPEN


def test_after_the_deadline_the_page_refuses_with_409(client):
    offer = OfferFactory(sent_at=timezone.now() - timedelta(days=15))
    client = _client(client, offer.application.applicant)
    answer = client.post(reverse("offers:decline", args=[offer.pk]), {"confirm": "on"})
    assert answer.status_code == 409 and Offer.objects.get(pk=offer.pk).status == OfferStatus.OPEN


def test_my_offers_lists_in_flat_queries(client):
    user = UserFactory()
    client = _client(client, user)

    def count(n_more: int) -> int:
        for _ in range(n_more):
            OfferFactory(application__applicant=user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("offers:mine")).status_code == 200
        return len(queries)

    assert count(1) == count(4)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_letter_states_the_terms_and_its_sha256_with_korean_embedded(client, tmp_path):
    offer = AcceptedOfferFactory(response_note="Thank you")
    response = _client(client, offer.application.applicant).get(reverse("offers:letter", args=[offer.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.content)
    text = _pdf_text(path)
    offer.refresh_from_db()
    facts = offer_letter_facts(offer=offer)
    sha = hashlib.sha256(offer_letter_canonical(facts).encode()).hexdigest()
    assert offer.letter_sha256 == sha and sha in text
    assert "90,000,000 KRW" in text and "60,000,000 KRW" in text and "90,000,000원" in text
    assert offer.team.name_ko in text and offer.team.institute.name_ko in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert any("NanumGothic" in line and " yes " in line for line in fonts.splitlines())
    entry = AuditEntry.objects.get(action=AuditAction.OFFER_LETTER)
    assert entry.data["sha256"] == sha and entry.actor == offer.application.applicant


def test_no_letter_before_the_offer_is_accepted(client):
    offer = OfferFactory()
    response = _client(client, offer.application.applicant).get(reverse("offers:letter", args=[offer.pk]))
    assert response.status_code == 302 and not AuditEntry.objects.filter(action=AuditAction.OFFER_LETTER).exists()


def test_staff_download_the_letter_within_their_scope(client):
    offer = AcceptedOfferFactory()
    url = reverse("selection:offer_letter", args=[offer.pk])
    for user, status in ((MinistryStaffFactory(), 200), (InstituteStaffFactory(institute=offer.team.institute), 200),
                         (InstituteStaffFactory(), 404), (offer.application.applicant, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
