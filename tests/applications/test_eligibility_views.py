"""Eligibility pages: admin rule validation and overrides, the staff call page and its progress, the applicant."""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from applications.models import (
    ApplicationStatus, EligibilityOverride, EligibilityRule, EligibilityRun, EligibilityVerdict, Referee,
)
from applications.services.status import application_status_change
from applications.services.eligibility import (
    application_eligibility_check, eligibility_check_many, eligibility_override,
)
from tests.factories import (
    InstituteStaffFactory,
    CallFactory, EligibilityRuleFactory, StaffFactory, SubmittedApplicationFactory, UserFactory,
)

pytestmark = pytest.mark.django_db

RULE_ADD = "admin:applications_eligibilityrule_add"


def rule_form(call, **overrides):
    data = {"call": call.pk, "code": "years_since_phd", "position": 1, "enabled": "on", "params": "{}",
            "message_en": "", "message_ko": ""}
    return {**data, **overrides}


@pytest.mark.parametrize("overrides, field, message", [
    ({"params": '{"max_years": -1}'}, "params", "max_years: must be at least 0"),
    ({"params": '{"max_yeras": 5}'}, "params", "unknown parameter"),
    ({"params": '["max_years"]'}, "params", "must be a mapping"),
    ({"params": "{not json"}, "params", "Enter a valid JSON"),
    ({"message_en": "Born {date_of_birth.year}"}, "message_en", "not a plain name"),
    ({"message_ko": "{nonsense} 초과"}, "message_ko", "unknown placeholder {nonsense}"),
    ({"code": "no_such_rule"}, "code", "Select a valid choice"),
])
def test_admin_rule_form_shows_the_engine_errors(client, overrides, field, message):
    call = CallFactory()
    client.force_login(StaffFactory())
    response = client.post(reverse(RULE_ADD), rule_form(call, **overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field]), errors
    assert not EligibilityRule.objects.exists()


def test_admin_saves_a_valid_rule_and_refuses_a_second_of_the_same_code(client):
    call = CallFactory()
    client.force_login(StaffFactory())
    response = client.post(reverse(RULE_ADD), rule_form(call, params='{"max_years": 5}',
                                                        message_en="Over {max_years} years."))
    assert response.status_code == 302
    assert EligibilityRule.objects.get().params == {"max_years": 5}
    again = client.post(reverse(RULE_ADD), rule_form(call))
    assert again.status_code == 200 and EligibilityRule.objects.count() == 1


def test_admin_override_needs_a_reason_then_is_logged(client):
    verdict = application_eligibility_check(application_id=SubmittedApplicationFactory().pk)
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("admin:applications_eligibilityverdict_change", args=[verdict.pk])
    page = client.get(url)
    assert page.status_code == 200 and verdict.lines[0]["message_en"] in page.content.decode()
    refused = client.post(url, {"new_outcome": "ineligible", "reason": " ", **_no_inline()})
    assert refused.status_code == 200 and "Write the reason" in refused.content.decode()
    done = client.post(url, {"new_outcome": "ineligible", "reason": "Holds a fellowship elsewhere.", **_no_inline()})
    assert done.status_code == 302
    verdict.refresh_from_db()
    assert verdict.effective_outcome == "ineligible" and verdict.latest_override.by == staff
    assert EligibilityOverride.objects.get().reason == "Holds a fellowship elsewhere."
    assert verdict.application.__class__.objects.get(pk=verdict.application_id).status == ApplicationStatus.INELIGIBLE


def test_admin_verdict_list_filters_on_the_outcome_after_overrides(client):
    overridden, plain = (application_eligibility_check(application_id=SubmittedApplicationFactory().pk)
                         for _ in range(2))
    staff = StaffFactory()
    eligibility_override(verdict=overridden, outcome="ineligible", reason="Holds a fellowship elsewhere.", by=staff)
    client.force_login(staff)
    url = reverse("admin:applications_eligibilityverdict_changelist")
    page = client.get(url, {"effective": "ineligible"}).content.decode()
    assert overridden.application.reference in page and plain.application.reference not in page
    assert plain.application.reference in client.get(url, {"effective": "eligible"}).content.decode()


def _no_inline():
    prefix = "overrides"
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_admin_verdict_list_and_recheck_action(client, django_capture_on_commit_callbacks):
    application = SubmittedApplicationFactory()
    application_eligibility_check(application_id=application.pk)
    client.force_login(StaffFactory())
    listing = client.get(reverse("admin:applications_eligibilityverdict_changelist") + "?outcome__exact=eligible")
    assert listing.status_code == 200 and application.reference in listing.content.decode()
    other = SubmittedApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:applications_application_changelist"),
                               {"action": "recheck_eligibility", "_selected_action": [other.pk]})
    assert response.status_code == 302
    assert EligibilityVerdict.objects.filter(application=other).exists()
    from innocore.models import AuditAction, AuditEntry

    recorded = AuditEntry.objects.get(action=AuditAction.ELIGIBILITY_RECHECK)
    assert (recorded.actor_id, recorded.target_label) == (response.wsgi_request.user.pk, other.reference)


