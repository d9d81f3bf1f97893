"""The dashboard's exports: CSV and Excel neutralise formulas, the PDF briefing holds the figures, each is audited."""
import csv
import io

import pytest
from django.urls import reverse

from innocore.models import AuditAction, AuditEntry
from tests.factories import InstituteStaffFactory, MinistryStaffFactory, UserFactory
from tests.selection.dashboard_data import known_call

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example")'  # team B1's name in known_call()


@pytest.fixture
def known():
    return known_call()


@pytest.fixture
def staff_client(client):
    client.force_login(MinistryStaffFactory())
    return client


def _download(client, name, **params):
    response = client.get(reverse(f"selection:{name}"), params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith("attachment;")
    return response


def test_csv_has_the_pipeline_and_the_teams_and_neutralises_formulas(staff_client, known):
    response = _download(staff_client, "dashboard_csv", call=known["call"].code)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert EVIL not in cells and "'" + EVIL in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert ["Submitted", "10"] in rows and ["Drafts", "1"] in rows
    a1 = next(row for row in rows if row and row[0] == "A1")
    assert a1[:6] == ["A1", a1[1], "INA", "3", "6", "4"]
    entry = AuditEntry.objects.get(action=AuditAction.DATA_EXPORT)
    assert entry.call_code == known["call"].code and entry.data["format"] == "csv"


def test_xlsx_opens_with_openpyxl_and_keeps_formulas_as_text(staff_client, known):
    from openpyxl import load_workbook

    response = _download(staff_client, "dashboard_xlsx", call=known["call"].code, institute="INB")
    book = load_workbook(io.BytesIO(response.content))
    assert {"Pipeline", "Teams", "Institutes", "Channels"} <= set(book.sheetnames)
    teams = [[cell.value for cell in row] for row in book["Teams"].iter_rows()]
    assert teams[1][:5] == ["B1", EVIL, "INB", 1, 2]
    assert book["Teams"]["B2"].data_type == "s"
    pipeline = dict(row for row in book["Pipeline"].iter_rows(values_only=True))
    assert pipeline["Submitted"] == 2
    assert AuditEntry.objects.get(action=AuditAction.DATA_EXPORT).data == {"format": "xlsx", "institute": "INB",
                                                                           "team": ""}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_pdf_briefing_is_one_page_with_the_figures(staff_client, known, language):
    from pypdf import PdfReader

    staff_client.cookies["django_language"] = language
    response = _download(staff_client, "dashboard_pdf", call=known["call"].code)
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert known["call"].code in text and "A1" in text and "2.00 : 1" in text and "1.40 : 1" in text
    assert "₩450,000,000" in text  # one accepted fellow: 150 M a year for three years
    assert AuditEntry.objects.filter(action=AuditAction.DATA_EXPORT, data__format="pdf").count() == 1


def test_exports_follow_the_dashboards_permission(client, known):
    client.force_login(UserFactory())
    assert client.get(reverse("selection:dashboard_csv"), {"call": known["call"].code}).status_code == 403
    client.force_login(InstituteStaffFactory(institute=known["institutes"][1]))
    assert client.get(reverse("selection:dashboard_csv"), {"call": known["call"].code,
                                                           "institute": "INA"}).status_code == 400
    assert not AuditEntry.objects.filter(action=AuditAction.DATA_EXPORT).exists()
