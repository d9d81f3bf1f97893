"""The access matrix (issue 8): every URL of the resolver, for every role, with real ids, answers as the table says.

One world is built through the real services (the `world` fixture, fresh for each role): an open call,
applicant A's application under review (documents, two referees, one letter received, one link still
open) preferring teams of two institutes, applicant B's application preferring teams of two others, a
published assignment run giving A's application to reviewers "assigned" and "conflicted" (who has a
conflict of interest with it, and a submitted review from before the conflict) and B's to "unassigned";
the assigned reviewer has confirmed having no conflict (their review has started). Each URL's path
arguments are filled from the world (its "kwargs" and "tokens"); POST bodies (`bodies`) are harmless or invalid, so that a role that
must not act cannot act, and `state()` checks that nobody changed anything but what MAY_CHANGE allows.

MATRIX has one line per URL name and method, with the expected answer of each role in ROLES order.
A URL of the resolver without a line fails `test_every_url_has_an_entry`, naming it: adding a URL
means adding one line (and, for a new kind of path argument, one entry in the world's kwargs).
"""
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from applications.models import (
    Application, ApplicationStatus, Document, EligibilityRule, EligibilityRun, EligibilityRunStatus, Referee,
)
from applications.services.eligibility import call_eligibility_rules_create_defaults
from applications.services.referees import referee_letter_upload, referee_token
from applications.services.status import application_status_change
from applications.services.submission import application_submit
from innocore.models import User
from selection.models import (
    Assignment, AssignmentRun, ConflictOfInterest, ConflictOfInterestSource, Offer, Review,
    ReviewerInvitation, ReviewStatus, RunStatus,
)
from selection.services.conflicts_of_interest import conflicts_of_interest_detect
from selection.services.reviews import rubric_default_create
from selection.services.reviewers import invitation_token, reviewer_invite
from tests.applications.dossiers import complete_application, pdf_upload
from tests.factories import (
    AcceptedOfferFactory, CallFactory, CallTeamQuotaFactory, DecidedApplicationFactory, InstituteStaffFactory,
    MatchRunFactory, MinistryStaffFactory, ReviewerProfileFactory, UserFactory,
)

pytestmark = pytest.mark.django_db

# URL prefixes the matrix does not walk, each with its reason.
SKIPPED_PREFIXES = {
    "admin/": "Django's admin: its own permission system (is_staff, model permissions); tests/innocore/test_admin.py",
    "accounts/": "allauth's login, signup and account pages: public by design, allauth tests them",
    "i18n/": "Django's set_language: public, changes only the visitor's own language cookie",
    "static/": "static files: public",
    "media/": "never served by Django in production",
    "api/schema/": "drf-spectacular's schema: its SERVE_PERMISSIONS setting decides, not the portal's rules",
    "api/docs/": "drf-spectacular's Swagger page: login_required in innocore/urls.py",
}

# Columns of MATRIX: anonymous; applicants A (owner of the world's application) and B; the referee (the signed
# link, no account); reviewers assigned, unassigned and conflicted; institute staff of the application's institute
# and of another one; ministry staff.
ROLES = ("anon", "app_a", "app_b", "referee", "rev_assigned", "rev_unassigned", "rev_conflicted",
         "staff_same", "staff_other", "ministry")

AUTH = "login"  # a 302 to the login page; a plain 302 is a redirect elsewhere
GET, POST, PATCH = "GET", "POST", "PATCH"

