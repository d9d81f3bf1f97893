"""Issue 8: only applicants start applications (applications.start_application), in the view and the service."""
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from applications.models import Application
from applications.services.dossier import application_start
from tests.factories import (
    CallFactory, InstituteStaffFactory, MinistryStaffFactory, ReviewerProfileFactory, StaffFactory, UserFactory,
)

pytestmark = pytest.mark.django_db

NOT_APPLICANTS = {
    "reviewer": lambda: ReviewerProfileFactory().user,
    "institute staff": InstituteStaffFactory,
    "ministry staff": MinistryStaffFactory,
    "superuser": StaffFactory,
    "applicant role with admin access": lambda: UserFactory(is_staff=True),
}


@pytest.mark.parametrize("who", NOT_APPLICANTS)
def test_reviewers_and_staff_cannot_start_an_application(client, who):
    call = CallFactory()
    user = NOT_APPLICANTS[who]()
    client.force_login(user)
    assert client.post(reverse("applications:start", args=[call.code])).status_code == 403
    assert client.post(reverse("applications:start", args=["NO-SUCH-CALL"])).status_code == 403
    with pytest.raises(PermissionDenied, match="Only applicant accounts can start an application"):
        application_start(call=call, applicant=user)
    assert not Application.objects.exists()
    page = client.get(reverse("applications:mine")).content.decode()
    assert reverse("applications:start", args=[call.code]) not in page
    assert "Reviewer and staff accounts cannot apply." in page


def test_an_applicant_starts_an_application_from_the_start_link(client):
    call = CallFactory()
    client.force_login(UserFactory())
    page = client.get(reverse("applications:mine")).content.decode()
    assert reverse("applications:start", args=[call.code]) in page
    assert client.post(reverse("applications:start", args=[call.code])).status_code == 302
    assert Application.objects.filter(call=call).count() == 1


def test_an_inactive_account_cannot_start_an_application():
    with pytest.raises(PermissionDenied):
        application_start(call=CallFactory(), applicant=UserFactory(is_active=False))
