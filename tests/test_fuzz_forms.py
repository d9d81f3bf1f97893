"""Issue 9, "Done when": random and hostile values posted to every form of the portal never give a 500.

Every form: the applicant's, reviewer's and staff pages, the editable admin forms (a call with
its team quotas, eligibility rules and verdicts, users, reviewer profiles, institutes, teams),
allauth's (login, signup, password reset, email change); and the query strings of the list
pages and of the audit trail's filters.

Each form is found the way a browser finds it: the page is fetched as the role that may use
it and the names of its inputs, and the values of its hidden inputs and options, are read
from the HTML. First one plausible submission (the page's values as a browser sends them
unchanged, a few changed) must be accepted and do what the form is for: so the values that
follow are known to reach the code that writes. Then each field in turn is sent 300
characters too long (a DOI overflowing its column was a DataError). Then Hypothesis posts,
mostly the accepted submission with one field hostile, sometimes all at random: very long
text, NUL bytes, lone UTF-16 surrogates (sent as the bytes a careless encoder makes), huge and
negative numbers, markup and script, fields left out or repeated. The body is URL-encoded
or, like the autosave script (static/js/autosave.js, ``new FormData(form)`` with the
``X-Autosave`` header), multipart.

Every submission meets the same world: it is built once per form, and each submission runs in
a savepoint rolled back afterwards, with the client's cookies and the cache (allauth's login
limits) put back. Otherwise one success turns every later example into "already submitted"
(409) or "link used" (410); a test fails when many are.

The assertion is the status: below 500. Runs on PostgreSQL, where a too-long value (DataError)
or a NUL (ValueError) fails and SQLite would let it pass. 25 examples per form
(PORTAL_FUZZ_EXAMPLES) take about 40 s on two idle cores, 60 to 85 s when they are busy.
"""
import os
from collections import Counter
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass
from datetime import timedelta

