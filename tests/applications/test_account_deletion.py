"""Closing an account: applicants' accounts are deleted (with the emails to their referees), reviewers' and
staff accounts are anonymised and deactivated so that their work stays consistent; the data export
carries the eligibility verdict and says that referee letters are withheld."""
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, EligibilityVerdict
from applications.services.dossier import application_start
from applications.services.referees import referee_invite
from innocore.models import AuditAction, AuditEntry, EmailMessage, User
from selection.models import Assignment, ReviewerInvitation, ReviewerProfile
from selection.services.reviewers import reviewer_invite
from tests.factories import (
    AssignmentRunFactory, AwaitingReviewApplicationFactory, CallFactory, InstituteStaffFactory, MinistryStaffFactory,
    ReviewerProfileFactory, StaffFactory, SubmittedApplicationFactory, UserFactory,
)

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
DELETE_URL = reverse("applications:account_delete")


def _logged_in_elsewhere(user: User) -> Client:
    """A second browser with a real (stored) session of the user."""
    other = Client()
    assert other.login(email=user.email, password=PASSWORD)
    return other


def _sessions_of(user: User) -> int:
    return sum(1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk))


def _assert_anonymised(user: User, *, old_email: str) -> None:
    user.refresh_from_db()
    assert user.email == f"deleted-{user.pk}@invalid"
    assert (user.first_name, user.last_name, user.orcid, user.timezone) == ("", "", "", "")
    assert not user.is_active and not user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not EmailMessage.objects.filter(user=user).exists()
    assert _sessions_of(user) == 0
    assert not Client().login(email=old_email, password=PASSWORD)
    login = Client().post(reverse("account_login"), {"login": old_email, "password": PASSWORD})
    assert login.status_code == 200 and "_auth_user_id" not in login.client.session
    [row] = AuditEntry.objects.filter(action=AuditAction.ACCOUNT_DELETE)
    assert (row.actor_id, row.target_id, row.data["outcome"]) == (user.pk, str(user.pk), "anonymised")


