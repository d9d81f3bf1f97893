"""Issue 9 items 7 and 14 on the applicant's side: hostile uploads and tampered forms get a clear answer."""
import pytest
from django.urls import reverse

from applications.models import Publication
from applications.selectors.dossier import section_fingerprint
from tests.applications.documents import pdfs
from tests.applications.dossiers import complete_application, pdf_upload
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(client):
    owner = UserFactory()
    application = complete_application(call=CallFactory(), applicant=owner)
    client.force_login(owner)
    client.raise_request_exception = False
    return application


def test_a_pdf_with_html_after_its_end_is_refused_with_a_clear_message(client, application):
    polyglot = pdf_upload(name="evil.html", data=pdfs.valid_pdf() + pdfs.html_page())
    before = application.documents.get(kind="cv").sha256

    response = client.post(reverse("applications:documents", args=[application.pk]), {"kind": "cv", "file": polyglot})

    assert response.status_code == 400
    assert "other data after the end of the PDF" in response.content.decode()
    assert application.documents.get(kind="cv").sha256 == before


def test_a_download_is_a_pdf_attachment_under_a_name_the_portal_makes(client, application):
    upload = pdf_upload(name="evil.html", data=pdfs.valid_pdf())
    client.post(reverse("applications:documents", args=[application.pk]), {"kind": "cv", "file": upload})
    document = application.documents.get(kind="cv")
    assert document.original_name == "evil.html"

    response = client.get(reverse("applications:document_download", args=[application.pk, document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="{application.reference}-cv.pdf"'
    assert "evil" not in disposition and ".html" not in disposition


@pytest.mark.parametrize("replace", ["abc", "-1", "1.5", "１２", "1 OR 1=1", "' or ''='"])
def test_a_tampered_replace_value_on_the_referees_form_is_a_400(client, application, replace):
    referees = list(application.referees.values_list("email", flat=True))

    response = client.post(reverse("applications:referees", args=[application.pk]), {
        "replace": replace, "name": "New Referee", "email": "new@uni.example",
    })

    assert response.status_code == 400
    assert "The referee to replace was not found" in response.content.decode()
    assert list(application.referees.values_list("email", flat=True)) == referees


def test_the_replace_link_carries_the_referee_into_the_form_and_replaces_it(client, application):
    import re

    old = application.referees.first()
    url = reverse("applications:referees", args=[application.pk])
    page = client.get(url, {"replace": old.pk}).content.decode()
    hidden = re.findall(r'<input type="hidden" name="replace" value="([^"]*)"', page)
    assert hidden == [str(old.pk)]  # one field, carrying the id
    response = client.post(url, {"replace": hidden[0], "name": "New Referee", "email": "new@uni.example"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == "replaced" and application.referees.filter(email="new@uni.example").exists()


def test_replacing_someone_elses_referee_is_a_404(client, application):
    other = complete_application(call=CallFactory())
    response = client.post(reverse("applications:referees", args=[application.pk]), {
        "replace": str(other.referees.first().pk), "name": "New Referee", "email": "new@uni.example",
    })
    assert response.status_code == 404


def _post_publications(client, application, text: str):
    url = reverse("applications:section", args=[application.pk, "publications"])
    version = section_fingerprint(application=application, section="publications")
    return client.post(url, {"version": version, "publications_text": text})


@pytest.mark.postgres
def test_a_doi_longer_than_the_column_is_a_form_error_not_a_database_error(client, application):
    """PostgreSQL refused the 300-character DOI (DataError: a 500); SQLite silently stored it."""
    before = list(Publication.objects.filter(application=application).values_list("citation", flat=True))
    long_doi = "10.1234/" + "x" * 300

    response = _post_publications(client, application, f"A paper. 2023. doi:{long_doi}")

    assert response.status_code == 400
    assert "The DOI on line 1 is longer than 255 characters" in response.content.decode()
    assert list(Publication.objects.filter(application=application).values_list("citation", flat=True)) == before


@pytest.mark.postgres
def test_a_doi_of_exactly_the_column_length_is_saved(client, application):
    doi = "10.1234/" + "x" * (255 - len("10.1234/"))
    response = _post_publications(client, application, f"A paper. 2023. doi:{doi}")
    assert response.status_code == 302
    assert Publication.objects.get(application=application).doi == doi


@pytest.mark.postgres
def test_a_citation_longer_than_the_column_is_a_form_error(client, application):
    response = _post_publications(client, application, "A" * 1001)
    assert response.status_code == 400
    assert "Line 1 is longer than 1,000 characters" in response.content.decode()