def test_the_admin_recheck_action_is_refused_to_institute_staff_even_with_admin_access(client):
    from django.contrib.auth.models import Permission

    from innocore.models import AuditEntry

    application = SubmittedApplicationFactory()
    staff = InstituteStaffFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_application", "change_application"]))
    client.force_login(staff)
    response = client.post(reverse("admin:applications_application_changelist"),
                           {"action": "recheck_eligibility", "_selected_action": [application.pk]})
    assert response.status_code in (302, 403)
    assert not EligibilityVerdict.objects.filter(application=application).exists()
    assert not AuditEntry.objects.filter(action="eligibility.recheck").exists()


# Staff call page -------------------------------------------------------------------------------------------------

def test_staff_page_is_for_staff_only(client):
    call = CallFactory()
    url = reverse("applications:staff_call_eligibility", args=[call.code])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(reverse("applications:staff_call_eligibility_recheck", args=[call.code])).status_code == 403
    client.force_login(InstituteStaffFactory())
    assert client.get(url).status_code == 200
    assert client.get(reverse("applications:staff_call_eligibility", args=["NOPE"])).status_code == 404


def _staff_page_queries(client, call, n: int) -> tuple[int, int]:
    applications = [SubmittedApplicationFactory(call=call) for _ in range(n)]
    Referee.objects.filter(application=applications[0]).delete()
    eligibility_check_many(application_ids=[a.pk for a in applications])
    EligibilityRun.objects.create(call=call, total=n, done=n, status="finished")
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("applications:staff_call_eligibility", args=[call.code]))
    assert response.status_code == 200 and applications[-1].reference in response.content.decode()
    with CaptureQueriesContext(connection) as progress:
        assert client.get(reverse("applications:staff_call_eligibility_progress", args=[call.code])).status_code == 200
    return len(page), len(progress)


def test_staff_page_and_progress_queries_stay_flat(client):
    client.force_login(StaffFactory())
    assert _staff_page_queries(client, CallFactory(), 1) == _staff_page_queries(client, CallFactory(), 4)


def test_recheck_button_runs_and_progress_reports_it(client, django_capture_on_commit_callbacks):
    call = CallFactory()
    for _ in range(3):
        SubmittedApplicationFactory(call=call)
    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:staff_call_eligibility_recheck", args=[call.code]))
    assert response.status_code == 302
    data = json.loads(client.get(reverse("applications:staff_call_eligibility_progress", args=[call.code])).content)
    assert data["run"]["status"] == "finished" and data["run"]["done"] == 3 and data["run"]["percent"] == 100
    assert data["counts"]["eligible"] == 3 and data["unchecked"] == 0
    fragment = client.get(reverse("applications:staff_call_eligibility_progress", args=[call.code]),
                          HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert '<progress id="eligibility-run-bar" max="3" value="3">' in body and "hx-trigger" not in body
    page = client.get(reverse("applications:staff_call_eligibility", args=[call.code]))
    assert "htmx-2.0.4.min.js" in page.content.decode()


def test_a_running_run_polls_and_a_second_click_is_refused(client, django_capture_on_commit_callbacks):
    call = CallFactory()
    SubmittedApplicationFactory(call=call)
    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("applications:staff_call_eligibility_recheck", args=[call.code]))
    fragment = client.get(reverse("applications:staff_call_eligibility_progress", args=[call.code]),
                          HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    again = client.post(reverse("applications:staff_call_eligibility_recheck", args=[call.code]), follow=True)
    assert again.status_code == 200 and "already in progress" in again.content.decode()
    assert EligibilityRun.objects.count() == 1


def test_default_rules_button(client):
    call = CallFactory()
    client.force_login(StaffFactory())
    response = client.post(reverse("applications:staff_call_eligibility_defaults", args=[call.code]), follow=True)
    assert response.status_code == 200 and call.eligibility_rules.count() == 6


# Applicant ----------------------------------------------------------------------------------------------------------

def test_applicant_sees_the_outcome_and_only_the_lines_that_concern_them(client):
    application = SubmittedApplicationFactory()
    Referee.objects.filter(application=application).update(status="requested", letter_received_at=None)
    EligibilityRuleFactory(call=application.call, code="documents_complete", position=1,
                           message_ko="추천서 {letters_received}/{letters_required}")
    # A rule configured wrongly: its line is for staff, never shown to the applicant.
    EligibilityRuleFactory(call=application.call, code="years_since_phd", position=2, params={"max_years": "x"})
    verdict = application_eligibility_check(application_id=application.pk)
    staff_only = [line for line in verdict.lines if not line["concerns_applicant"]]
    assert staff_only and staff_only[0]["reason"] == "invalid_configuration"
    client.force_login(application.applicant)
    url = reverse("applications:status", args=[application.pk])
    body = client.get(url).content.decode()
    assert "Not eligible" in body and "referee letters received: 0 of 2" in body
    assert "configuration is invalid" not in body and "max_years" not in body
    with translation.override("ko"):
        body_ko = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "추천서 0/2" in body_ko


def test_no_verdict_is_shown_before_the_check_or_while_editing_again(client):
    application = SubmittedApplicationFactory()
    client.force_login(application.applicant)
    url = reverse("applications:status", args=[application.pk])
    assert 'id="eligibility"' not in client.get(url).content.decode()
    application_eligibility_check(application_id=application.pk)
    assert 'id="eligibility"' in client.get(url).content.decode()
    application_status_change(application=application, to="withdrawn", by=application.applicant)
    assert 'id="eligibility"' not in client.get(url).content.decode()