def test_a_reviewer_with_assignments_is_anonymised_not_a_500(client, django_capture_on_commit_callbacks):
    profile = ReviewerProfileFactory(user__orcid="0000-0002-1825-0097", user__timezone="Europe/Berlin",
                                     phd_institution="MIT", phd_year=2015)
    user = profile.user
    old_email = user.email
    run = AssignmentRunFactory()
    assignment = Assignment.objects.create(run=run, application=AwaitingReviewApplicationFactory(call=run.call),
                                           reviewer=profile)
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_invite(email=old_email, by=StaffFactory(), call=run.call)
    EmailAddress.objects.create(user=user, email=old_email, verified=True, primary=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    elsewhere = _logged_in_elsewhere(user)
    client.force_login(user)

    page = client.get(DELETE_URL).content.decode()
    assert "anonymised" in page and "Close and anonymise my account" in page
    response = client.post(DELETE_URL, {"confirm_email": old_email})

    assert response.status_code == 302 and response["Location"] == reverse("home")
    _assert_anonymised(user, old_email=old_email)
    assert Assignment.objects.filter(pk=assignment.pk, reviewer=profile).exists()
    profile = ReviewerProfile.objects.get(pk=profile.pk)
    assert (profile.institution, profile.phd_institution, profile.phd_year, profile.expertise) == ("", "", None, "")
    assert not profile.is_available and profile.profile_completed_at is None and profile.team is None
    assert set(ReviewerInvitation.objects.filter(user=user).values_list("email", "token_nonce")) == {
        (user.email, "")}
    assert not EmailMessage.objects.filter(recipient=old_email).exists()
    assert elsewhere.get(reverse("profile")).status_code == 302  # the other browser is logged out too


@pytest.mark.parametrize("factory", [MinistryStaffFactory, InstituteStaffFactory, StaffFactory])
def test_staff_accounts_are_anonymised_and_deactivated(client, factory):
    staff = factory()
    old_email, institute = staff.email, staff.institute_id
    elsewhere = _logged_in_elsewhere(staff)
    client.force_login(staff)
    assert "anonymised" in client.get(DELETE_URL).content.decode()
    response = client.post(DELETE_URL, {"confirm_email": old_email})
    assert response.status_code == 302
    _assert_anonymised(staff, old_email=old_email)
    assert staff.institute_id == institute  # the account keeps its place (and its database constraint)
    assert elsewhere.get(reverse("profile")).status_code == 302


def test_applicant_deletion_also_deletes_the_emails_to_referees(client, django_capture_on_commit_callbacks):
    applicant = UserFactory()
    application = application_start(call=CallFactory(), applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        referee_invite(application=application, name="Prof. Lee", email="lee@uni.example", by=applicant)
    to_referee = EmailMessage.objects.get(recipient="lee@uni.example")
    assert to_referee.user_id is None and to_referee.topic == application.email_topic
    other = application_start(call=CallFactory(), applicant=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        referee_invite(application=other, name="Prof. Park", email="park@uni.example", by=other.applicant)
    client.force_login(applicant)
    page = client.get(DELETE_URL).content.decode()
    assert "those we sent your referees" in page and "anonymise" not in page

    response = client.post(DELETE_URL, {"confirm_email": applicant.email})

    assert response.status_code == 302
    assert not User.objects.filter(pk=applicant.pk).exists()
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not EmailMessage.objects.filter(pk=to_referee.pk).exists()
    assert EmailMessage.objects.filter(recipient="park@uni.example").exists()  # someone else's referee
    [row] = AuditEntry.objects.filter(action=AuditAction.ACCOUNT_DELETE)
    assert (row.actor_id, row.actor_label, row.data["outcome"]) == (applicant.pk, "", "deleted")


def test_an_applicant_with_a_submitted_application_is_still_refused(client):
    application = SubmittedApplicationFactory()
    client.force_login(application.applicant)
    response = client.post(DELETE_URL, {"confirm_email": application.applicant.email})
    assert response.status_code == 409
    assert User.objects.get(pk=application.applicant_id).is_active
    assert not AuditEntry.objects.filter(action=AuditAction.ACCOUNT_DELETE).exists()


def test_the_data_export_has_the_eligibility_verdict_and_says_letters_are_withheld(client):
    application = SubmittedApplicationFactory()
    EligibilityVerdict.objects.create(
        application=application, outcome="ineligible", fingerprint="f", checked_at=timezone.now(), lines=[
            {"code": "years_since_phd", "outcome": "failed", "reason": "over_limit", "message_en": "Too long ago.",
             "message_ko": "너무 오래되었습니다.", "concerns_applicant": True, "notes": []},
            {"code": "research_field", "outcome": "undecided", "reason": "invalid_configuration",
             "message_en": "Staff: the rule is misconfigured.", "message_ko": "", "concerns_applicant": False,
             "notes": ["bad params"]},
        ],
    )
    draft = application_start(call=CallFactory(), applicant=application.applicant)
    client.force_login(application.applicant)

    data = json.loads(client.get(reverse("applications:personal_data")).content)

    by_status = {a["status"]: a for a in data["applications"]}
    assert by_status[draft.status]["eligibility"] is None
    assert by_status["submitted"]["eligibility"] == {
        "outcome": "ineligible", "checked_at": application.eligibility_verdict.checked_at.isoformat(),
        "reviewed_by_staff": False,
        "lines": [{"rule": "years_since_phd", "outcome": "failed", "message_en": "Too long ago.",
                   "message_ko": "너무 오래되었습니다."}],
    }
    assert "third parties" in data["referee_letters"] and "not part of this export" in data["referee_letters"]
    assert [r["status"] for r in by_status["submitted"]["referees"]] == ["received", "received"]
