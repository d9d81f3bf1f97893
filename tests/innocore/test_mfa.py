"""Reviewers and staff: every request comes from a session that passed the second factor (issue 9, item 1)."""
import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

from innocore.models import UserRole
from tests.factories import InstituteStaffFactory, StaffFactory, SubmittedApplicationFactory, UserFactory
from tests.innocore.logins import PASSWORD, full_login, password_step, totp_code, verified, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _enforce(settings):
    settings.PORTAL_ENFORCE_MFA = True


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("role", [UserRole.REVIEWER, UserRole.MINISTRY_STAFF, UserRole.INSTITUTE_STAFF])
def test_reviewers_and_staff_must_set_up_a_second_factor(client, role):
    user = InstituteStaffFactory() if role == UserRole.INSTITUTE_STAFF else UserFactory(role=role)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/2fa/totp/activate/" in response["Location"]
    setup = client.get("/accounts/2fa/totp/activate/")
    # allauth asks for the password again (a forced login is not a fresh one) before showing the QR code.
    assert setup.status_code == 200 or setup["Location"].startswith("/accounts/reauthenticate/")


def test_password_and_code_through_allauth_get_in(client):
    staff = verified(StaffFactory())
    secret = with_totp(staff)
    done = full_login(client, staff, secret, next_url="/staff/")
    assert done.status_code == 302 and done["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200
    dossier = SubmittedApplicationFactory()
    assert client.get(f"/staff/applications/{dossier.pk}/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/staff/", "/admin/", "/admin/innocore/user/", "/accounts/email/"])
def test_a_session_that_skipped_the_code_is_logged_out(client, path):
    """A login that went around allauth (Django's login(), an old session) has no second-factor record."""
    staff = StaffFactory()
    with_totp(staff)
    client.force_login(staff)
    response = client.get(path)
    assert not _is_logged_in(client)
    if path.startswith("/accounts/"):
        assert response.status_code in (200, 302) and "/2fa/" not in response.get("Location", "")
    else:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")


def test_the_dossier_is_not_reached_without_the_code(client):
    staff = StaffFactory()
    with_totp(staff)
    client.force_login(staff)
    dossier = SubmittedApplicationFactory()
    response = client.get(f"/staff/applications/{dossier.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert dossier.full_name.encode() not in response.content


def test_the_password_alone_is_half_a_login(client):
    staff = verified(StaffFactory())
    with_totp(staff)
    first = password_step(client, staff, next_url="/staff/")
    assert first.status_code == 302 and first["Location"].startswith("/accounts/2fa/authenticate/")
    assert not _is_logged_in(client)
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and not _is_logged_in(client)


def test_the_admin_has_no_password_form_of_its_own(client):
    """/admin/login/ hands over to allauth; posting the password to it logs nobody in."""
    staff = verified(StaffFactory())
    with_totp(staff)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    handed = client.get("/admin/login/?next=/admin/innocore/user/")
    assert handed.status_code == 302 and handed["Location"] == "/accounts/login/?next=%2Fadmin%2Finnocore%2Fuser%2F"
    posted = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")
    assert not _is_logged_in(client)
    assert client.get("/admin/").status_code == 302 and client.get("/staff/").status_code == 302
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_the_admin_login_goes_through_allauth_and_the_code(client):
    staff = verified(StaffFactory())
    secret = with_totp(staff)
    done = full_login(client, staff, secret, next_url="/admin/")
    assert done["Location"] == "/admin/"
    assert client.get("/admin/login/?next=/admin/innocore/user/")["Location"] == "/admin/innocore/user/"
    assert client.get("/admin/innocore/user/").status_code == 200


def test_a_logged_in_non_staff_user_at_the_admin_login_gets_403_not_a_loop(client, settings):
    settings.PORTAL_ENFORCE_MFA = False
    client.force_login(UserFactory(role=UserRole.APPLICANT))
    assert client.get("/admin/login/?next=/admin/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_setting_up_totp_counts_as_passing_it(client):
    """The new reviewer enters a valid code to activate TOTP: that session is not logged out afterwards.
    (allauth announces the activation on commit: a transactional test, as in production.)"""
    reviewer = verified(UserFactory(role=UserRole.REVIEWER))
    assert password_step(client, reviewer)["Location"] == "/"
    assert client.get("/")["Location"].startswith("/accounts/2fa/totp/activate/")
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauthenticate/")
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert activated.status_code == 302
    assert client.get("/").status_code == 200 and _is_logged_in(client)


def test_applicants_may_but_need_not(client):
    client.force_login(UserFactory(role=UserRole.APPLICANT))
    assert client.get("/").status_code == 200


def test_the_demo_can_switch_it_off(client, settings):
    settings.PORTAL_ENFORCE_MFA = False
    client.force_login(UserFactory(role=UserRole.REVIEWER))
    assert client.get("/").status_code == 200
