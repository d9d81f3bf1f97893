"""Staff read a whole dossier, its documents and its letters; each look leaves one audit row."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.documents.naming import letter_download_name
from applications.models import Document, Publication, Referee, RefereeStatus
from applications.services.eligibility import application_eligibility_check, eligibility_override
from applications.services.referees import referee_letter_upload, referee_replace, referee_token
from applications.services.status import application_status_change
from applications.services.submission import application_submit
from innocore.models import AuditAction, AuditEntry
from tests.applications.dossiers import complete_application, pdf_upload, simple_pdf
from tests.factories import (
    CallFactory, InstituteStaffFactory, MinistryStaffFactory, ReviewerUserFactory, StaffFactory, UserFactory,
)

pytestmark = pytest.mark.django_db

IP = "203.0.113.9"


def submitted_dossier(*, letters: int = 2):
    """A submitted application with real stored files, and ``letters`` referee letters received."""
    owner = UserFactory()
    application = application_submit(application=complete_application(call=CallFactory(), applicant=owner), by=owner)
    for referee in list(application.referees.order_by("requested_at", "pk"))[:letters]:
        referee_letter_upload(token=referee_token(referee=referee), file=pdf_upload("my letter.pdf", simple_pdf(2)))
    return application


def dossier_url(application) -> str:
    return reverse("applications_staff:dossier", args=[application.pk])


def document_url(application, document) -> str:
    return reverse("applications_staff:document", args=[application.pk, document.pk])


def letter_url(application, referee) -> str:
    return reverse("applications_staff:letter", args=[application.pk, referee.pk])


def all_urls(application) -> list[str]:
    referee = application.referees.filter(status=RefereeStatus.RECEIVED).first()
    return [dossier_url(application), document_url(application, application.documents.first()),
            letter_url(application, referee)]


def own_institute_staff(application):
    return InstituteStaffFactory(institute=application.team_preferences.get(rank=1).team.institute)


@pytest.mark.parametrize("who", ["ministry", "superuser", "institute"])
def test_staff_of_the_application_read_every_section(client, who):
    application = submitted_dossier()
    verdict = application_eligibility_check(application_id=application.pk)
    eligibility_override(verdict=verdict, outcome="ineligible", reason="PhD too old", by=MinistryStaffFactory())
    staff = {"ministry": MinistryStaffFactory, "superuser": StaffFactory,
             "institute": lambda: own_institute_staff(application)}[who]()
    client.force_login(staff)
    response = client.get(dossier_url(application))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [application.reference, "Ada", "Lovelace", "United Kingdom", "MIT", "Charles Babbage", "Postdoc",
                 "Stanford University", "I study reasoning in language models.", "A three-year plan.",
                 "A paper. 2023. doi:10.1000/xyz", "LinkedIn", "Referee 0", "ref1@uni.example", "PhD too old",
                 "shown exactly as they were uploaded", "Submitted", "Not eligible (staff override)", "PhD too old",
                 "phd_awarded"]:
        assert text in page, text
    for document in application.documents.all():
        assert document_url(application, document) in page
    for referee in application.referees.all():
        assert letter_url(application, referee) in page
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["other_institute", "applicant_owner", "other_applicant", "reviewer"])
def test_everyone_else_gets_404_for_the_page_and_its_files(client, who):
    application = submitted_dossier()
    user = {"other_institute": InstituteStaffFactory, "applicant_owner": lambda: application.applicant,
            "other_applicant": UserFactory, "reviewer": ReviewerUserFactory}[who]()
    client.force_login(user)
    for url in all_urls(application):
        assert client.get(url).status_code == 404, url
    assert not AuditEntry.objects.filter(action__in=[AuditAction.DOSSIER_VIEW, AuditAction.DOCUMENT_DOWNLOAD,
                                                     AuditAction.LETTER_DOWNLOAD]).exists()


def test_unknown_ids_answer_404_like_forbidden_ones(client):
    application = submitted_dossier(letters=1)
    other = submitted_dossier()
    client.force_login(MinistryStaffFactory())
    for url in [reverse("applications_staff:dossier", args=[999999]),
                document_url(application, other.documents.first()),
                letter_url(application, other.referees.filter(status=RefereeStatus.RECEIVED).first()),
                letter_url(application, application.referees.exclude(status=RefereeStatus.RECEIVED).first())]:
        assert client.get(url).status_code == 404, url


def test_a_draft_never_submitted_is_the_applicants_own_and_staff_get_404(client):
    owner = UserFactory()
    draft = complete_application(call=CallFactory(), applicant=owner)
    client.force_login(MinistryStaffFactory())
    for url in [dossier_url(draft), document_url(draft, draft.documents.first())]:
        assert client.get(url).status_code == 404, url
    assert not AuditEntry.objects.filter(action=AuditAction.DOSSIER_VIEW).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    application = submitted_dossier()
    for url in all_urls(application):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_viewing_the_dossier_leaves_one_audit_row(client):
    application = submitted_dossier()
    staff = MinistryStaffFactory()
    client.force_login(staff)
    before = AuditEntry.objects.count()
    assert client.get(dossier_url(application), REMOTE_ADDR=IP).status_code == 200
    assert AuditEntry.objects.count() == before + 1
    row = AuditEntry.objects.get(action=AuditAction.DOSSIER_VIEW)
    assert (row.actor_id, row.actor_label, row.ip_address) == (staff.pk, staff.email, IP)
    assert (row.target_type, row.target_id, row.target_label, row.call_code) == (
        "applications.application", str(application.pk), application.reference, application.call.code)
    assert row.data == {"via": "portal"}


@pytest.mark.parametrize("download", [False, True])
def test_a_document_is_served_under_the_portals_name_and_audited(client, download):
    application = submitted_dossier()
    document = application.documents.get(kind="research_plan")
    Document.objects.filter(pk=document.pk).update(original_name="Ada plan FINAL v3.pdf")  # the uploader's name
    staff = own_institute_staff(application)
    client.force_login(staff)
    url = document_url(application, document) + ("?download=1" if download else "")
    response = client.get(url, REMOTE_ADDR=IP)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment" if download else "inline")
    assert disposition.endswith(f'; filename="{application.reference}-research_plan.pdf"')
    assert "FINAL" not in disposition
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    row = AuditEntry.objects.get(action=AuditAction.DOCUMENT_DOWNLOAD)
    assert (row.actor_id, row.ip_address, row.target_type, row.target_id, row.target_label) == (
        staff.pk, IP, "applications.document", str(document.pk), application.reference)
    assert row.data == {"kind": "research_plan", "disposition": "attachment" if download else "inline"}
    assert row.call_code == application.call.code


def test_a_referee_letter_is_served_numbered_and_audited(client):
    application = submitted_dossier(letters=2)
    second = application.referees.order_by("requested_at", "pk")[1]
    staff = MinistryStaffFactory()
    client.force_login(staff)
    response = client.get(letter_url(application, second) + "?download=1", REMOTE_ADDR=IP)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="{application.reference}-letter-2.pdf"'
    assert "my letter" not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    rows = AuditEntry.objects.filter(action=AuditAction.LETTER_DOWNLOAD)
    assert rows.count() == 1
    row = rows.get()
    assert (row.actor_id, row.ip_address, row.target_type, row.target_id, row.target_label) == (
        staff.pk, IP, "applications.referee", str(second.pk), application.reference)
    assert row.data == {"disposition": "attachment"}


def test_letter_names_are_safe():
    assert letter_download_name(reference="2025/1 A?7", number=3) == "2025-1-A-7-letter-3.pdf"
    assert letter_download_name(reference="", number=0) == "application-letter-1.pdf"


def test_status_history_comes_from_the_audit_trail(client):
    application = submitted_dossier()
    staff = MinistryStaffFactory()
    application_status_change(application=application, to="eligibility_review", by=staff, reason="Check the PhD date")
    client.force_login(MinistryStaffFactory())
    page = client.get(dossier_url(application)).content.decode()
    history = page.split('id="history"', 1)[1]
    assert "Eligibility under manual review" in history and "Check the PhD date" in history
    assert staff.email in history and "the applicant" in history  # the submission, by the applicant
    assert history.index("the applicant") < history.index(staff.email)


def test_a_replaced_referee_is_shown_with_its_letter(client):
    application = submitted_dossier(letters=1)
    first = application.referees.order_by("requested_at", "pk").first()
    application_status_change(application=application, to="info_requested", by=MinistryStaffFactory(),
                              reason="More letters")
    referee_replace(referee=first, name="New Referee", email="new@uni.example", by=application.applicant)
    client.force_login(MinistryStaffFactory())
    page = client.get(dossier_url(application)).content.decode()
    assert "New Referee" in page and "Replaced" in page and letter_url(application, first) in page


def test_dossier_page_queries_stay_flat(client, django_capture_on_commit_callbacks):
    application = submitted_dossier(letters=1)
    verdict = application_eligibility_check(application_id=application.pk)
    staff = own_institute_staff(application)
    client.force_login(staff)
    url = dossier_url(application)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for position in range(2, 12):
        Publication.objects.create(application=application, position=position, citation=f"Paper {position}")
    referee_letter_upload(token=referee_token(referee=application.referees.order_by("requested_at", "pk")[1]),
                          file=pdf_upload())
    for number in range(3):
        Referee.objects.create(application=application, name=f"Old {number}", email=f"old{number}@uni.example",
                               status=RefereeStatus.REPLACED)
    for outcome in ("needs_manual_review", "eligible"):
        verdict = eligibility_override(verdict=verdict, outcome=outcome, reason="By hand", by=MinistryStaffFactory())
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 18, [q["sql"] for q in many.captured_queries]


def test_the_pages_only_answer_reads(client):
    application = submitted_dossier(letters=1)
    client.force_login(MinistryStaffFactory())
    for url in all_urls(application):
        assert client.post(url).status_code == 405, url
    assert not AuditEntry.objects.filter(action__in=[AuditAction.DOSSIER_VIEW, AuditAction.DOCUMENT_DOWNLOAD,
                                                     AuditAction.LETTER_DOWNLOAD]).exists()


def test_the_eligibility_page_links_each_reference_to_its_dossier(client):
    application = submitted_dossier(letters=0)
    application_eligibility_check(application_id=application.pk)
    client.force_login(MinistryStaffFactory())
    page = client.get(reverse("applications:staff_call_eligibility", args=[application.call.code])).content.decode()
    assert f'href="{dossier_url(application)}"' in page


def test_ids_too_large_for_the_database_are_a_404(client):
    application = submitted_dossier(letters=0)
    client.force_login(MinistryStaffFactory())
    huge = 10**30
    for url in [reverse("applications_staff:dossier", args=[huge]),
                reverse("applications_staff:document", args=[application.pk, huge]),
                reverse("applications_staff:letter", args=[huge, huge])]:
        assert client.get(url).status_code == 404, url
