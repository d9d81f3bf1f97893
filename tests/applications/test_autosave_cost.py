"""What one autosave costs (issue 13: 15 queries each, on deadline day): its own section's parts only, an
UPDATE of the section's columns, and the session written only when half of its age has passed."""
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from applications.selectors.dossier import section_fingerprint
from innocore.sessions import RENEWED_AT_KEY
from tests.applications.dossiers import complete_application
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db

# session, user, application (with its call), SELECT ... FOR UPDATE, UPDATE, and the test's savepoint pair.
AUTOSAVE_QUERIES = 7
SECTIONS = {
    "position": {"current_position": "Postdoc", "current_institution": "KAIST"},
    "research": {"research_field": "AI", "keywords": "graphs, proteins", "research_summary": "S",
                 "research_plan": "P"},
}


def _autosave(client, application, slug, data):
    url = reverse("applications:section", args=[application.pk, slug])
    shown = section_fingerprint(application=application, section=slug)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"version": shown, **data}, headers={"X-Autosave": "1"})
    assert response.status_code == 200, response.content
    return queries


@pytest.fixture
def typing(client):
    user = UserFactory()
    application = complete_application(call=CallFactory(), applicant=user)
    client.force_login(user)
    session = client.session
    session[RENEWED_AT_KEY] = int(time.time())
    session.save()
    return client, application


@pytest.mark.parametrize("slug", sorted(SECTIONS))
def test_an_autosave_reads_only_its_section_and_updates_only_its_columns(typing, slug):
    client, application = typing
    queries = _autosave(client, application, slug, SECTIONS[slug])
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) <= AUTOSAVE_QUERIES, "\n".join(sql)
    assert not [s for s in sql if "django_session" in s and s.startswith("UPDATE")]
    update = next(s for s in sql if s.startswith('UPDATE "applications_application"'))
    assert '"phd_institution"' not in update and '"status"' not in update
    stored = Application.objects.get(pk=application.pk)
    assert all(str(getattr(stored, field)) == value for field, value in SECTIONS[slug].items())


def test_a_list_section_loads_its_own_list_only(typing):
    client, application = typing
    team = application.team_preferences.order_by("rank").first().team_id
    queries = _autosave(client, application, "teams", {"rank_1": team})
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "applications_publication" not in sql and "applications_document" not in sql
    assert "applications_referee" not in sql and "applications_careerbreak" not in sql


def test_the_session_is_renewed_once_half_its_age_has_passed(typing):
    client, application = typing
    session = client.session
    session[RENEWED_AT_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE // 2 - 1
    session.save()
    before = type(session).get_model_class().objects.get(session_key=session.session_key).expire_date
    queries = _autosave(client, application, "position", SECTIONS["position"])
    assert [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "django_session"')]
    after = type(session).get_model_class().objects.get(session_key=session.session_key).expire_date
    assert after > before
    assert client.session[RENEWED_AT_KEY] >= int(time.time()) - 5
    again = _autosave(client, Application.objects.get(pk=application.pk), "position",
                      {"current_position": "Fellow", "current_institution": "KAIST"})
    assert not [q for q in again.captured_queries if q["sql"].startswith('UPDATE "django_session"')]
