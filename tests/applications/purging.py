"""Applications with everything an application can have, for the retention tests (local disk and S3)."""
from collections import deque
from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.utils import timezone

from applications.models import Application, Referee
from applications.services.referees import referee_letter_upload, referee_token
from applications.services.status import application_status_change
from applications.services.submission import application_submit
from applications.transitions import TRANSITIONS
from tests.applications.dossiers import complete_application, pdf_upload, save
from tests.factories import CallFactory, StaffFactory

# Strings that exist only in the dossier of the application built by ``full_application``.
MARKERS = {"family_name": "Qwertyuiopsdottir", "referee_email": "zz-referee-7431@purge.example",
           "summary": "Purgeable research on xylophone-sorting automata."}


def status_path(source: str, target: str) -> list[str]:
    """The shortest way from one status to another along applications/transitions.py."""
    queue, came_from = deque([source]), {source: None}
    while queue:
        status = queue.popleft()
        if status == target:
            path = []
            while status != source:
                path.append(status)
                status = came_from[status]
            return path[::-1]
        for step in sorted(TRANSITIONS.get(status, ())):
            if step not in came_from:
                came_from[step] = status
                queue.append(step)
    raise AssertionError(f"no way from {source} to {target}")


def drive(application: Application, to: str) -> Application:
    staff = StaffFactory()
    application.refresh_from_db()
    for step in status_path(application.status, to):
        application = application_status_change(application=application, to=step, by=staff, reason="test")
    return application


def full_application(*, call=None, to: str = "not_selected", marked: bool = True) -> Application:
    """Submitted with documents, two letters and emails, then moved to ``to``; returns it (refreshed).
    ``marked``: its dossier holds the MARKERS (only one application of a test may)."""
    call = call or CallFactory()
    application = complete_application(call=call)
    if marked:
        _mark(application)
    for referee in Referee.objects.filter(application=application):
        referee_letter_upload(token=referee_token(referee=referee), file=pdf_upload("letter.pdf"))
    application_submit(application=Application.objects.get(pk=application.pk), by=application.applicant)
    return drive(application, to)


def _mark(application: Application) -> None:
    save(application, "personal", {"given_name": "Ada", "family_name": MARKERS["family_name"], "nationality": "GB",
                                   "country_of_residence": "US", "date_of_birth": None})
    save(application, "research", {"research_field": "machine learning", "keywords": "LLM",
                                   "research_summary": MARKERS["summary"], "research_plan": "A plan."})
    Referee.objects.filter(application=application, email="ref0@uni.example").update(email=MARKERS["referee_email"])


def close_long_ago(call, *, days: int = 400) -> None:
    """Move a call's dates back so that it closed ``days`` ago (past the default retention of 365 days)."""
    now = timezone.now()
    type(call).objects.filter(pk=call.pk).update(opens_at=now - timedelta(days=days + 30),
                                                 closes_at=now - timedelta(days=days))
    call.refresh_from_db()


def rows_referencing(application_id: int) -> dict[str, int]:
    """Every row of every model whose foreign key points at the application, by model and field."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False):
                if field.concrete and field.related_model is Application:
                    count = model._default_manager.filter(**{field.attname: application_id}).count()
                    if count:
                        found[f"{model._meta.label}.{field.name}"] = count
    return found


def tables_containing(needle: str) -> set[str]:
    """The database tables in which some row's text contains ``needle`` (every column, every table)."""
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            if any(needle in str(row) for row in cursor.fetchall()):
                found.add(table)
    return found
