"""Staff invite reviewers by email; the reviewer sets a password through the link and completes the profile."""
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from innocore.models import User, UserRole
from selection.models import ReviewerInvitation, ReviewerProfile
from selection.services.reviewers import invitation_token, reviewer_invite
from tests.factories import CallFactory, ResearchTeamFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _link(address: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    return re.search(r"http://\S+/review/invitation/\S+/", message.body).group(0).split("8000", 1)[-1]


def test_invited_reviewer_sets_a_password_and_lands_on_the_profile(client, django_capture_on_commit_callbacks):
    team = ResearchTeamFactory()
    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("selection:invite"), {"email": "Prof.Kim@Uni.example", "first_name": "Min",
                                                             "last_name": "Kim", "team": team.pk})
    assert response.status_code == 302
    user = User.objects.get(email="prof.kim@uni.example")
    assert user.role == UserRole.REVIEWER and not user.has_usable_password()
    assert ReviewerProfile.objects.get(user=user).team == team
    path = _link("prof.kim@uni.example")
    client.logout()
    assert "Choose a password" in client.get(path).content.decode()
    mismatch = client.post(path, {"password1": "a-long-password-1", "password2": "other-password-2"})
    assert mismatch.status_code == 400
    weak = client.post(path, {"password1": "123", "password2": "123"})
    assert weak.status_code == 400 and "too short" in weak.content.decode()
    done = client.post(path, {"password1": "reviewing-is-fun-2025", "password2": "reviewing-is-fun-2025"})
    assert done.status_code == 302 and done["Location"] == reverse("selection:reviewer_profile")
    user.refresh_from_db()
    assert user.check_password("reviewing-is-fun-2025")
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("selection:reviewer_profile")).status_code == 200
    used = client.get(path)
    assert used.status_code == 410 and "already been used" in used.content.decode()


def test_expired_tampered_and_replaced_invitations_are_refused(client):
    staff = StaffFactory()
    first = reviewer_invite(email="r@uni.example", by=staff, call=CallFactory())
    url = reverse("selection:invitation", args=[invitation_token(invitation=first)])
    from unittest import mock
    with mock.patch("selection.services.reviewers.LINK_VALID_FOR", timedelta(seconds=-1)):
        assert "expired" in client.get(url).content.decode()
    tampered = client.get(reverse("selection:invitation", args=[invitation_token(invitation=first)[:-2] + "xx"]))
    assert tampered.status_code == 410 and "not valid" in tampered.content.decode()
    reviewer_invite(email="r@uni.example", by=staff)
    replaced = client.get(url)
    assert replaced.status_code == 410 and "replaced" in replaced.content.decode()
    assert ReviewerInvitation.objects.count() == 2 and ReviewerProfile.objects.count() == 1


def test_an_applicant_account_cannot_be_invited_to_review(client):
    applicant = UserFactory(email="someone@uni.example")
    client.force_login(StaffFactory())
    response = client.post(reverse("selection:invite"), {"email": applicant.email})
    assert response.status_code == 409 and "cannot review" in response.content.decode()
    assert not ReviewerProfile.objects.exists()
