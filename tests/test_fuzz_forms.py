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
(PORTAL_FUZZ_EXAMPLES) take about 40 s of CPU: about 60 s on CI's two cores.
"""
import os
import re
import secrets
import traceback
from collections import Counter
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape
from urllib.parse import quote_plus

import pytest
import redis
from allauth.account.models import EmailAddress
from django.conf import settings as settings_module
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
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
    SectionConflict,
    VerdictOutcome,
)
from applications.selectors.dossier import section_fingerprint
from applications.services.eligibility import application_eligibility_check
from applications.services.referees import referee_token
from innocore.models import AuditAction, User
from innocore.services.audit import audit_record
from selection.models import Assignment, AssignmentRun, Conflict, ReviewerProfile
from selection.services.reviewers import invitation_token, reviewer_invite
from tests.applications.documents import pdfs
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

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

POISON = ["\x00", "a\x00b", "\ud800", "x\udfffy", "%00"]
"""Refused as a whole by innocore/input_guard.py (400): one is put in only some of the submissions."""
HOSTILE = [
    "", " ", "\ufeff", "\u202e", "\r\n\r\n", "😀" * 40,
    "D" * 70_000,
    "-1", "0", "-0", "1.5", "1e309", "NaN", "Infinity", "99999999999999999999", str(2**63), str(-(2**63) - 1),
    "0x10", "١٢٣", "true", "null", "[]", "{}", '{"a": 1}',
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "{{ 7*7 }}", "{% debug %}",
    "' OR '1'='1", "1; DROP TABLE applications_application; --", "%s%s%s%n", "../../etc/passwd",
    "0000-00-00", "2023-02-30", "9999-12-31", "0001-01-01", "10000-01-01", "-2023-01-01", "2023-13-01T25:61",
    "a@b", "x" * 250 + "@example.org", "@", "user@[127.0.0.1]", "user@" + "d" * 300 + ".org",
]
LENGTHS = [15, 16, 17, 24, 25, 31, 32, 33, 63, 64, 65, 100, 101, 150, 151, 200, 201, 250, 255, 256, 300, 301, 999,
           1000, 1001, 3001, 4001, 20001]
"""Around the usual column and form limits: a value one longer than its column is a DataError on PostgreSQL."""
OVERFLOW_LENGTHS = [300]
INPUT = re.compile(r"<(input|select|textarea|button)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(?<![\w-])(name|value|type)="([^"]*)"', re.IGNORECASE)  # not data-field-name=
OPTION = re.compile(r'<option\b[^>]*\bvalue="([^"]*)"', re.IGNORECASE)
SKIPPED_NAMES = {"csrfmiddlewaretoken", "language", "next"}
PLAUSIBLE = {
    "text": ["Ada Lovelace", "machine learning, robotics"],
    "textarea": ["Another paper, 2021.\nA paper. 2023. doi:10.1000/xyz", "Reasoning in language models."],
    "email": ["someone@uni.example", "Referee.Two@Uni.Example"],
    "number": ["1", "2", "3", "12"],
    "date": ["2020-01-31", "2019-06-01"],
    "password": ["correct horse battery staple 42"],
    "checkbox": ["on"],
    "radio": [],
    "hidden": [],
    "submit": [""],
    "button": [""],
    "select": [],
}


@dataclass
class Form:
    """A form found on a page: its fields and the values the page itself offers for them."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)  # mostly sent as the page set them, or little gets past them
    buttons: set[str] = field(default_factory=set)
    valid: dict[str, list[str]] = field(default_factory=dict)  # the values of a submission known to be accepted

    def prefer(self, pairs) -> None:
        """Base the submissions on one known to be accepted, so that a hostile value is the only thing wrong."""
        for name, value in pairs:
            self.valid.setdefault(name, []).append(value)
            known = self.fields.setdefault(name, [])
            if value in known:
                known.remove(value)
            known.insert(0, value)


