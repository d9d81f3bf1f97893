"""The demo's synthetic dossiers: complete, stored, sealed, checked, and shaped like a real cohort."""
import hashlib
from collections import Counter
from datetime import date

import pytest

from applications.demo import demo_applications_seed, demo_pdf
from applications.demo_data import (
    EXTERNAL_REVIEWER_RANGE, OFF_TOPIC, TEAM_KEYWORDS, TEAM_REVIEWER_COUNT, demo_reviewer_name,
)
from applications.demo_profiles import synthetic_applicant
from applications.documents.validation import DocumentKind, pdf_check
from applications.eligibility import add_years
from applications.models import (
    Application, ApplicationStatus, Document, EligibilityVerdict, Publication, Referee, RefereeStatus, TeamPreference,
    VerdictOutcome,
)
from applications.selectors.dossier import (
    application_canonical_content, application_for_applicant, application_missing_items, content_sha256,
)
from applications.services.eligibility import OUTCOME_STATUS
from innocore.demo import demo_programme_seed
from innocore.models import User
from innocore.storage import documents_storage

COUNT = 40
PROFILES = [synthetic_applicant(i) for i in range(2000)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def seeded(db, media):
    call = demo_programme_seed()
    created = demo_applications_seed(call=call, count=COUNT)
    return call, created


def stored_files(root) -> int:
    return sum(1 for path in root.rglob("*") if path.is_file())


def test_submitted_dossiers_are_complete_and_sealed(seeded):
    call, created = seeded
    assert created == COUNT
    drafts = {f"{call.code}-D{p.index:05d}" for p in PROFILES[:COUNT] if p.is_draft}
    submitted = Application.objects.filter(call=call).exclude(status=ApplicationStatus.DRAFT)
    assert set(Application.objects.filter(status=ApplicationStatus.DRAFT).values_list("reference", flat=True)) == drafts
    assert submitted.count() == COUNT - len(drafts)
    for application in submitted:
        fresh = application_for_applicant(applicant=application.applicant, pk=application.pk)
        assert application_missing_items(application=fresh) == []
        assert fresh.submitted_at is not None and call.opens_at <= fresh.submitted_at <= call.closes_at
        assert fresh.submitted_sha256 == content_sha256(application_canonical_content(application=fresh))
        assert 3 <= len(fresh.keyword_list) <= 6 and 1 <= fresh.team_preferences.count() <= 3
        assert fresh.publications.count() <= 8 and all(p.doi.startswith("10.") for p in fresh.publications.all())


def test_drafts_are_unfinished(seeded):
    for draft in Application.objects.filter(status=ApplicationStatus.DRAFT):
        fresh = application_for_applicant(applicant=draft.applicant, pk=draft.pk)
        assert draft.submitted_at is None and not draft.submitted_sha256
        assert application_missing_items(application=fresh)
        assert not EligibilityVerdict.objects.filter(application=draft).exists()


def test_documents_and_letters_are_real_pdfs_whose_hashes_match(seeded):
    documents = list(Document.objects.all())
    letters = list(Referee.objects.filter(status=RefereeStatus.RECEIVED))
    assert documents and letters
    names = [d.storage_name for d in documents] + [r.letter_storage_name for r in letters]
    assert len(set(names)) == len(names)  # one stored copy per row
    checked = {}
    for document in documents:
        with documents_storage().open(document.storage_name, "rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == document.sha256 and len(data) == document.size
        check = checked.setdefault(document.kind, pdf_check(data=data, kind=document.kind))
        assert check.ok and check.pages == document.pages
    for referee in letters:
        with documents_storage().open(referee.letter_storage_name, "rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == referee.letter_sha256
        assert referee.letter_received_at is not None and not referee.token_nonce
    assert {kind: check.pages for kind, check in checked.items()} == {
        kind: demo_pdf(kind).pages for kind in DocumentKind.values
    }


def test_every_submitted_application_has_a_verdict_that_sets_its_status(seeded):
    call, _created = seeded
    submitted = Application.objects.filter(call=call).exclude(status=ApplicationStatus.DRAFT)
    verdicts = {v.application_id: v for v in EligibilityVerdict.objects.all()}
    assert set(verdicts) == set(submitted.values_list("pk", flat=True))
    for application in submitted:
        assert application.status == OUTCOME_STATUS[VerdictOutcome(verdicts[application.pk].outcome)]
    statuses = Counter(submitted.values_list("status", flat=True))
    assert statuses[ApplicationStatus.AWAITING_REVIEW] > len(submitted) * 0.6


def test_seeding_again_creates_nothing_and_stores_nothing(seeded, media):
    call, _created = seeded
    counts = [model.objects.count() for model in
              (Application, Document, Referee, Publication, TeamPreference, EligibilityVerdict)]
    files = stored_files(media)
    assert demo_applications_seed(call=call, count=COUNT) == 0
    assert counts == [model.objects.count() for model in
                      (Application, Document, Referee, Publication, TeamPreference, EligibilityVerdict)]
    assert stored_files(media) == files
    assert demo_applications_seed(call=call, count=COUNT + 5) == 5


def test_empty_demo_applications_of_an_older_seed_are_filled_in(db, media):
    call = demo_programme_seed()
    profile = next(p for p in PROFILES if not p.is_draft)
    user = User.objects.create_user(profile.email, first_name=profile.given_name, last_name=profile.family_name)
    Application.objects.create(
        call=call, applicant=user, reference=f"{call.code}-D{profile.index:05d}", status=ApplicationStatus.SUBMITTED,
        submitted_at=call.opens_at, given_name=profile.given_name, family_name=profile.family_name,
        nationality=profile.nationality, country_of_residence=profile.country_of_residence, is_demo=True,
    )
    assert demo_applications_seed(call=call, count=profile.index + 1) == profile.index
    application = Application.objects.get(applicant=user)
    fresh = application_for_applicant(applicant=user, pk=application.pk)
    assert application_missing_items(application=fresh) == []
    assert EligibilityVerdict.objects.filter(application=application).exists()


def test_a_failed_seed_leaves_no_files_behind(db, media, monkeypatch):
    call = demo_programme_seed()

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("applications.demo._seal", broken)
    with pytest.raises(RuntimeError):
        demo_applications_seed(call=call, count=5)
    assert stored_files(media) == 0 and not Application.objects.exists()


# The generator itself (pure) ---------------------------------------------------------------------------------------

def test_a_plausible_share_is_past_the_seven_year_limit():
    closing = date(2025, 8, 31)
    awarded = [p for p in PROFILES if p.phd_status == "awarded"]
    over = sum(add_years(start=p.phd_date(closing_date=closing), years=7) < closing for p in awarded)
    assert 0.09 < over / len(PROFILES) < 0.16
    expected = [p for p in PROFILES if p.phd_status == "expected"]
    assert 0.03 < len(expected) / len(PROFILES) < 0.12
    assert all(p.phd_date(closing_date=closing) > closing for p in expected)
    assert all(p.category == "new_domestic_phd" for p in expected)


def test_profiles_hold_together():
    team_keywords = {k for keywords in TEAM_KEYWORDS.values() for k in keywords}
    off_topic = [p for p in PROFILES if set(p.keywords) <= set(OFF_TOPIC["keywords"])]
    assert 0.02 < len(off_topic) / len(PROFILES) < 0.07
    for p in PROFILES:
        assert 3 <= len(p.keywords) <= 6 and len(set(p.keywords)) == len(p.keywords)
        assert 1 <= len(p.team_preferences) <= 3 and len(set(p.team_preferences)) == len(p.team_preferences)
        if p not in off_topic:
            assert set(p.keywords) & set(TEAM_KEYWORDS[p.team_preferences[0]])
            assert len(set(p.keywords) & team_keywords) >= 2
        assert 0 <= len(p.publications) <= 8 and p.research_summary.count(".") >= 2 and p.research_plan
        assert p.heard_via and (p.heard_via != "other" or p.heard_via_other)
        assert len({r.email for r in p.referees}) == len(p.referees)
        assert all(r.email.endswith(".example") for r in p.referees)
    returning = Counter(p.phd_country for p in PROFILES if p.category == "returning_korean")
    assert (returning["US"] + returning["GB"]) / sum(returning.values()) > 0.7
    heard = Counter(p.heard_via for p in PROFILES)
    assert heard.most_common(1)[0][0] == "colleague" and heard["session_boston"] > 0
    assert 0.015 < sum(p.is_draft for p in PROFILES) / len(PROFILES) < 0.05


def test_some_dossiers_name_demo_reviewers_so_that_conflicts_appear():
    reviewers = {" ".join(demo_reviewer_name(i)) for i in range(EXTERNAL_REVIEWER_RANGE.stop)}
    team_reviewers = {" ".join(demo_reviewer_name(i)) for i in range(TEAM_REVIEWER_COUNT)}
    advised = [p for p in PROFILES if p.phd_advisor in team_reviewers]
    coauthored = [p for p in PROFILES if any(name in pub.citation for pub in p.publications for name in reviewers)]
    assert 0.01 < len(advised) / len(PROFILES) < 0.08
    assert 0.05 < len(coauthored) / len(PROFILES) < 0.25
