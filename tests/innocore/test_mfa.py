import pytest
from allauth.mfa.models import Authenticator

from innocore.models import UserRole
from tests.factories import InstituteStaffFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _enforce(settings):
    settings.PORTAL_ENFORCE_MFA = True


@pytest.mark.parametrize("role", [UserRole.REVIEWER, UserRole.MINISTRY_STAFF, UserRole.INSTITUTE_STAFF])
def test_reviewers_and_staff_must_set_up_a_second_factor(client, role):
    user = InstituteStaffFactory() if role == UserRole.INSTITUTE_STAFF else UserFactory(role=role)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/2fa/totp/activate/" in response["Location"]
    setup = client.get("/accounts/2fa/totp/activate/")
    # allauth asks for the password again (a forced login is not a fresh one) before showing the QR code.
    assert setup.status_code == 200 or setup["Location"].startswith("/accounts/reauthenticate/")


def test_with_totp_they_get_in(client):
    staff = StaffFactory()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    assert client.get("/").status_code == 200


def test_applicants_may_but_need_not(client):
    client.force_login(UserFactory(role=UserRole.APPLICANT))
    assert client.get("/").status_code == 200


def test_the_demo_can_switch_it_off(client, settings):
    settings.PORTAL_ENFORCE_MFA = False
    client.force_login(UserFactory(role=UserRole.REVIEWER))
    assert client.get("/").status_code == 200