def form_on(html: str, *, extra_fields: dict[str, list[str]]) -> Form:
    form = Form()
    for tag, attributes in INPUT.findall(html):
        found = {key.lower(): unescape(value) for key, value in ATTRIBUTE.findall(attributes)}
        name = found.get("name")
        if not name or name in SKIPPED_NAMES:
            continue
        if found.get("type") == "file":
            form.files.append(name)
            continue
        form.fields.setdefault(name, [])
        if found.get("type") == "hidden" and found.get("value"):
            form.hidden.add(name)
        if tag.lower() == "button" or found.get("type") == "submit":
            form.buttons.add(name)
        if "value" in found:
            form.fields[name].append(found["value"])
        form.fields[name].extend(PLAUSIBLE.get(found.get("type", tag.lower()), PLAUSIBLE["text"]))
    for name, _values in list(form.fields.items()):
        select = re.search(rf'<select\b[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.DOTALL)
        if select:
            form.fields[name].extend(unescape(value) for value in OPTION.findall(select.group(1)))
    for name, values in extra_fields.items():
        form.fields.setdefault(name, []).extend(values)
    return form


TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.IGNORECASE | re.DOTALL)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.IGNORECASE | re.DOTALL)
OPTION_TAG = re.compile(r"<option\b([^>]*)>", re.IGNORECASE)
ERRORS = re.compile(r'class="[^"]*errorlist[^"]*"[^>]*>(.*?)</ul>|class="[^"]*(?:alert|error)[^"]*"[^>]*>([^<]*)<',
                    re.DOTALL)
UNSENT_TYPES = {"file", "submit", "button", "reset", "image"}


def as_a_browser_sends(html: str) -> list[tuple[str, str]]:
    """The page's forms sent unchanged: values as shown, checked boxes only, the selected (or first) option."""
    pairs = []
    for tag, attributes in INPUT.findall(html):
        found = {key.lower(): unescape(value) for key, value in ATTRIBUTE.findall(attributes)}
        kind, name = found.get("type", "text").lower(), found.get("name")
        if tag.lower() != "input" or not name or name in SKIPPED_NAMES or kind in UNSENT_TYPES:
            continue
        if kind in {"checkbox", "radio"} and not re.search(r"\bchecked\b", attributes):
            continue
        pairs.append((name, found.get("value", "on" if kind in {"checkbox", "radio"} else "")))
    for attributes, text in TEXTAREA.findall(html):
        name = {k.lower(): v for k, v in ATTRIBUTE.findall(attributes)}.get("name")
        if name and name not in SKIPPED_NAMES:
            pairs.append((name, unescape(text.removeprefix("\n"))))
    for attributes, options in SELECT.findall(html):
        name = {k.lower(): v for k, v in ATTRIBUTE.findall(attributes)}.get("name")
        tags = OPTION_TAG.findall(options)
        if not name or name in SKIPPED_NAMES or not tags:
            continue
        chosen = [t for t in tags if re.search(r"\bselected\b", t)] or ([] if "multiple" in attributes else tags[:1])
        for option in chosen:
            value = re.search(r'(?<![\w-])value="([^"]*)"', option)
            pairs.append((name, unescape(value.group(1)) if value else ""))
    return pairs


def longer(known: list[str]) -> st.SearchStrategy[str]:
    """A plausible value made too long: the way a DOI, a name or a keyword list overflows its column."""
    return st.builds(lambda value, length: value + "x" * length, st.sampled_from(known or [""]),
                     st.sampled_from(LENGTHS))