# fmt: off
MATRIX = [
    # url name                                      meth  anon  app_a app_b ref   rev_a rev_u rev_c st_in st_ot min
    ("home",                                         GET, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("healthz",                                      GET, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("profile",                                      GET, AUTH, 200,  200,  AUTH, 200,  200,  200,  200,  200,  200),
    ("profile",                                     POST, AUTH, 400,  400,  AUTH, 400,  400,  400,  400,  400,  400),
    # The applicant's pages: the owner only; anybody else gets 404, as for an unknown id.
    ("applications:mine",                            GET, AUTH, 200,  200,  AUTH, 200,  200,  200,  200,  200,  200),
    ("applications:start",                           GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("applications:start",                          POST, AUTH, 302,  302,  AUTH, 403,  403,  403,  403,  403,  403),
    ("applications:overview",                        GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:section",                         GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:section",                        POST, AUTH, 400,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:stale_edits_dismiss",             GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("applications:stale_edits_dismiss",            POST, AUTH, 302,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:documents",                       GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:documents",                      POST, AUTH, 400,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:document_download",               GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:referees",                        GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:referees",                       POST, AUTH, 400,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:referee_remind",                  GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("applications:referee_remind",                 POST, AUTH, 302,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:submit",                          GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:submit",                         POST, AUTH, 409,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:withdraw",                        GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("applications:withdraw",                       POST, AUTH, 302,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:status",                          GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("applications:receipt",                         GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    # The referee's signed link: whoever holds it (no account); an empty upload is refused.
    ("applications:referee_letter",                  GET, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("applications:referee_letter",                 POST, 400,  400,  400,  400,  400,  400,  400,  400,  400,  400),
    # Everyone's own account.
    ("applications:personal_data",                   GET, AUTH, 200,  200,  AUTH, 200,  200,  200,  200,  200,  200),
    ("applications:account_delete",                  GET, AUTH, 200,  200,  AUTH, 200,  200,  200,  200,  200,  200),
    ("applications:account_delete",                 POST, AUTH, 400,  400,  AUTH, 400,  400,  400,  400,  400,  400),
    # Staff: institute staff see their institute's applications (404 for others'); call-wide actions are the ministry's.
    ("applications:request_information",             GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  200,  404,  200),
    ("applications:request_information",            POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  400,  404,  400),
    ("applications:staff_call_eligibility",          GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  200,  200,  200),
    ("applications:staff_call_eligibility_progress", GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  200,  200,  200),
    ("applications:staff_call_eligibility_recheck",  GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("applications:staff_call_eligibility_recheck", POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  302),
    ("applications:staff_call_eligibility_defaults", GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("applications:staff_call_eligibility_defaults",POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  302),
    ("applications_staff:dossier",                   GET, AUTH, 404,  404,  AUTH, 404,  404,  404,  200,  404,  200),
    ("applications_staff:document",                  GET, AUTH, 404,  404,  AUTH, 404,  404,  404,  200,  404,  200),
    ("applications_staff:letter",                    GET, AUTH, 404,  404,  AUTH, 404,  404,  404,  200,  404,  200),
    ("audit_trail",                                  GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:overview",                           GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  200,  200,  200),
    # The dashboard's exports: the dashboard's permission (institute staff get their institute's figures).
    ("selection:dashboard_csv",                      GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  200,  200,  200),
    ("selection:dashboard_csv",                     POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:dashboard_xlsx",                     GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  200,  200,  200),
    ("selection:dashboard_xlsx",                    POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:dashboard_pdf",                      GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  200,  200,  200),
    ("selection:dashboard_pdf",                     POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    # The stats API: the dashboard's permission; without ?call= staff are told to give one (400).
    ("api-stats",                                    GET, 401,  403,  403,  401,  403,  403,  403,  400,  400,  400),
    ("api-stats",                                   POST, 401,  403,  403,  401,  403,  403,  403,  405,  405,  405),
    ("selection:assignment",                         GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:assignment",                        POST, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("selection:run_start",                          GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("selection:run_start",                         POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    ("selection:run_progress",                       GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:assignment_add",                     GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("selection:assignment_add",                    POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    ("selection:assignment_remove",                  GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("selection:assignment_remove",                 POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    ("selection:run_publish",                        GET, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("selection:run_publish",                       POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  409),
    ("selection:conflicts_of_interest",              GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:conflicts_of_interest",             POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  302),
    # A call's ranking decides funding: ministry staff only.
    ("selection:ranking",                            GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:ranking",                           POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    # Selection up to the quota (issue 11): ministry staff only. Empty POST bodies: the match runs (a proposal
    # decides nothing), everything else lacks its run id, adjustment or reason.
    ("selection:decisions",                          GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:decisions",                         POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:decisions_run",                      GET, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:decisions_run",                     POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  302),
    ("selection:decisions_discard",                  GET, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:decisions_discard",                 POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    ("selection:decisions_adjust",                   GET, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:decisions_adjust",                  POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    ("selection:decisions_adjust_remove",            GET, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:decisions_adjust_remove",           POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    ("selection:decisions_explanations",             GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:decisions_explanations",            POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:decisions_publish",                  GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:decisions_publish",                 POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    ("selection:decisions_outbox",                   GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:decisions_outbox",                  POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:decisions_send",                     GET, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:decisions_send",                    POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    ("selection:decisions_offers",                   GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:decisions_offers",                  POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:invite",                             GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:invite",                            POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    # A reviewer's invitation link: whoever holds it; passwords missing.
    ("selection:invitation",                         GET, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("selection:invitation",                        POST, 400,  400,  400,  400,  400,  400,  400,  400,  400,  400),
    # Reviewers' own pages; a conflict is declared only on an application the reviewer is assigned and not conflicted.
    # Reviewing (before declare_conflict_of_interest's POST below, which makes the assigned reviewer conflicted): only
    # the
    # assigned, not conflicted reviewer, whose review has started; anybody else 404, as for an unknown id.
    ("selection:review_start",                       GET, AUTH, 404,  404,  AUTH, 302,  404,  404,  404,  404,  404),
    ("selection:review_start",                      POST, AUTH, 404,  404,  AUTH, 302,  404,  404,  404,  404,  404),
    ("selection:review_dossier",                     GET, AUTH, 404,  404,  AUTH, 200,  404,  404,  404,  404,  404),
    ("selection:review_dossier",                    POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:review_document",                    GET, AUTH, 404,  404,  AUTH, 200,  404,  404,  404,  404,  404),
    ("selection:review_document",                   POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:review_letter",                      GET, AUTH, 404,  404,  AUTH, 200,  404,  404,  404,  404,  404),
    ("selection:review_letter",                     POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    ("selection:review_form",                        GET, AUTH, 404,  404,  AUTH, 200,  404,  404,  404,  404,  404),
    ("selection:review_form",                       POST, AUTH, 404,  404,  AUTH, 400,  404,  404,  404,  404,  404),
    # The reviews of an application: staff who may read its dossier.
    ("selection:application_reviews",                GET, AUTH, 404,  404,  AUTH, 404,  404,  404,  200,  404,  200),
    ("selection:application_reviews",               POST, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    # Staff re-open a submitted review (ministry staff only; the POST body has no reason).
    ("selection:review_reopen",                      GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  200),
    ("selection:review_reopen",                     POST, AUTH, 403,  403,  AUTH, 403,  403,  403,  403,  403,  400),
    ("selection:reviewer_profile",                   GET, AUTH, 403,  403,  AUTH, 200,  200,  200,  403,  403,  403),
    ("selection:reviewer_profile",                  POST, AUTH, 403,  403,  AUTH, 400,  400,  400,  403,  403,  403),
    ("selection:my_assignments",                     GET, AUTH, 403,  403,  AUTH, 200,  200,  200,  403,  403,  403),
    ("selection:declare_conflict_of_interest",       GET, AUTH, 403,  403,  AUTH, 200,  200,  200,  403,  403,  403),
    ("selection:declare_conflict_of_interest",      POST, AUTH, 403,  403,  AUTH, 302,  400,  400,  403,  403,  403),
    # The letter of an accepted offer for staff: the ministry and the staff of the team's institute.
    ("selection:offer_letter",                       GET, AUTH, 403,  403,  AUTH, 403,  403,  403,  200,  404,  200),
    ("selection:offer_letter",                      POST, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    # The applicant's offers (A's offer is accepted: answering again is refused with 409, a GET sent back to it).
    ("offers:mine",                                  GET, AUTH, 200,  200,  AUTH, 200,  200,  200,  200,  200,  200),
    ("offers:mine",                                 POST, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("offers:detail",                                GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("offers:detail",                               POST, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    ("offers:accept",                                GET, AUTH, 302,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("offers:accept",                               POST, AUTH, 409,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("offers:decline",                               GET, AUTH, 302,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("offers:decline",                              POST, AUTH, 409,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("offers:letter",                                GET, AUTH, 200,  404,  AUTH, 404,  404,  404,  404,  404,  404),
    ("offers:letter",                               POST, AUTH, 405,  405,  AUTH, 405,  405,  405,  405,  405,  405),
    # Everyone's API token, made only in a logged-in session (an empty POST names no action).
    ("api_token",                                    GET, AUTH, 200,  200,  AUTH, 200,  200,  200,  200,  200,  200),
    ("api_token",                                   POST, AUTH, 400,  400,  AUTH, 400,  400,  400,  400,  400,  400),
    # The REST API (/api/v1/): 401 without credentials; the same rules as the pages; a hidden object is a 404.
    ("api-call-list",                                GET, 401,  200,  200,  401,  200,  200,  200,  200,  200,  200),
    ("api-call-list",                               POST, 401,  405,  405,  401,  405,  405,  405,  405,  405,  405),
    ("api-call-detail",                              GET, 401,  200,  200,  401,  200,  200,  200,  200,  200,  200),
    ("api-call-detail",                             POST, 401,  405,  405,  401,  405,  405,  405,  405,  405,  405),
    ("api-team-list",                                GET, 401,  200,  200,  401,  200,  200,  200,  200,  200,  200),
    ("api-team-list",                               POST, 401,  405,  405,  401,  405,  405,  405,  405,  405,  405),
    ("api-team-detail",                              GET, 401,  200,  200,  401,  200,  200,  200,  200,  200,  200),
    ("api-team-detail",                             POST, 401,  405,  405,  401,  405,  405,  405,  405,  405,  405),
    # Applications: staff those they may see, applicants their own; only applicants start one (no call given: 400).
    ("api-application-list",                         GET, 401,  200,  200,  401,  403,  403,  403,  200,  200,  200),
    ("api-application-list",                        POST, 401,  400,  400,  401,  403,  403,  403,  403,  403,  403),
    ("api-application-detail",                       GET, 401,  200,  404,  401,  403,  403,  403,  200,  404,  200),
    ("api-application-detail",                      POST, 401,  405,  405,  401,  403,  403,  403,  405,  405,  405),
    # The applicant's own sections and submission (the world's application is submitted: no version, 400; 409).
    ("api-application-section",                      GET, 401,  200,  404,  401,  403,  403,  403,  404,  404,  404),
    ("api-application-section",                    PATCH, 401,  400,  404,  401,  403,  403,  403,  404,  404,  404),
    ("api-application-section",                     POST, 401,  405,  405,  401,  403,  403,  403,  405,  405,  405),
    ("api-application-submit",                       GET, 401,  405,  405,  401,  403,  403,  403,  405,  405,  405),
    ("api-application-submit",                      POST, 401,  409,  404,  401,  403,  403,  403,  404,  404,  404),
    # Reviews: staff who may read the dossier; reviewers their own while assigned and not conflicted.
    ("api-review-list",                              GET, 401,  403,  403,  401,  200,  200,  200,  200,  200,  200),
    ("api-review-list",                             POST, 401,  403,  403,  401,  405,  405,  405,  405,  405,  405),
    ("api-review-detail",                            GET, 401,  403,  403,  401,  404,  404,  404,  200,  404,  200),
    ("api-review-detail",                           POST, 401,  403,  403,  401,  405,  405,  405,  405,  405,  405),
    # Decisions: staff (institute staff their institute's teams); applicants their own offers once sent.
    ("api-decision-list",                            GET, 401,  200,  200,  401,  403,  403,  403,  200,  200,  200),
    ("api-decision-list",                           POST, 401,  405,  405,  401,  403,  403,  403,  405,  405,  405),
    ("api-decision-detail",                          GET, 401,  200,  404,  401,  403,  403,  403,  200,  404,  200),
    ("api-decision-detail",                         POST, 401,  405,  405,  401,  403,  403,  403,  405,  405,  405),
]
# fmt: on


def _walk(patterns, prefix: str = "", namespace: str = ""):
    """(route, name) for every URL pattern, recursively through includes."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}:{pattern.name}" if namespace else pattern.name


def walked_urls() -> dict[str, str]:
    """Every URL name the matrix must cover, with its route."""
    urls = {}
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(tuple(SKIPPED_PREFIXES)):
            continue
        assert name, f"the URL pattern {route!r} has no name: name it and add it to MATRIX"
        urls[name] = route
    return urls


# The world -----------------------------------------------------------------------------------------------------------

@pytest.fixture
def world(settings, tmp_path):
    """Everything every URL needs, with the users of every role (the referee has the letter link, no account)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call = CallFactory()
    ministry = MinistryStaffFactory()
    app_a = complete_application(call=call, applicant=UserFactory())
    app_b = complete_application(call=call, applicant=UserFactory())
    received, waiting = app_a.referees.order_by("pk")
    referee_letter_upload(token=referee_token(referee=received), file=pdf_upload("letter.pdf"))
    waiting.refresh_from_db()
    for application in (app_a, app_b):
        application_submit(application=application, by=application.applicant)
        application_status_change(application=application, to=ApplicationStatus.AWAITING_REVIEW, by=ministry)
    application_status_change(application=app_a, to=ApplicationStatus.UNDER_REVIEW, by=ministry)
    run = AssignmentRun.objects.create(call=call, status=RunStatus.PUBLISHED, stage="done",
                                       published_at=timezone.now(), published_by=ministry)
    assigned, unassigned, conflicted = (ReviewerProfileFactory() for _ in range(3))
    Assignment.objects.create(run=run, application=app_a, reviewer=assigned,
                              review_started_at=timezone.now())
    Assignment.objects.create(run=run, application=app_b, reviewer=unassigned)
    Assignment.objects.create(run=run, application=app_a, reviewer=conflicted,
                              review_started_at=timezone.now() - timedelta(days=1))
    ConflictOfInterest.objects.create(application=app_a, reviewer=conflicted,
                                      source=ConflictOfInterestSource.DECLARED_BY_REVIEWER)
    rubric_default_create(call=call)
    review = Review.objects.create(application=app_a, reviewer=conflicted, status=ReviewStatus.SUBMITTED,
                                   submitted_at=timezone.now())
    invitation = reviewer_invite(email="invited@uni.example", by=ministry)
    # Make the ministry's call-wide POSTs no-ops: a re-check is running, the default rules and the automatic
    # conflicts are already there.
    EligibilityRun.objects.create(call=call, total=2, status=EligibilityRunStatus.RUNNING)
    call_eligibility_rules_create_defaults(call=call, by=ministry)
    conflicts_of_interest_detect(call=call, by=ministry)
    institutes_a = [p.team.institute for p in app_a.team_preferences.select_related("team__institute")]
    institute_b = app_b.team_preferences.select_related("team__institute").get(rank=1).team.institute
    users = {
        "anon": None, "referee": None, "app_a": app_a.applicant, "app_b": app_b.applicant,
        "rev_assigned": assigned.user, "rev_unassigned": unassigned.user, "rev_conflicted": conflicted.user,
        "staff_same": InstituteStaffFactory(institute=institutes_a[0]),
        "staff_other": InstituteStaffFactory(institute=institute_b), "ministry": ministry,
    }
    assert institute_b not in institutes_a and len(institutes_a) == 2
    offer = _accepted_offer(applicant=app_a.applicant, team=app_a.team_preferences.get(rank=1).team)
    kwargs = {
        "pk": app_a.pk, "document_pk": app_a.documents.order_by("pk")[0].pk, "referee_pk": received.pk,
        "call_code": call.code, "code": call.code, "run_id": run.pk, "slug": "personal",
        "review_id": review.pk, "team_code": offer.team.code, "offer_id": offer.pk,
    }
    tokens = {"applications:referee_letter": referee_token(referee=waiting),
              "selection:invitation": invitation_token(invitation=invitation)}
    return {"call": call, "app_a": app_a, "app_b": app_b, "users": users, "kwargs": kwargs, "tokens": tokens,
            "waiting": waiting, "run": run}


def _accepted_offer(*, applicant: User, team) -> Offer:
    """An accepted offer of ``team`` to ``applicant``'s application in another call (as the decisions and the
    applicant's answer leave it)."""
    call = CallFactory()
    CallTeamQuotaFactory(call=call, team=team, quota=1)
    run = MatchRunFactory(call=call, lists={team.code: []}, capacities={team.code: 1})
    application = DecidedApplicationFactory(call=call, applicant=applicant, status=ApplicationStatus.ACCEPTED)
    return AcceptedOfferFactory(run=run, team=team, application=application)


# POST bodies: harmless or invalid. Unlisted URLs are posted an empty body.
def bodies(world) -> dict[str, dict]:
    return {
        "selection:declare_conflict_of_interest": {
            "application": world["app_a"].pk,
            "detail": "matrix",
            "confirm": "1",
        },
        "applications:referees": {"name": "", "email": "not an address"},
    }


def url_for(world, name: str, route: str, *, unknown_ids: bool = False) -> str:
    """The URL of `name` with its arguments taken from the world (or ids that exist nowhere, forged tokens)."""
    kwargs = {}
    for argument in _arguments(route):
        if argument == "token":
            if name not in world["tokens"]:
                pytest.fail(f"{name} takes a <token>: add a real one to the world's tokens in {__file__}")
            kwargs[argument] = world["tokens"][name][:-4] + ("AAAA" if unknown_ids else world["tokens"][name][-4:])
        elif argument in world["kwargs"]:
            value = world["kwargs"][argument]
            kwargs[argument] = 99_999_999 if unknown_ids and isinstance(value, int) else value
        else:
            pytest.fail(f"{name} takes <{argument}>: add a value for it to the world's kwargs in {__file__}")
    return reverse(name, kwargs=kwargs)


def _arguments(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def answer(client: Client, method: str, url: str, data: dict):
    """The answer as the matrix writes it: a status code, or AUTH for a redirect to the login page."""
    if method == PATCH:  # the API's partial updates: a JSON body
        response = client.patch(url, data, content_type="application/json")
    else:
        response = client.get(url) if method == GET else client.post(url, data)
    if response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return AUTH
    return response.status_code


def client_for(world, role: str) -> Client:
    client = Client()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    return client


def state() -> dict[str, list]:
    """What a request must not change unless its role may act (audit rows of views aside)."""
    return {
        "applications": sorted(Application.objects.values_list("pk", "status", "version", "applicant_id")),
        "documents": sorted(Document.objects.values_list("pk", "application_id", "sha256")),
        "referees": sorted(Referee.objects.values_list("pk", "status", "reminders_sent", "token_nonce")),
        "conflicts": sorted(ConflictOfInterest.objects.values_list("application_id", "reviewer_id", "source")),
        "assignments": sorted(Assignment.objects.values_list("run_id", "application_id", "reviewer_id")),
        "runs": sorted(AssignmentRun.objects.values_list("pk", "status")),
        "reviews": sorted(Review.objects.values_list("pk", "status", "version")),
        "eligibility": sorted(EligibilityRule.objects.values_list("pk", "code", "enabled"))
        + sorted(EligibilityRun.objects.values_list("pk", "status")),
        "invitations": sorted(ReviewerInvitation.objects.values_list("pk", "token_nonce", "accepted_at")),
        "offers": sorted(Offer.objects.values_list("pk", "status", "application_id", "team_id", "response_note")),
        "users": sorted(User.objects.values_list("pk", "email", "is_active", "role", "password")),
    }


# What a role's allowed POSTs of the matrix may change: the assigned reviewer declares a conflict, which
# also removes their unstarted assignment.
MAY_CHANGE = {"rev_assigned": {"conflicts", "assignments"}}


def expected(line: tuple, role: str):
    return line[2 + ROLES.index(role)]


# The tests ---------------------------------------------------------------------------------------------------------

def test_every_url_has_an_entry():
    urls = walked_urls()
    covered = {line[0] for line in MATRIX}
    missing = sorted(set(urls) - covered)
    assert not missing, (
        "URLs without an access-matrix entry in tests/test_access_matrix.py (add one line per method, "
        f"with the expected answer of each role): {missing}"
    )
    stale = sorted(covered - set(urls))
    assert not stale, f"access-matrix entries for URLs that no longer exist: {stale}"
    assert all(len(line) == 2 + len(ROLES) for line in MATRIX), "each line needs one answer per role"
    by_method = [(line[0], line[1]) for line in MATRIX]
    assert len(by_method) == len(set(by_method)), "one line per URL name and method"


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_matrix_says(world, role):
    urls = walked_urls()
    client = client_for(world, role)
    before = state()
    wrong = []
    for line in MATRIX:
        name, method = line[0], line[1]
        got = answer(client, method, url_for(world, name, urls[name]), bodies(world).get(name, {}))
        if got != expected(line, role):
            wrong.append(f"{method} {name}: expected {expected(line, role)}, got {got}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    after = state()
    changed = {key for key in before if before[key] != after[key]}
    assert changed <= MAY_CHANGE.get(role, set()), f"{role} changed {sorted(changed)}"


@pytest.mark.parametrize("role", ROLES)
def test_an_object_id_the_role_may_not_see_answers_like_an_unknown_id(world, role):
    """403 only where the role may not use the page at all, whatever the id; a hidden object is a 404 like an
    unknown id, and a forged link is a 410 like an expired one."""
    urls = walked_urls()
    client = client_for(world, role)
    wrong = []
    for line in MATRIX:
        name, method = line[0], line[1]
        arguments = _arguments(urls[name])
        if not any(a == "token" or isinstance(world["kwargs"].get(a), int) for a in arguments):
            continue
        real = expected(line, role)
        unknown = answer(client, method, url_for(world, name, urls[name], unknown_ids=True),
                         bodies(world).get(name, {}))
        if "token" in arguments:
            wanted = 410
        else:
            wanted = real if real in (401, 403, 404, 405, AUTH) else 404
        if unknown != wanted:
            wrong.append(f"{method} {name}: {real} for the world's ids, {unknown} for unknown ones (wanted {wanted})")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_applicant_and_reviewer_pages_never_answer_403_for_an_object():
    """On the applicant's and the reviewers' pages an object the user may not see is a 404, never a 403
    (the live answers are checked against these lines above)."""
    urls = walked_urls()
    personal = [line for line in MATRIX if "<int:" in urls[line[0]] and (
        urls[line[0]].startswith(("review/", "offers/", "apply/"))
    )]
    assert len(personal) > 10  # the applicant's pages are found
    for line in personal:
        assert 403 not in line[2:], f"{line[1]} {line[0]} answers 403 to someone: answer 404, as for an unknown id"
