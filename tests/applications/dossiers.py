"""Build applications in a given state through the real services."""
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from applications.documents.validation import DocumentKind
from applications.models import Application
from applications.services.documents import document_upload
from applications.selectors.dossier import section_fingerprint
from applications.services.dossier import application_section_save, application_start
from applications.services.referees import referee_invite
from tests.factories import CallTeamQuotaFactory, UserFactory


def simple_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "cv.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, simple_pdf() if data is None else data, content_type="application/pdf")


def save(application: Application, section: str, data: dict) -> Application:
    application.refresh_from_db()
    result = application_section_save(
        application=application, section=section, data=data,
        based_on=section_fingerprint(application=application, section=section),
        by=application.applicant,
    )
    assert result.saved
    return result.application


def complete_application(*, call, applicant=None, referees: int = 2) -> Application:
    """An application with every section filled, ready to submit."""
    applicant = applicant or UserFactory()
    teams = [CallTeamQuotaFactory(call=call).team for _ in range(2)]
    application = application_start(call=call, applicant=applicant)
    save(application, "personal", {"given_name": "Ada", "family_name": "Lovelace", "nationality": "GB",
                                    "country_of_residence": "US", "date_of_birth": date(1990, 5, 1)})
    save(application, "phd", {"phd_institution": "MIT", "phd_country": "US", "phd_status": "awarded",
                              "phd_date": date(2022, 6, 1), "phd_advisor": "Charles Babbage"})
    save(application, "position", {"current_position": "Postdoc", "current_institution": "Stanford University"})
    save(application, "research", {"research_field": "machine learning", "keywords": "LLM, reasoning",
                                   "research_summary": "I study reasoning in language models.",
                                   "research_plan": "A three-year plan."})
    save(application, "teams", {"teams": [teams[0].pk, teams[1].pk]})
    save(application, "publications", {"publications": [{"citation": "A paper. 2023. doi:10.1000/xyz",
                                                         "doi": "10.1000/xyz", "year": 2023}]})
    save(application, "outreach", {"heard_via": "linkedin", "heard_via_other": ""})
    save(application, "consents", {"consent_collection": True, "consent_overseas_transfer": True})
    for kind in DocumentKind:
        document_upload(application=application, kind=kind.value, file=pdf_upload(f"{kind.value}.pdf"), by=applicant)
    for number in range(referees):
        referee_invite(application=application, name=f"Referee {number}", email=f"ref{number}@uni.example",
                       institution="University", by=applicant)
    application.refresh_from_db()
    return application
