"""The dashboard as files: CSV and Excel of its tables, a one-page PDF briefing (WeasyPrint).

Every cell a spreadsheet could read as a formula is neutralised the way the audit trail's
export does it (``innocore.selectors.audit.csv_safe``): team names and channel labels are
typed by staff and must never run in the ministry's spreadsheet.
"""
import csv
import io
from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from innocore.selectors.audit import CSV_FORMULA_STARTS, csv_safe
from selection.selectors.dashboard import STAGES, Dashboard

QUOTA_COLUMNS = ("code", "name", "institute", "quota", "applications", "eligible", "competition_ratio",
                 "eligible_ratio", "selected", "offered", "accepted", "declined", "remaining")


def stage_labels() -> dict[str, str]:
    """The pipeline's stages as people read them (the page, the files and the briefing say the same)."""
    return {
        "drafts": _("Drafts"), "submitted": _("Submitted"), "eligible": _("Eligible"),
        "ineligible": _("Not eligible"), "under_review": _("Under review"), "reviewed": _("Reviewed"),
        "selected": _("Selected"), "waitlisted": _("Waiting list"), "offered": _("Offered"),
        "accepted": _("Accepted"), "declined": _("Declined"), "withdrawn": _("Withdrawn"),
    }


def dashboard_tables(*, dashboard: Dashboard) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) of every table of the dashboard, for the CSV and the Excel file."""
    quota_header = [_("Code"), _("Name"), _("Institute"), _("Quota"), _("Applications"), _("Eligible"),
                    _("Applications per slot"), _("Eligible per slot"), _("Selected"), _("Offered"), _("Accepted"),
                    _("Declined"), _("Remaining")]
    labels = stage_labels()
    origins = [(_("Korean returnees"), "korean_returnees"), (_("Foreign nationals"), "foreign_nationals"),
               (_("Domestic"), "domestic")]
    return [
        (_("Pipeline"), [_("Stage"), _("Applications")], [[labels[s], dashboard.funnel[s]] for s in STAGES]),
        (_("Teams"), quota_header, [_quota_cells(row) for row in dashboard.teams]),
        (_("Institutes"), quota_header, [_quota_cells(row) for row in dashboard.institutes]),
        (_("Total"), quota_header, [_quota_cells(dashboard.total)]),
        (_("Origin"), [_("Origin"), _("Applications")], [[label, dashboard.origins[key]] for label, key in origins]),
        (_("Overseas by nationality"), [_("Country"), _("Applications")],
         [[c.name or c.code, c.count] for c in dashboard.by_nationality]),
        (_("Overseas by country of residence"), [_("Country"), _("Applications")],
         [[c.name or c.code, c.count] for c in dashboard.by_residence]),
        (_("Channels"), [_("Channel"), _("Applications"), _("Eligible"), _("Selected")],
         [[c.label, c.applications, c.eligible, c.selected] for c in dashboard.channels]),
        (_("Submissions per day"), [_("Day"), _("Submitted"), _("Cumulative")],
         [[d.day.isoformat(), d.submitted, d.cumulative] for d in dashboard.timeline]),
    ]


def _quota_cells(row) -> list:
    return [getattr(row, column) for column in QUOTA_COLUMNS]


def _title(dashboard: Dashboard) -> str:
    scope = dashboard.team or dashboard.institute
    return f"{dashboard.call.code}" + (f" / {scope.code}" if scope else "")


def dashboard_csv_lines(*, dashboard: Dashboard) -> Iterator[str]:
    """One CSV file: each table under its title, a blank line between tables."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_safe(_("InnoCORE dashboard")), csv_safe(_title(dashboard)),
                     timezone.localtime().isoformat(timespec="minutes")])
    for title, header, rows in dashboard_tables(dashboard=dashboard):
        writer.writerow([])
        writer.writerow([csv_safe(title)])
        writer.writerow([csv_safe(cell) for cell in header])
        for row in rows:
            writer.writerow([csv_safe(cell) for cell in row])
    yield out.getvalue()


def dashboard_xlsx_bytes(*, dashboard: Dashboard) -> bytes:
    """An Excel workbook, one sheet per table; text that looks like a formula stays text."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in dashboard_tables(dashboard=dashboard):
        sheet = book.create_sheet(title=_sheet_name(title))
        for row in [header, *rows]:
            sheet.append(["" if value is None else value for value in row])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(CSV_FORMULA_STARTS):
                    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]


def dashboard_briefing_html(*, dashboard: Dashboard) -> str:
    labels = stage_labels()
    return render_to_string("selection/dashboard_briefing.html", {
        "d": dashboard, "generated_at": timezone.now(), "language": get_language(),
        "funnel": [(labels[stage], dashboard.funnel[stage]) for stage in STAGES],
        "top_nationalities": dashboard.by_nationality[:8], "channels": dashboard.channels,
    })


def dashboard_briefing_pdf(*, dashboard: Dashboard) -> bytes:
    from weasyprint import HTML  # imported on first use, as in applications/receipt.py

    return HTML(string=dashboard_briefing_html(dashboard=dashboard)).write_pdf()
