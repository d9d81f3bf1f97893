"""An invitation never changes an account that can already log in, and never logs anyone in around
the second factor (issue 9, item 4)."""
import pytest
from django.urls import reverse

from innocore.models import UserRole
from selection.errors import InvitationLinkInvalid
from selection.models import ReviewerInvitation
from selection.services.reviewers import invitation_token, reviewer_invitation_accept, reviewer_invite
from tests.factories import ReviewerProfileFactory, StaffFactory, UserFactory
from tests.innocore.logins import full_login, verified, with_totp

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "attacker-chosen-password-9"


@pytest.fixture(autouse=True)
def _enforce(settings):
    settings.PORTAL_ENFORCE_MFA = True


def _invited_reviewer(*, totp: bool = True, password: bool = True):
    user = verified(ReviewerProfileFactory().user)
    if not password:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    secret = with_totp(user) if totp else None
    invitation = reviewer_invite(email=user.email, by=StaffFactory())
    return user, secret, invitation, reverse("selection:invitation", args=[invitation_token(invitation=invitation)])


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("password", [True, False])
def test_the_link_does_not_replace_the_password_or_skip_the_code(client, password):
    user, _secret, invitation, url = _invited_reviewer(password=password)
    before = user.password
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "already have a portal account" in html
    assert 'name="password1"' not in html and 'href="/accounts/login/?next=%2Freview%2Finvitation%2F' in html
    posted = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert posted.status_code == 403 and not _logged_in(client)
    user.refresh_from_db()
    assert user.password == before and not user.check_password(NEW_PASSWORD)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_service_refuses_to_set_a_password_on_an_account_that_can_log_in():
    for totp, password in [(True, True), (True, False), (False, True)]:
        user, _secret, invitation, _url = _invited_reviewer(totp=totp, password=password)
        before = user.password
        with pytest.raises(InvitationLinkInvalid):
            reviewer_invitation_accept(invitation=invitation, password=NEW_PASSWORD)
        user.refresh_from_db()
        assert user.password == before
        user.delete()


def test_after_a_normal_login_with_the_code_the_invitation_is_confirmed(client):
    user, secret, invitation, url = _invited_reviewer()
    before = user.password
    done = full_login(client, user, secret, next_url=url)
    assert done.status_code == 302 and done["Location"] == url
    page = client.get(url)
    assert page.status_code == 200 and 'name="password1"' not in page.content.decode()
    accepted = client.post(url)
    assert accepted.status_code == 302 and accepted["Location"] == reverse("selection:reviewer_profile")
    invitation.refresh_from_db()
    user.refresh_from_db()
    assert invitation.accepted_at is not None and user.password == before
    assert client.get(reverse("selection:reviewer_profile")).status_code == 200
    assert client.get(url).status_code == 410


def test_someone_else_logged_in_cannot_accept_it(client, settings):
    settings.PORTAL_ENFORCE_MFA = False
    _user, _secret, invitation, url = _invited_reviewer()
    client.force_login(UserFactory(role=UserRole.APPLICANT))
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert ReviewerInvitation.objects.get(pk=invitation.pk).accepted_at is None


def test_a_new_account_still_chooses_its_password_and_then_sets_up_totp(client):
    invitation = reviewer_invite(email="first.time@uni.example", by=StaffFactory())
    url = reverse("selection:invitation", args=[invitation_token(invitation=invitation)])
    assert 'name="password1"' in client.get(url).content.decode()
    done = client.post(url, {"password1": "reviewing-is-fun-2025", "password2": "reviewing-is-fun-2025"})
    assert done.status_code == 302 and _logged_in(client)
    assert client.get(done["Location"])["Location"].startswith("/accounts/2fa/totp/activate/")
