"""Wall time of the PDF receipt (WeasyPrint) for a full dossier, in English and Korean.

Sets up Django against a throwaway SQLite database and media folder, builds one
application as full as the form allows (a 3,000-character research summary,
50 publications, Korean and English names, three documents, three referees)
through the real services, submits it, then renders
``applications.receipt.receipt_pdf_bytes`` N times per language, fetching the
application the way the receipt view does. One untimed render per language
comes first (fonts and stylesheets are loaded then); it is reported apart.

Run: .venv/bin/python -m benchmarks.receipt --runs 20 [--save-pdf DIR]
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

PUBLICATIONS = 50
SUMMARY_CHARS = 3000


def _setup_django(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocore.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _pdf(text: str, pages: int = 1) -> bytes:
    import weasyprint

    body = "".join(f'<section style="break-after: page"><h1>{text}</h1><p>Page {n}</p></section>'
                   for n in range(1, pages)) + f"<section><h1>{text}</h1><p>Page {pages}</p></section>"
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def _summary() -> str:
    sentence = ("We study verifiable reasoning in large language models for scientific discovery, "
                "linking each claim to evidence and each step to a checker; 검증 가능한 추론을 연구합니다. ")
    text = ""
    while len(text) + len(sentence) <= SUMMARY_CHARS:
        text += sentence
    text += " ".join(["checkable"] * SUMMARY_CHARS)
    return text[:SUMMARY_CHARS - 1].rstrip() + "."


def build_submitted_dossier():
    """A complete, submitted application with every list as long as the form allows."""
    from django.db import transaction

    from applications.models import Application
    from applications.services.dossier import application_start
    from applications.services.submission import application_submit
    from innocore.demo import demo_programme_seed
    from innocore.models import User

    call = demo_programme_seed()
    applicant = User.objects.create_user(email="jiwoo.kim@stanford.example", password="bench-password-2025",
                                         first_name="Ji-woo", last_name="Kim")
    application = application_start(call=call, applicant=applicant)
    _save_sections(application=application, applicant=applicant, teams=list(call.teams.order_by("code")[:3]))
    _attach_documents_and_referees(application=application, applicant=applicant)
    with transaction.atomic():
        application_submit(application=Application.objects.get(pk=application.pk), by=applicant)
    application.refresh_from_db()
    assert application.is_submitted
    return applicant, application.pk, application.reference


def _save_sections(*, application, applicant, teams: list) -> None:
    """Every section of the form, each list and text as long as the form allows."""
    from applications.selectors.dossier import section_fingerprint
    from applications.services.dossier import application_section_save

    def save(section: str, data: dict) -> None:
        application.refresh_from_db()
        based_on = section_fingerprint(application=application, section=section)
        result = application_section_save(application=application, section=section, data=data,
                                          based_on=based_on, by=applicant)
        assert result.saved, section

    save("personal", {"given_name": "Ji-woo (지우)", "family_name": "Kim (김)", "nationality": "KR",
                      "country_of_residence": "US", "date_of_birth": date(1991, 3, 14)})
    save("phd", {"phd_institution": "Massachusetts Institute of Technology", "phd_country": "US",
                 "phd_status": "awarded", "phd_date": date(2022, 6, 1), "phd_advisor": "Charles Babbage"})
    save("position", {"current_position": "Postdoctoral scholar (박사후연구원)",
                      "current_institution": "Stanford University"})
    save("research", {"research_field": "Machine learning (기계학습)",
                      "keywords": "LLM, reasoning, verification, 검증, 과학 AI",
                      "research_summary": _summary(), "research_plan": "A three-year plan. " * 200})
    save("teams", {"teams": [t.pk for t in teams]})
    save("publications", {"publications": [
        {"citation": (f"Kim J., Lovelace A., 이서연. Verifiable reasoning, part {n}: 대규모 언어모델의 검증 가능한 추론. "
                      f"Journal of Machine Learning Research {2010 + n % 15}. doi:10.1000/jmlr.{n:04d}"),
         "doi": f"10.1000/jmlr.{n:04d}", "year": 2010 + n % 15}
        for n in range(1, PUBLICATIONS + 1)
    ]})
    save("outreach", {"heard_via": "session_boston", "heard_via_other": ""})
    save("consents", {"consent_collection": True, "consent_overseas_transfer": True})


def _attach_documents_and_referees(*, application, applicant) -> None:
    """The three documents (3 to 5 pages) and three referees, one with a Korean name and institution."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.documents.validation import DocumentKind
    from applications.services.documents import document_upload
    from applications.services.referees import referee_invite

    for kind, pages in ((DocumentKind.CV, 3), (DocumentKind.RESEARCH_PLAN, 5), (DocumentKind.PUBLICATION_LIST, 4)):
        upload = SimpleUploadedFile(f"kim-{kind.value}.pdf", _pdf(f"{kind.label} of Ji-woo Kim", pages),
                                    content_type="application/pdf")
        document_upload(application=application, kind=kind.value, file=upload, by=applicant)
    for name, email, institution in (
        ("Charles Babbage", "babbage@cambridge.example", "University of Cambridge"),
        ("이민준 (Min-jun Lee)", "mjlee@kaist.example", "한국과학기술원 (KAIST)"),
        ("Mary Somerville", "somerville@oxford.example", "University of Oxford"),
    ):
        referee_invite(application=application, name=name, email=email, institution=institution,
                       relationship="Supervisor", by=applicant)


