"""The facts builder: ORM rows to the engine's plain facts, in bulk, with duplicates found."""
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.eligibility import BreakPeriod, DuplicateMatch
from applications.models import CareerBreak, Referee, TeamPreference
from applications.selectors.eligibility import (
    application_rows, call_inputs, eligibility_inputs, normalised_name,
)
from tests.factories import (
    CallFactory, CallTeamQuotaFactory, EligibilityRuleFactory, ResearchTeamFactory, SubmittedApplicationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def facts_for(*applications):
    rows = application_rows(application_ids=[a.pk for a in applications])
    return eligibility_inputs(rows=rows)


def test_facts_carry_the_dossier_documents_letters_teams_and_breaks():
    call = CallFactory()
    first = CallTeamQuotaFactory(call=call, team=ResearchTeamFactory(code="KAIST-LLM")).team
    second = CallTeamQuotaFactory(call=call, team=ResearchTeamFactory(code="GIST-ACE")).team
    application = SubmittedApplicationFactory(call=call, phd_date=date(2020, 2, 1), date_of_birth=date(1990, 1, 2),
                                              keywords=" LLM ,, reasoning ")
    TeamPreference.objects.filter(application=application).delete()
    TeamPreference.objects.create(application=application, rank=2, team=first)
    TeamPreference.objects.create(application=application, rank=1, team=second)
    Referee.objects.filter(application=application).first().delete()
    CareerBreak.objects.create(application=application, kind="military_service", start=date(2020, 3, 1),
                               end=date(2021, 11, 30))
    facts = facts_for(application)[application.pk]
    assert facts.phd_status == "awarded" and facts.phd_date == date(2020, 2, 1)
    assert facts.date_of_birth == date(1990, 1, 2)
    assert dict(facts.documents) == {"cv": "valid", "publication_list": "valid", "research_plan": "valid"}
    assert facts.referee_letters_received == 1
    assert facts.keywords == ("LLM", "reasoning") and facts.research_field == "machine learning"
    assert facts.team_preferences == ("GIST-ACE", "KAIST-LLM")
    assert facts.career_breaks == (BreakPeriod("military_service", date(2020, 3, 1), date(2021, 11, 30)),)
    assert facts.duplicates == ()


def test_call_facts_use_the_teams_keywords_and_the_call_rules():
    call = CallFactory()
    CallTeamQuotaFactory(call=call, team=ResearchTeamFactory(code="B", keywords="drug discovery, robotics"))
    CallTeamQuotaFactory(call=call, team=ResearchTeamFactory(code="A", keywords="Robotics , LLM,"))
    inputs = call_inputs(call=call)
    assert inputs.facts.team_codes == ("A", "B")
    assert inputs.facts.fields == ("Robotics", "LLM", "drug discovery", "robotics")
    assert inputs.facts.required_documents == ("cv", "research_plan", "publication_list")
    assert inputs.uses_default_rules and len(inputs.rules) == 6 and inputs.appointment_start_missing
    assert inputs.facts.appointment_starts_on == inputs.facts.closing_date
    EligibilityRuleFactory(call=call, code="phd_awarded", message_ko="박사 {phd_date}")
    inputs = call_inputs(call=call)
    assert not inputs.uses_default_rules and [r.code for r in inputs.rules] == ["phd_awarded"]
    assert inputs.rules[0].message_ko == "박사 {phd_date}" and inputs.rules[0].message_en is None


def test_same_account_in_another_call_is_a_duplicate_by_email():
    user = UserFactory()
    mine = SubmittedApplicationFactory(applicant=user)
    earlier = SubmittedApplicationFactory(applicant=user, status="awaiting_review")
    assert facts_for(mine)[mine.pk].duplicates == (DuplicateMatch("application", "email", earlier.reference),)


def test_another_account_with_my_verified_email_is_a_duplicate():
    me = UserFactory(email="ada@uni.example")
    other = UserFactory(email="Shared@Lab.example")
    EmailAddress.objects.create(user=me, email="shared@lab.example", verified=True, primary=False)
    mine = SubmittedApplicationFactory(applicant=me)
    theirs = SubmittedApplicationFactory(applicant=other)
    facts = facts_for(mine, theirs)
    assert facts[mine.pk].duplicates == (DuplicateMatch("application", "email", theirs.reference),)
    assert facts[theirs.pk].duplicates == (DuplicateMatch("application", "email", mine.reference),)


def test_an_unverified_address_is_not_evidence():
    me, other = UserFactory(), UserFactory(email="someone@lab.example")
    EmailAddress.objects.create(user=me, email="someone@lab.example", verified=False, primary=False)
    mine = SubmittedApplicationFactory(applicant=me)
    SubmittedApplicationFactory(applicant=other)
    assert facts_for(mine)[mine.pk].duplicates == ()


def test_same_orcid_and_a_current_fellowship():
    mine = SubmittedApplicationFactory(applicant=UserFactory(orcid="0000-0002-1825-0097"))
    fellow = SubmittedApplicationFactory(applicant=UserFactory(orcid="0000-0002-1825-0097"), status="selected")
    assert facts_for(mine)[mine.pk].duplicates == (DuplicateMatch("fellowship", "orcid", fellow.reference),)


def test_same_name_and_birth_date_ignoring_case_order_and_accents():
    mine = SubmittedApplicationFactory(given_name="Min-jun", family_name="Kim", date_of_birth=date(1991, 3, 4))
    SubmittedApplicationFactory(given_name="KIM", family_name="min jun", date_of_birth=date(1991, 3, 4))
    SubmittedApplicationFactory(given_name="Min-jun", family_name="Kim", date_of_birth=date(1991, 3, 5))
    # A name and birth date alone may be a different person: their reference is not shown to this applicant.
    assert facts_for(mine)[mine.pk].duplicates == (DuplicateMatch("application", "name_and_birth_date", ""),)
    assert normalised_name("José", "Núñez") == normalised_name("NUNEZ", "jose")


def test_withdrawn_drafts_and_past_rejections_are_not_duplicates():
    user = UserFactory()
    mine = SubmittedApplicationFactory(applicant=user)
    SubmittedApplicationFactory(applicant=user, status="withdrawn")
    SubmittedApplicationFactory(applicant=user, status="draft", submitted_at=None)
    SubmittedApplicationFactory(applicant=user, status="not_selected")
    assert facts_for(mine)[mine.pk].duplicates == ()


def _count_queries(n: int) -> int:
    call = CallFactory()
    applications = []
    for index in range(n):
        user = UserFactory(orcid=f"0000-0000-0000-{index:04d}")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        application = SubmittedApplicationFactory(call=call, applicant=user, date_of_birth=date(1990, 1, 1 + index))
        CareerBreak.objects.create(application=application, kind="illness", start=date(2023, 1, 1),
                                   end=date(2023, 2, 1))
        applications.append(application)
    with CaptureQueriesContext(connection) as queries:
        facts = facts_for(*applications)
    assert len(facts) == n
    return len(queries)


def test_the_builder_needs_the_same_number_of_queries_for_one_or_many():
    assert _count_queries(1) == _count_queries(6)
