"""The PDF receipt of a submitted application (WeasyPrint).

Korean text needs a CJK font installed on the machine (Debian: fonts-nanum
or fonts-noto-cjk); the stylesheet names both.
"""
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from applications.models import Application
from applications.selectors.dossier import application_canonical_content, content_sha256


def receipt_html(*, application: Application) -> str:
    content = application_canonical_content(application=application)
    return render_to_string("applications/receipt.html", {
        "application": application, "content": content, "call": application.call,
        "sha256": application.submitted_sha256 or content_sha256(content),
        "matches": application.submitted_sha256 == content_sha256(content),
        "generated_at": timezone.now(), "language": get_language(),
        "teams": sorted(application.team_preferences.all(), key=lambda p: p.rank),
        "documents": list(application.documents.all()),
        "referees": [r for r in application.referees.all()],
    })


def receipt_pdf_bytes(*, application: Application) -> bytes:
    # Imported on first use: WeasyPrint and its fonts cost about 40 MB in every process that loads it,
    # and Celery workers (which load the admin, hence the views) never render receipts.
    from weasyprint import HTML

    return HTML(string=receipt_html(application=application)).write_pdf()