def measure(*, applicant, pk: int, reference: str, runs: int, language: str, save_pdf: Path | None) -> dict:
    from django.utils import translation
    from pypdf import PdfReader

    from applications.receipt import receipt_pdf_bytes
    from applications.selectors.dossier import application_for_applicant

    def render() -> tuple[float, bytes]:
        start = time.perf_counter()
        application = application_for_applicant(applicant=applicant, pk=pk)  # what the receipt view does
        data = receipt_pdf_bytes(application=application)
        return time.perf_counter() - start, data

    with translation.override(language):
        first, data = render()
        times = [render()[0] for _ in range(runs)]
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    if save_pdf is not None:
        save_pdf.mkdir(parents=True, exist_ok=True)
        (save_pdf / f"receipt-{language}.pdf").write_bytes(data)
    ordered = sorted(times)
    return {
        "language": language, "first": first, "min": ordered[0], "median": statistics.median(ordered),
        "p90": ordered[max(0, int(round(0.9 * len(ordered))) - 1)], "max": ordered[-1],
        "pages": len(reader.pages), "bytes": len(data), "has_reference": reference in text,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed renders per language (default 20)")
    parser.add_argument("--save-pdf", type=Path, default=None, help="write receipt-en.pdf and receipt-ko.pdf here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="receipt-bench-") as tmp:
        _setup_django(Path(tmp))
        import weasyprint

        applicant, pk, reference = build_submitted_dossier()
        print(f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, {args.runs} runs per language;"
              f" full dossier: {SUMMARY_CHARS}-char summary, {PUBLICATIONS} publications, 3 documents, 3 referees")
        print(f"{'lang':<5}{'first':>9}{'min':>9}{'median':>9}{'p90':>9}{'max':>9}{'pages':>7}{'KB':>7}")
        for language in ("en", "ko"):
            r = measure(applicant=applicant, pk=pk, reference=reference, runs=args.runs, language=language,
                        save_pdf=args.save_pdf)
            assert r["has_reference"], "the receipt text does not contain the reference"
            print(f"{r['language']:<5}{r['first']:>8.3f}s{r['min']:>8.3f}s{r['median']:>8.3f}s{r['p90']:>8.3f}s"
                  f"{r['max']:>8.3f}s{r['pages']:>7}{r['bytes'] // 1024:>7}")


if __name__ == "__main__":
    main()