def hostile(known: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        longer(known),
        st.sampled_from(HOSTILE),
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


@st.composite
def submissions(draw, form: Form):
    """Pairs (name, value) in a random order.

    Mostly one field gets a hostile value and the others those of the accepted submission or other
    plausible ones (so that the hostile value gets past the other checks and reaches the database); sometimes every field is random, a field
    left out or sent twice, an unknown field added, or a NUL put in somewhere.
    """
    targets = [name for name in form.fields if name not in form.hidden | form.buttons] or list(form.fields)
    chaos = draw(st.integers(0, 3)) == 0
    target = None if chaos or not targets else draw(st.sampled_from(targets))
    pairs = []
    for name, known in form.fields.items():
        if name in form.hidden and draw(st.integers(0, 9)) > 1:
            pairs.append((name, known[0]))
        elif name == target:
            pairs.append((name, draw(hostile(known))))
        elif not chaos and name in form.valid and draw(st.integers(0, 4)):
            pairs.extend((name, value) for value in form.valid[name])
        elif not chaos and known:
            if draw(st.integers(0, 9)):
                pairs.append((name, draw(st.sampled_from(known))))
        else:
            count = draw(st.sampled_from([0, 1, 1, 1, 2]))
            pairs.extend((name, draw(st.one_of(st.sampled_from(known or [""]), hostile(known)))) for _ in range(count))
    if chaos and draw(st.booleans()):
        pairs.append((draw(st.sampled_from(HOSTILE)), draw(st.sampled_from(HOSTILE))))
    if draw(st.integers(0, 5)) == 0:
        pairs.append((draw(st.sampled_from([*form.fields, "x"])), draw(st.sampled_from(POISON))))
    return draw(st.permutations(pairs))


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


def urlencoded(pairs) -> bytes:
    return "&".join(f"{quote_plus(_bytes(name))}={quote_plus(_bytes(value))}" for name, value in pairs).encode()


def multipart(pairs, files=()) -> tuple[bytes, str]:
    boundary = secrets.token_hex(12)
    parts = []
    for name, value in pairs:
        header = f'Content-Disposition: form-data; name="{name}"'
        parts.append(_bytes(header) + b"\r\n\r\n" + _bytes(value))
    for name, filename, data in files:
        header = (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  "Content-Type: application/pdf")
        parts.append(_bytes(header) + b"\r\n\r\n" + data)
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return body + b"--" + boundary.encode() + b"--\r\n", f"multipart/form-data; boundary={boundary}"


UPLOADS = st.one_of(
    st.just(simple_pdf()),  # mostly a good file, so that the other fields' values are what is wrong
    st.sampled_from([b"", pdfs.valid_pdf(), pdfs.valid_pdf() + pdfs.html_page(), pdfs.truncated_pdf(),
                     pdfs.encrypted_pdf(), pdfs.pdf_with_javascript(), b"%PDF-1.7\n" + b"\x00" * 500 + b"\n%%EOF"]),
    st.binary(max_size=300),
)


def post(client: Client, url: str, pairs, *, encoding: str, files=(), headers=None):
    if encoding == "multipart" or files:
        body, content_type = multipart(pairs, files)
    else:
        body, content_type = urlencoded(pairs), "application/x-www-form-urlencoded"
    return client.generic("POST", url, body, content_type=content_type, headers=headers or {})


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
    SectionConflict.objects.create(application=application, section="personal", based_on="stale", data={})
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
    fresh: object = None  # world -> {name: value} replacing the page's value, e.g. the section's current version
    autosave: bool = False  # the page also saves by itself: post as static/js/autosave.js does, or as the form
    valid: object = None  # world -> {name: value, list of values or None (left out)} changed from the page's values
    accepted: object = None  # (world, response) -> true when the valid submission did what the form is for


def _app(world, name, *args):
    return reverse(f"applications:{name}", args=[world["application"].pk, *args])


def _run(world, name):
    return reverse(f"selection:{name}", args=[world["assignment_call"].code, world["run"].pk])


def _admin(model: str, key: str):
    return lambda w: reverse(f"admin:{model}_change", args=[w[key].pk])


def _version(world, slug: str) -> str:
    """The section's fingerprint now: without it, every example after the first save would be a stale-tab 409."""
    application = world["application"]
    application.refresh_from_db()
    return section_fingerprint(application=application, section=slug)


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
           extra_fields=lambda w: {"save_next": [""]}, fresh=lambda w, s=slug: {"version": _version(w, s)},
           autosave=True, valid=lambda w, c=change: c, accepted=check)
      for slug, (change, check) in SECTION_CHANGES.items()),
    Spec("conflicts-dismiss", "applicant", lambda w: _app(w, "section", "personal"),
         lambda w: _app(w, "conflicts_dismiss", "personal"),
         accepted=lambda w, r: not _applicant_app(w).section_conflicts.filter(dismissed_at__isnull=True).exists()),
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
    Spec("account-delete", "leaver", lambda w: reverse("applications:account_delete"),
         valid=lambda w: {"confirm_email": w["leaver"].email},
         accepted=lambda w, r: not User.objects.filter(email=w["leaver"].email).exists()),
    Spec("referee-letter", "anonymous",
         lambda w: reverse("applications:referee_letter", args=[referee_token(referee=w["referee"])]),
         accepted=lambda w, r: _fresh(w, "referee").status == RefereeStatus.RECEIVED),
    Spec("reviewer-profile", "reviewer", lambda w: reverse("selection:reviewer_profile"),
         valid=lambda w: {"first_name": "Grace"}, accepted=lambda w, r: _fresh(w, "reviewer").first_name == "Grace"),
    Spec("declare-conflict", "reviewer", lambda w: reverse("selection:declare_conflict") + "?q=a",
         lambda w: reverse("selection:declare_conflict"),
         extra_fields=lambda w: {"application": [str(a.pk) for a in [w["declarable"], *w["awaiting"]]],
                                 "detail": ["We wrote a paper."]},
         valid=lambda w: {"application": str(w["declarable"].pk), "detail": "We wrote a paper."},
         accepted=lambda w, r: Conflict.objects.filter(application=w["declarable"],
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
         accepted=lambda w, r: _fresh(w, "verdict").overridden_outcome == _other_outcome(w)),
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
    Spec("conflicts", "staff", lambda w: reverse("selection:conflicts", args=[w["assignment_call"].code]),
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


def overflowing(form: Form):
    """First, deterministically: each field in turn made too long for any column, the others plausible."""
    plausible = [(name, known[0]) for name, known in form.fields.items() if known]
    for target, known in form.fields.items():
        if target in form.hidden | form.buttons:
            continue
        for length in OVERFLOW_LENGTHS:
            yield [(name, value + "x" * length if name == target else value) for name, value in plausible] + (
                [] if known else [(target, "x" * length)])


def refreshed(spec: Spec, world, form: Form, pairs):
    if not spec.fresh:
        return pairs
    fresh = spec.fresh(world)
    return [(name, fresh[name] if name in fresh and value in form.fields[name] else value) for name, value in pairs]


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


def crash(response) -> str:
    """What the 500 was: the exception's type, message and where it was raised."""
    if not getattr(response, "exc_info", None):
        return str(response.status_code)
    frames = traceback.extract_tb(response.exc_info[2])
    ours = [f"{frame.filename}:{frame.lineno} {frame.name}" for frame in frames if ".venv" not in frame.filename]
    last = frames[-1]
    kind, error = response.exc_info[0].__name__, str(response.exc_info[1])[:300]
    return f"{kind}: {error} at {ours[-3:]} ... {last.filename}:{last.lineno}"


@contextmanager
def same_world(client: Client, cache_prefix: str):
    """Whatever a submission changes is undone: the database (a savepoint), the client's cookies, the cache."""
    cookies = deepcopy(client.cookies)
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
            response = post(client, action, refreshed(spec, world, form, pairs), encoding="urlencoded")
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
            response = post(client, action, refreshed(spec, world, form, pairs), encoding=encoding, files=files,
                            headers=headers)
            assert response.status_code < 500, (action, pairs[:5], crash(response))
            answers[response.status_code] += 1

    fuzz()
    stale = answers[409] + answers[410]
    assert stale <= sum(answers.values()) // 4, f"most examples were refused as already done: {dict(answers)}"


def _audit(world):
    return reverse("audit_trail")


LIST_PAGES = {
    "eligibility-list": (lambda w: reverse("applications:staff_call_eligibility", args=[w["call"].code]),
                         ["q", "page", "outcome"]),
    "conflicts-list": (lambda w: reverse("selection:conflicts", args=[w["assignment_call"].code]), ["page", "source"]),
    "declare-search": (lambda w: reverse("selection:declare_conflict"), ["q"]),
    "admin-changelist": (lambda w: reverse("admin:applications_application_changelist"),
                         ["q", "o", "status__exact", "call__id__exact", "p", "e"]),
    "audit-trail": (_audit, ["q", "action", "actor_role", "call_code", "target_type", "date_from", "date_to", "page",
                             "format"]),
}
AUDIT_VALUES = [*AuditAction.values[:4], "ministry_staff", "system", "2026-01-01", "2999-12-31", "csv", "innocore.user"]


def _query(pairs) -> str:
    return "&".join(f"{quote_plus(_bytes(name))}={quote_plus(_bytes(value))}" for name, value in pairs)


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
            response = client.get(f"{target}?{_query(pairs)}")
            assert response.status_code < 500, (target, _query(pairs)[:300], crash(response))
            _content(response)

    fuzz()

