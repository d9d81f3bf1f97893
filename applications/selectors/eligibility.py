"""Reads for eligibility: plain facts for the pure engine, built in bulk, and what staff and applicants see.

``eligibility_inputs`` turns a chunk of application rows into ``EligibilityFacts``
with a constant number of queries whatever the chunk's size: one query per
related table (documents, letters, teams, career breaks), four for duplicates,
and three per call for the call's facts and rules.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import translation

from applications.documents.validation import DocumentKind
from applications.eligibility import (
    BreakPeriod, CallFacts, DuplicateMatch, EligibilityFacts, RuleConfig, closing_date_in_korea,
    default_rule_configs,
)
from applications.eligibility.facts import Localized
from applications.eligibility.rules import VALID_DOCUMENT
from applications.models import (
    EDITABLE_STATUSES, PRE_REVIEW_STATUSES, Application, ApplicationStatus, CareerBreak, Document, EligibilityOverride,
    EligibilityRule, EligibilityRun, EligibilityVerdict, Referee, RefereeStatus, TeamPreference, VerdictOutcome,
)
from applications.permissions import applications_visible_to_staff
from innocore.models import Call, CallTeamQuota, User
from innocore.text import bilingual, person_name_key, split_list

@functools.cache
def document_names() -> dict[str, Localized]:
    """Each document code's name in English and Korean, for the verdict's messages (fixed per language,
    so that a verdict's fingerprint does not depend on the language of the request)."""
    names: dict[str, list[str]] = {kind.value: [] for kind in DocumentKind}
    for language in ("en", "ko"):
        with translation.override(language):
            for kind in DocumentKind:
                names[kind.value].append(str(kind.label))
    return {code: Localized(*pair) for code, pair in names.items()}


# Statuses a check may move between; later ones (under review, decided) are left alone.
CHECKABLE_STATUSES = PRE_REVIEW_STATUSES
# Another application in one of these is "active"; a selected one is a current fellowship.
ACTIVE_STATUSES = PRE_REVIEW_STATUSES | {ApplicationStatus.INFO_REQUESTED, ApplicationStatus.UNDER_REVIEW}
FELLOWSHIP_STATUSES = frozenset({ApplicationStatus.SELECTED})
ROW_FIELDS = (
    "id", "call_id", "applicant_id", "reference", "status", "phd_status", "phd_date", "date_of_birth",
    "research_field", "keywords", "given_name", "family_name", "applicant__orcid", "applicant__email",
)


@dataclass(frozen=True)
class CallInputs:
    facts: CallFacts
    rules: tuple[RuleConfig, ...]
    uses_default_rules: bool
    appointment_start_missing: bool


def normalised_name(given: str, family: str) -> str:
    """Case-, accent-, order- and punctuation-insensitive (``innocore.text.person_name_key``)."""
    return person_name_key(given, family)


def call_rule_configs(*, call: Call) -> tuple[tuple[RuleConfig, ...], bool]:
    """The call's rules in order (and False), or the engine's defaults (and True) when it has none."""
    rules = list(EligibilityRule.objects.filter(call=call).order_by("position", "id"))
    if not rules:
        return default_rule_configs(), True
    return tuple(
        RuleConfig(code=r.code, params=r.params if isinstance(r.params, dict) else {"_": r.params},
                   message_en=r.message_en or None, message_ko=r.message_ko or None, enabled=r.enabled)
        for r in rules
    ), False


def call_inputs(*, call: Call) -> CallInputs:
    """The call's facts (its teams' codes and keywords, the required documents) and its rules."""
    teams = CallTeamQuota.objects.filter(call=call).values_list("team__code", "team__keywords").order_by("team__code")
    codes: list[str] = []
    fields: dict[str, None] = {}
    for code, keywords in teams:
        codes.append(code)
        fields.update(dict.fromkeys(split_list(keywords)))
    rules, uses_defaults = call_rule_configs(call=call)
    starts_on = call.appointment_starts_on
    facts = CallFacts(
        closes_at=call.closes_at,
        # Without an appointment start date the closing date is the conservative stand-in.
        appointment_starts_on=starts_on or closing_date_in_korea(closes_at=call.closes_at),
        team_codes=codes, fields=tuple(fields), required_documents=tuple(DocumentKind.values), document_names=document_names(),
    )
    return CallInputs(facts=facts, rules=rules, uses_default_rules=uses_defaults,
                      appointment_start_missing=starts_on is None)


def application_rows(*, application_ids: Iterable[int], lock: bool = False) -> list[dict]:
    """The application columns the facts need, in id order; ``lock`` takes row locks (inside a transaction)."""
    queryset = Application.objects.filter(pk__in=list(application_ids)).order_by("pk")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return list(queryset.values(*ROW_FIELDS))


def eligibility_inputs(*, rows: Sequence[dict]) -> dict[int, EligibilityFacts]:
    """``EligibilityFacts`` for each row of ``application_rows``, keyed by application id."""
    ids = [row["id"] for row in rows]
    documents: dict[int, dict[str, str]] = defaultdict(dict)
    stored = Document.objects.filter(application_id__in=ids).order_by().values_list("application_id", "kind")
    for application_id, kind in stored:
        # Every stored document passed validation at upload.
        documents[application_id][kind] = VALID_DOCUMENT
    letters = dict(
        Referee.objects.filter(application_id__in=ids, status=RefereeStatus.RECEIVED).order_by()
        .values("application_id").annotate(n=Count("id")).values_list("application_id", "n")
    )
    teams: dict[int, list[str]] = defaultdict(list)
    for application_id, code in (
        TeamPreference.objects.filter(application_id__in=ids).order_by("application_id", "rank")
        .values_list("application_id", "team__code")
    ):
        teams[application_id].append(code)
    breaks: dict[int, list[BreakPeriod]] = defaultdict(list)
    for application_id, kind, start, end in (
        CareerBreak.objects.filter(application_id__in=ids).order_by("application_id", "start", "id")
        .values_list("application_id", "kind", "start", "end")
    ):
        breaks[application_id].append(BreakPeriod(kind=kind, start=start, end=end))
    duplicates = _duplicates(rows=rows)
    return {
        row["id"]: EligibilityFacts(
            phd_status=row["phd_status"] or "none",
            phd_date=row["phd_date"],
            date_of_birth=row["date_of_birth"],
            career_breaks=breaks.get(row["id"], ()),
            documents=documents.get(row["id"], {}),
            referee_letters_received=letters.get(row["id"], 0),
            research_field=row["research_field"],
            keywords=split_list(row["keywords"]),
            team_preferences=teams.get(row["id"], ()),
            duplicates=duplicates.get(row["id"], ()),
        )
        for row in rows
    }


def _duplicates(*, rows: Sequence[dict]) -> dict[int, list[DuplicateMatch]]:
    """Other active applications or current fellowships of the same person, by email, ORCID or name + birth date."""
    own_emails = _applicant_emails(rows=rows)
    users_by_email = _users_by_email(emails=set().union(*own_emails.values()))
    email_users = set().union(*users_by_email.values()) if users_by_email else set()
    candidates = _Candidates.of(_candidate_applications(rows=rows, user_ids=email_users))
    found: dict[int, list[DuplicateMatch]] = {}
    for row in rows:
        same_email_users = {row["applicant_id"]}.union(*(users_by_email[e] for e in own_emails[row["applicant_id"]]))
        matched = candidates.matching(row=row, same_email_users=same_email_users)
        if matched:
            found[row["id"]] = sorted(
                (_duplicate_match(row=row, other=other, on=on) for other, on in matched.values()),
                key=lambda m: (m.reference, m.matched_on),
            )
    return found


def _applicant_emails(*, rows: Sequence[dict]) -> dict[int, set[str]]:
    """A person's emails, lower-cased: the login email (verified before any sign-in) and every verified address."""
    own_emails: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        own_emails[row["applicant_id"]].add(row["applicant__email"].lower())
    for user_id, email in EmailAddress.objects.filter(
        user_id__in={row["applicant_id"] for row in rows}, verified=True
    ).values_list("user_id", "email"):
        own_emails[user_id].add(email.lower())
    return own_emails


def _users_by_email(*, emails: set[str]) -> dict[str, set[int]]:
    """The accounts that log in with, or have verified, each of ``emails`` (lower-cased)."""
    users_by_email: dict[str, set[int]] = defaultdict(set)
    matching = EmailAddress.objects.annotate(folded=Lower("email")).filter(folded__in=emails, verified=True)
    for user_id, email in matching.values_list("user_id", "email"):
        users_by_email[email.lower()].add(user_id)
    for user_id, email in User.objects.annotate(folded=Lower("email")).filter(folded__in=emails).values_list(
        "pk", "email"
    ):
        users_by_email[email.lower()].add(user_id)
    return users_by_email


def _candidate_applications(*, rows: Sequence[dict], user_ids: set[int]) -> list[dict]:
    """Active applications and fellowships that could match a row: of the same or an email-sharing account,
    or with one of the rows' ORCIDs or birth dates (one query)."""
    orcids = {row["applicant__orcid"] for row in rows if row["applicant__orcid"]}
    births = {row["date_of_birth"] for row in rows if row["date_of_birth"]}
    condition = Q(applicant_id__in={row["applicant_id"] for row in rows} | user_ids)
    if orcids:
        condition |= Q(applicant__orcid__in=orcids)
    if births:
        condition |= Q(date_of_birth__in=births)
    return list(
        Application.objects.filter(condition, status__in=ACTIVE_STATUSES | FELLOWSHIP_STATUSES)
        .values("id", "applicant_id", "reference", "status", "call_id", "date_of_birth", "given_name", "family_name",
                "applicant__orcid")
    )


@dataclass(frozen=True)
class _Candidates:
    """Candidate applications indexed by account, ORCID and birth date."""

    by_user: dict[int, list[dict]]
    by_orcid: dict[str, list[dict]]
    by_birth: dict

    @classmethod
    def of(cls, others: Iterable[dict]) -> _Candidates:
        candidates = cls(by_user=defaultdict(list), by_orcid=defaultdict(list), by_birth=defaultdict(list))
        for other in others:
            candidates.by_user[other["applicant_id"]].append(other)
            if other["applicant__orcid"]:
                candidates.by_orcid[other["applicant__orcid"]].append(other)
            if other["date_of_birth"]:
                candidates.by_birth[other["date_of_birth"]].append(other)
        return candidates

    def matching(self, *, row: dict, same_email_users: set[int]) -> dict[int, tuple[dict, str]]:
        """The other applications matching ``row``, each once with the first evidence found (email, ORCID, name)."""
        matched: dict[int, tuple[dict, str]] = {}
        for user_id in same_email_users:
            for other in self.by_user.get(user_id, ()):
                matched.setdefault(other["id"], (other, "email"))
        for other in self.by_orcid.get(row["applicant__orcid"], ()) if row["applicant__orcid"] else ():
            matched.setdefault(other["id"], (other, "orcid"))
        if row["date_of_birth"] and self.by_birth.get(row["date_of_birth"]):
            name = normalised_name(row["given_name"], row["family_name"])
            for other in self.by_birth[row["date_of_birth"]]:
                if name and normalised_name(other["given_name"], other["family_name"]) == name:
                    matched.setdefault(other["id"], (other, "name_and_birth_date"))
        matched.pop(row["id"], None)
        return matched


def _duplicate_match(*, row: dict, other: dict, on: str) -> DuplicateMatch:
    # The applicant sees this line. A match on name and birth date alone may be someone else: that account's
    # reference stays hidden.
    hidden = on == "name_and_birth_date" and other["applicant_id"] != row["applicant_id"]
    return DuplicateMatch("fellowship" if other["status"] in FELLOWSHIP_STATUSES else "application", on,
                          "" if hidden else other["reference"])


# Staff and applicant views -----------------------------------------------------------------------------------------

def _visible_to(user: User, *, prefix: str = "") -> Q:
    """The applications ``user`` may see (all for the ministry, their institute's for institute staff), as a filter."""
    if user.has_perm("applications.view_all_applications"):
        return Q()
    return Q(**{f"{prefix}pk__in": applications_visible_to_staff(user=user).values("pk")})


def call_verdict_counts(*, call: Call, user: User) -> dict[str, int]:
    """How many of the call's applications that ``user`` may see have each outcome, and how many are unchecked."""
    counts = {outcome: 0 for outcome in VerdictOutcome.values}
    rows = (
        EligibilityVerdict.objects.filter(_visible_to(user, prefix="application__"), application__call=call)
        .with_effective_outcome().values("effective").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        counts[row["effective"]] += row["n"]
    counts["unchecked"] = Application.objects.filter(
        _visible_to(user), call=call, status__in=CHECKABLE_STATUSES, eligibility_verdict__isnull=True
    ).count()
    return counts


def call_latest_run(*, call: Call) -> EligibilityRun | None:
    return EligibilityRun.objects.filter(call=call).order_by("-created_at", "-id").first()


def call_verdict_list(*, call: Call, user: User, outcome: str | None = None) -> QuerySet[EligibilityVerdict]:
    """The verdicts of the call's applications that ``user`` may see."""
    queryset = EligibilityVerdict.objects.filter(
        _visible_to(user, prefix="application__"), application__call=call
    ).select_related("application").prefetch_related(
        Prefetch("overrides", queryset=EligibilityOverride.objects.select_related("by"))
    )
    if outcome:
        queryset = queryset.with_effective_outcome().filter(effective=outcome)
    return queryset.order_by("application__reference")


def verdict_lines_for_applicant(*, lines: Sequence[Mapping]) -> list[dict]:
    """The lines that concern the applicant, with the message in the active language."""
    return [
        {"code": line["code"], "outcome": line["outcome"],
         "message": bilingual(line["message_en"], line.get("message_ko") or "")}
        for line in lines if line.get("concerns_applicant")
    ]


def application_verdict_for_applicant(*, application: Application) -> dict | None:
    """What the applicant sees: the effective outcome and the lines that concern them, or None before a check.

    Nothing while the application is being edited again (withdrawn, information requested): the verdict is stale.
    """
    if application.status in EDITABLE_STATUSES:
        return None
    verdict = EligibilityVerdict.objects.filter(application=application).first()
    if verdict is None:
        return None
    return {
        "outcome": verdict.effective_outcome,
        "outcome_label": verdict.effective_outcome_label,
        "overridden": verdict.is_overridden,
        "checked_at": verdict.checked_at,
        "lines": verdict_lines_for_applicant(lines=verdict.lines),
    }