import pytest
import redis
from allauth.account.models import EmailAddress
from django.conf import settings as settings_module
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import (
    Application,
    ApplicationStatus,
    CareerBreakKind,
    EligibilityRule,
    EligibilityRun,
    RefereeStatus,
    StaleSectionEdit,
    VerdictOutcome,
)
from applications.services.eligibility import application_eligibility_check
from applications.services.referees import referee_token
from innocore.models import AuditAction, User
from innocore.services.audit import audit_record
from selection.models import Assignment, AssignmentRun, ConflictOfInterest, ReviewerProfile
from selection.services.reviewers import invitation_token, reviewer_invite
from tests.applications.dossiers import complete_application, simple_pdf
from tests.factories import (
    ApplicationFactory,
    AssignmentRunFactory,
    AwaitingReviewApplicationFactory,
    CallFactory,
    EligibilityRuleFactory,
    ResearchTeamFactory,
    StaffFactory,
    SubmittedApplicationFactory,
    UserFactory,
    seeded_assignment_call,
)
from tests.fuzzing import (
    ERRORS,
    UPLOADS,
    as_a_browser_sends,
    crash,
    form_on,
    hostile,
    overflowing,
    post,
    query,
    submissions,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

PASSWORD = "correct horse battery"
"""tests/factories.py's UserFactory password."""
NEW_PASSWORD = "Tidal-kelp-7-orbit"


@pytest.fixture
def world(settings, tmp_path):
    """One of everything a form can act on, made through the real services."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call = CallFactory()
    applicant = UserFactory()
    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True, primary=True)
    application = complete_application(call=call, applicant=applicant)
    staff = StaffFactory()
    assignment_call, awaiting, profiles = seeded_assignment_call(applications=3, reviewers=3)
    run = AssignmentRunFactory(call=assignment_call)
    Assignment.objects.create(run=run, application=awaiting[1], reviewer=profiles[1])
    # What a reviewer may declare a conflict on: an application given to them by a published run.
    published = AssignmentRunFactory(status="published")
    declarable = AwaitingReviewApplicationFactory(call=published.call)
    Assignment.objects.create(run=published, application=declarable, reviewer=profiles[0])
    submitted = SubmittedApplicationFactory(call=call)
    verdict = application_eligibility_check(application_id=submitted.pk)
    audit_record(by=staff, action=AuditAction.DATA_EXPORT, label="fuzz-marker-entry", call_code=call.code)
    team = ResearchTeamFactory()
    # Something for the applicant to dismiss and to remind: a stale tab's values, a referee asked long ago.
    StaleSectionEdit.objects.create(application=application, section="personal", based_on="stale", data={})
    application.referees.update(requested_at=timezone.now() - timedelta(days=30))
    return {
        "call": call, "applicant": applicant, "application": application, "staff": staff, "run": run,
        "assignment_call": assignment_call, "awaiting": awaiting, "reviewer": profiles[0].user, "profiles": profiles,
        "verdict": verdict, "verdict_status": Application.objects.get(pk=submitted.pk).status,
        "invitation": reviewer_invite(email="invited@uni.example", by=staff), "referee": application.referees.first(),
        "declarable": declarable, "withdrawable": SubmittedApplicationFactory(applicant=applicant),
        "other_call": CallFactory(), "rule": EligibilityRuleFactory(), "team": team,
        "leaver": ApplicationFactory().applicant,  # with a draft only: an account that may be deleted
    }


@dataclass(frozen=True)
class Spec:
    name: str
    role: str  # who posts: anonymous or a user of the world (applicant, leaver, reviewer, staff)
    page: object  # world -> URL of the page that shows the form
    action: object = None  # world -> URL the form posts to (the page itself when None)
    extra_fields: object = None  # world -> {name: plausible values} for fields the page does not show
    autosave: bool = False  # the page also saves by itself: post as static/js/autosave.js does, or as the form
    valid: object = None  # world -> {name: value, list of values or None (left out)} changed from the page's values
    accepted: object = None  # (world, response) -> true when the valid submission did what the form is for


def _app(world, name, *args):
    return reverse(f"applications:{name}", args=[world["application"].pk, *args])


def _run(world, name):
    return reverse(f"selection:{name}", args=[world["assignment_call"].code, world["run"].pk])


def _admin(model: str, key: str):
    return lambda w: reverse(f"admin:{model}_change", args=[w[key].pk])


def _pair_fields(world) -> dict[str, list[str]]:
    return {"application": [str(a.pk) for a in world["awaiting"]],
            "reviewer": [str(p.pk) for p in world["profiles"]], "page": ["1", "2"]}


def _fresh(world, key):
    return type(world[key])._base_manager.get(pk=world[key].pk)


def _redirected(world, response) -> bool:
    return response.status_code == 302


def _other_outcome(world) -> str:
    return next(value for value in VerdictOutcome.values if value != world["verdict"].outcome)


def _applicant_app(world):
    return Application.objects.get(pk=world["application"].pk)


SECTION_CHANGES = {
    "personal": ({"given_name": "Grace"}, lambda w, r: _applicant_app(w).given_name == "Grace"),
    "phd": ({"phd_advisor": "Grace Hopper"}, lambda w, r: _applicant_app(w).phd_advisor == "Grace Hopper"),
    "career_breaks": ({"break_1_kind": CareerBreakKind.values[0], "break_1_start": "2023-01-02",
                       "break_1_end": "2023-06-30"}, lambda w, r: _applicant_app(w).career_breaks.count() == 1),
    "position": ({"current_position": "Research fellow"},
                 lambda w, r: _applicant_app(w).current_position == "Research fellow"),
    "research": ({"keywords": "quantum sensing"}, lambda w, r: _applicant_app(w).keywords == "quantum sensing"),
    "teams": ({"rank_2": ""}, lambda w, r: _applicant_app(w).team_preferences.count() == 1),
    "publications": ({"publications_text": "A. Turing. Computing machinery and intelligence. 1950."},
                     lambda w, r: _applicant_app(w).publications.filter(citation__contains="Turing").exists()),
    "outreach": ({"heard_via": "other", "heard_via_other": "a colleague"},
                 lambda w, r: _applicant_app(w).heard_via_other == "a colleague"),
    "consents": ({"consent_overseas_transfer": None},
                 lambda w, r: _applicant_app(w).consent_overseas_transfer_at is None),
}
SPECS = [
    *(Spec(f"section-{slug}", "applicant", lambda w, s=slug: _app(w, "section", s),
           extra_fields=lambda w: {"save_next": [""]},
           autosave=True, valid=lambda w, c=change: c, accepted=check)
      for slug, (change, check) in SECTION_CHANGES.items()),
    Spec("conflicts-dismiss", "applicant", lambda w: _app(w, "section", "personal"),
         lambda w: _app(w, "stale_edits_dismiss", "personal"),
         accepted=lambda w, r: not _applicant_app(w).stale_section_edits.filter(dismissed_at__isnull=True).exists()),
    Spec("documents", "applicant", lambda w: _app(w, "documents"),
         extra_fields=lambda w: {"kind": ["cv", "research_plan", "publication_list"]}, valid=lambda w: {"kind": "cv"},
         accepted=lambda w, r: _applicant_app(w).documents.filter(kind="cv").count() >= 1 and r.status_code == 302),
    Spec("referees", "applicant", lambda w: _app(w, "referees"),
         extra_fields=lambda w: {"replace": [str(r.pk) for r in w["application"].referees.all()]},
         valid=lambda w: {"name": "Grace Hopper", "email": "grace@navy.example", "replace": ""},
         accepted=lambda w, r: _applicant_app(w).referees.filter(email="grace@navy.example").exists()),
    Spec("referee-remind", "applicant", lambda w: _app(w, "referees"),
         lambda w: _app(w, "referee_remind", w["referee"].pk),
         accepted=lambda w, r: _fresh(w, "referee").reminders_sent == 1),
    Spec("submit", "applicant", lambda w: _app(w, "submit"), lambda w: _app(w, "submit"),
         accepted=lambda w, r: _applicant_app(w).status == ApplicationStatus.SUBMITTED),
    Spec("withdraw", "applicant", lambda w: _app(w, "status"),
         lambda w: reverse("applications:withdraw", args=[w["withdrawable"].pk]),
         accepted=lambda w, r: _fresh(w, "withdrawable").status != ApplicationStatus.SUBMITTED),
    Spec("start", "applicant", lambda w: reverse("applications:mine"),
         lambda w: reverse("applications:start", args=[w["other_call"].code]),
         accepted=lambda w, r: Application.objects.filter(call=w["other_call"], applicant=w["applicant"]).exists()),
    Spec("profile", "applicant", lambda w: reverse("profile"), valid=lambda w: {"first_name": "Grace"},
         accepted=lambda w, r: _fresh(w, "applicant").first_name == "Grace"),
    Spec("api-token", "applicant", lambda w: reverse("api_token"), extra_fields=lambda w: {"action": ["create", "revoke"]},
         valid=lambda w: {"action": "create"},
         accepted=lambda w, r: Token.objects.filter(user=w["applicant"]).exists()),
    Spec("account-delete", "leaver", lambda w: reverse("applications:account_delete"),
         valid=lambda w: {"confirm_email": w["leaver"].email},
         accepted=lambda w, r: not User.objects.filter(email=w["leaver"].email).exists()),
    Spec("referee-letter", "anonymous",
         lambda w: reverse("applications:referee_letter", args=[referee_token(referee=w["referee"])]),
         accepted=lambda w, r: _fresh(w, "referee").status == RefereeStatus.RECEIVED),
    Spec("reviewer-profile", "reviewer", lambda w: reverse("selection:reviewer_profile"),
         valid=lambda w: {"first_name": "Grace"}, accepted=lambda w, r: _fresh(w, "reviewer").first_name == "Grace"),
    Spec("declare-conflict", "reviewer", lambda w: reverse("selection:declare_conflict_of_interest") + "?q=a",
         lambda w: reverse("selection:declare_conflict_of_interest"),
         extra_fields=lambda w: {"application": [str(a.pk) for a in [w["declarable"], *w["awaiting"]]],
                                 "detail": ["We wrote a paper."]},
         valid=lambda w: {"application": str(w["declarable"].pk), "detail": "We wrote a paper.", "confirm": "1"},
         accepted=lambda w, r: ConflictOfInterest.objects.filter(application=w["declarable"],
                                                                 reviewer__user=w["reviewer"]).exists()),
    Spec("invitation", "anonymous",
         lambda w: reverse("selection:invitation", args=[invitation_token(invitation=w["invitation"])]),
         valid=lambda w: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
         accepted=lambda w, r: User.objects.get(pk=w["invitation"].user_id).has_usable_password()),
    Spec("request-information", "staff",
         lambda w: reverse("applications:request_information", args=[w["verdict"].application_id]),
         valid=lambda w: {"message": "Please send the PhD certificate."},
         accepted=lambda w, r: Application.objects.get(pk=w["verdict"].application_id).status != w["verdict_status"]),
    Spec("eligibility-override", "staff", _admin("applications_eligibilityverdict", "verdict"),
         valid=lambda w: {"new_outcome": _other_outcome(w), "reason": "Certificate checked by hand."},
         accepted=lambda w, r: _fresh(w, "verdict").effective_outcome == _other_outcome(w)),
    Spec("eligibility-recheck", "staff",
         lambda w: reverse("applications:staff_call_eligibility", args=[w["call"].code]),
         lambda w: reverse("applications:staff_call_eligibility_recheck", args=[w["call"].code]),
         accepted=lambda w, r: EligibilityRun.objects.filter(call=w["call"]).exists()),
    Spec("default-rules", "staff",
         lambda w: reverse("applications:staff_call_eligibility", args=[w["call"].code]),
         lambda w: reverse("applications:staff_call_eligibility_defaults", args=[w["call"].code]),
         accepted=lambda w, r: EligibilityRule.objects.filter(call=w["call"]).exists()),
    Spec("run-start", "staff", lambda w: reverse("selection:assignment", args=[w["assignment_call"].code]),
         lambda w: reverse("selection:run_start", args=[w["assignment_call"].code]),
         accepted=lambda w, r: AssignmentRun.objects.filter(call=w["assignment_call"]).count() == 2),
    Spec("assignment-add", "staff", lambda w: reverse("selection:assignment", args=[w["assignment_call"].code]),
         lambda w: _run(w, "assignment_add"), extra_fields=_pair_fields,
         valid=lambda w: {"application": str(w["awaiting"][0].pk), "reviewer": str(w["profiles"][0].pk)},
         accepted=lambda w, r: w["run"].assignments.filter(application=w["awaiting"][0],
                                                          reviewer=w["profiles"][0]).exists()),
    Spec("assignment-remove", "staff", lambda w: reverse("selection:assignment", args=[w["assignment_call"].code]),
         lambda w: _run(w, "assignment_remove"), extra_fields=_pair_fields,
         valid=lambda w: {"application": str(w["awaiting"][1].pk), "reviewer": str(w["profiles"][1].pk)},
         accepted=lambda w, r: not w["run"].assignments.filter(application=w["awaiting"][1],
                                                              reviewer=w["profiles"][1]).exists()),
    Spec("run-publish", "staff", lambda w: reverse("selection:assignment", args=[w["assignment_call"].code]),
         lambda w: _run(w, "run_publish"), accepted=lambda w, r: _fresh(w, "run").status == "published"),
    Spec("conflicts", "staff", lambda w: reverse("selection:conflicts_of_interest", args=[w["assignment_call"].code]),
         accepted=_redirected),
    Spec("invite", "staff", lambda w: reverse("selection:invite"),
         valid=lambda w: {"email": "new.reviewer@uni.example"},
         accepted=lambda w, r: User.objects.filter(email="new.reviewer@uni.example").exists()),
    # The admin's editable forms, as the ministry's superuser.
    Spec("admin-call", "staff", _admin("innocore_call", "call"),
         valid=lambda w: {"title_en": "Renamed call", "team_quotas-0-quota": "11"},
         accepted=lambda w, r: _fresh(w, "call").title_en == "Renamed call"
         and w["call"].team_quotas.filter(quota=11).exists()),
    Spec("admin-eligibility-rule", "staff", _admin("applications_eligibilityrule", "rule"),
         valid=lambda w: {"enabled": None}, accepted=lambda w, r: not _fresh(w, "rule").enabled),
    Spec("admin-user", "staff", _admin("innocore_user", "applicant"), valid=lambda w: {"first_name": "Grace"},
         accepted=lambda w, r: _fresh(w, "applicant").first_name == "Grace"),
    Spec("admin-reviewer-profile", "staff", lambda w: reverse("admin:selection_reviewerprofile_change",
                                                             args=[w["profiles"][0].pk]),
         valid=lambda w: {"institution": "Bell Labs"},
         accepted=lambda w, r: ReviewerProfile.objects.get(pk=w["profiles"][0].pk).institution == "Bell Labs"),
    Spec("admin-institute", "staff", lambda w: reverse("admin:innocore_institute_change",
                                                      args=[w["team"].institute_id]),
         valid=lambda w: {"name_en": "Renamed institute"},
         accepted=lambda w, r: _fresh(w, "team").institute.name_en == "Renamed institute"),
    Spec("admin-research-team", "staff", _admin("innocore_researchteam", "team"),
         valid=lambda w: {"name_en": "Renamed team"},
         accepted=lambda w, r: _fresh(w, "team").name_en == "Renamed team"),
    # allauth's forms.
    Spec("login", "anonymous", lambda w: reverse("account_login"),
         valid=lambda w: {"login": w["applicant"].email, "password": PASSWORD},
         accepted=lambda w, r: r.wsgi_request.user.is_authenticated),
    Spec("signup", "anonymous", lambda w: reverse("account_signup"),
         valid=lambda w: {"email": "new.person@uni.example", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
         accepted=lambda w, r: User.objects.filter(email="new.person@uni.example").exists()),
    Spec("password-reset", "anonymous", lambda w: reverse("account_reset_password"),
         valid=lambda w: {"email": w["applicant"].email},
         accepted=lambda w, r: any(w["applicant"].email in message.to for message in mail.outbox)),
    Spec("email-change", "applicant", lambda w: reverse("account_email"),
         valid=lambda w: {"email": "second@uni.example", "action_add": ""},
         accepted=lambda w, r: EmailAddress.objects.filter(email="second@uni.example").exists()),
]


def valid_submission(spec: Spec, world, html: str) -> list[tuple[str, str]]:
    changes = spec.valid(world) if spec.valid else {}
    pairs = [(name, value) for name, value in as_a_browser_sends(html) if name not in changes]
    for name, value in changes.items():
        pairs.extend((name, item) for item in ([] if value is None else [value] if isinstance(value, str) else value))
    return pairs


def client_for(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world[role])
    return client


@contextmanager
def same_world(client: Client, cache_prefix: str):
    """Whatever a submission changes is undone: the database (a savepoint), the client's cookies, the cache;
    and the emails it sent are the only ones in the outbox."""
    cookies = deepcopy(client.cookies)
    mail.outbox.clear()
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
        cache_empty(cache_prefix)


def cache_empty(prefix: str) -> None:
    conf = settings_module.CACHES["default"]
    if conf["BACKEND"].endswith("RedisCache"):
        client = redis.Redis.from_url(conf["LOCATION"])
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.mark.parametrize("spec", SPECS, ids=[spec.name for spec in SPECS])
def test_no_form_answers_a_500_to_hostile_input(world, spec, _own_cache):
    client = client_for(world, spec.role)
    page = spec.page(world)
    shown = client.get(page)
    assert shown.status_code == 200, (page, shown.status_code)
    html = shown.content.decode()
    form = form_on(html, extra_fields=spec.extra_fields(world) if spec.extra_fields else {})
    assert form.fields or form.files or spec.action, f"no form found on {page}"
    action = spec.action(world) if spec.action else page.split("?")[0]
    with same_world(client, _own_cache):
        pairs = valid_submission(spec, world, html)
        files = [(name, "cv.pdf", simple_pdf()) for name in form.files]
        response = post(client, action, pairs, encoding="urlencoded", files=files)
        assert response.status_code < 400 and spec.accepted(world, response), (
            "the plausible submission was refused", action, pairs, response.status_code,
            response.get("Location") or ERRORS.findall(response.content.decode()) or response.content[:2000])
    form.prefer(pairs)
    for pairs in overflowing(form):
        with same_world(client, _own_cache):
            response = post(client, action, pairs, encoding="urlencoded")
            assert response.status_code < 500, (action, [name for name, value in pairs if len(value) >= 300],
                                                crash(response))

    answers = Counter()

    @FUZZ
    @given(pairs=submissions(form), encoding=st.sampled_from(["urlencoded", "multipart", "autosave"]),
           upload=st.tuples(st.sampled_from(["cv.pdf", "evil.html", "a" * 300 + ".pdf", "..\\x.pdf"]), UPLOADS))
    def fuzz(pairs, encoding, upload):
        files = [(name, upload[0], upload[1]) for name in form.files]
        headers = None
        if encoding == "autosave":
            encoding, headers = "multipart", {"X-Autosave": "1", "X-Requested-With": "fetch"} if spec.autosave else None
        with same_world(client, _own_cache):
            response = post(client, action, pairs, encoding=encoding, files=files, headers=headers)
            assert response.status_code < 500, (action, pairs[:5], crash(response))
            answers[response.status_code] += 1

    fuzz()
    # A 409 from a form with a ``version`` field is its edit-conflict answer to a hostile version, not "already done".
    stale = answers[410] + (0 if "version" in form.fields else answers[409])
    assert stale <= sum(answers.values()) // 4, f"many examples refused as already done (409, 410): {dict(answers)}"


def _audit(world):
    return reverse("audit_trail")


LIST_PAGES = {
    "eligibility-list": (
        lambda w: reverse("applications:staff_call_eligibility", args=[w["call"].code]),
        ["q", "page", "outcome"],
    ),
    "conflicts-list": (
        lambda w: reverse("selection:conflicts_of_interest", args=[w["assignment_call"].code]),
        ["page", "source"],
    ),
    "declare-search": (lambda w: reverse("selection:declare_conflict_of_interest"), ["q"]),
    "admin-changelist": (
        lambda w: reverse("admin:applications_application_changelist"),
        ["q", "o", "status__exact", "call__id__exact", "p", "e"],
    ),
    "audit-trail": (
        _audit,
        ["q", "action", "actor_role", "call_code", "target_type", "date_from", "date_to", "page", "format"],
    ),
}
AUDIT_VALUES = [*AuditAction.values[:4], "ministry_staff", "system", "2026-01-01", "2999-12-31", "csv", "innocore.user"]


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_audit_filters_find_what_they_are_asked_for(world):
    client = client_for(world, "staff")
    today = timezone.localdate().isoformat()
    found = client.get(reverse("audit_trail"), {"q": "fuzz-marker", "action": AuditAction.DATA_EXPORT,
                                                "date_from": today, "date_to": today, "call_code": world["call"].code})
    assert found.status_code == 200 and b"fuzz-marker-entry" in found.content
    missed = client.get(reverse("audit_trail"), {"q": "fuzz-marker", "action": AuditAction.INFORMATION_REQUEST})
    assert missed.status_code == 200 and b"fuzz-marker-entry" not in missed.content


@pytest.mark.parametrize("name", LIST_PAGES)
def test_no_list_page_answers_a_500_to_a_hostile_query_string(world, name, _own_cache):
    url, names = LIST_PAGES[name]
    target = url(world)
    client = client_for(world, "reviewer" if "declare" in target else "staff")

    @FUZZ
    @given(pairs=st.lists(st.tuples(st.sampled_from(names), st.one_of(st.sampled_from(AUDIT_VALUES), hostile([]))),
                          max_size=4))
    def fuzz(pairs):
        with same_world(client, _own_cache):
            response = client.get(f"{target}?{query(pairs)}")
            assert response.status_code < 500, (target, query(pairs)[:300], crash(response))
            _content(response)

    fuzz()

