"""With the demo seeder's cohort, the dashboard page, the API and counts written straight in SQL agree."""
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from applications.models import Application, TeamPreference
from innocore.models import Call, CallTeamQuota, ResearchTeam
from tests.factories import MinistryStaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _debug(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path  # seeded dossiers store their PDFs


def _sql(query: str, params: list) -> list[tuple]:
    tables = {"app": Application._meta.db_table, "pref": TeamPreference._meta.db_table,
              "team": ResearchTeam._meta.db_table, "quota": CallTeamQuota._meta.db_table}
    with connection.cursor() as cursor:
        cursor.execute(query.format(**tables), params)
        return cursor.fetchall()


def _straight_from_sql(call: Call) -> dict:
    submitted = "a.call_id = %s AND a.status <> 'draft'"
    overseas = "a.country_of_residence NOT IN ('KR', '')"
    return {
        "drafts": _sql("SELECT count(*) FROM {app} a WHERE a.call_id = %s AND a.status = 'draft'", [call.pk])[0][0],
        "submitted": _sql(f"SELECT count(*) FROM {{app}} a WHERE {submitted}", [call.pk])[0][0],
        "eligible": _sql(f"SELECT count(*) FROM {{app}} a WHERE {submitted} AND a.status IN ('awaiting_review', "
                         "'under_review', 'reviewed', 'selected', 'waitlisted', 'offered', 'accepted', 'declined', "
                         "'not_selected')", [call.pk])[0][0],
        "returnees": _sql(f"SELECT count(*) FROM {{app}} a WHERE {submitted} AND {overseas} AND a.nationality = 'KR'",
                          [call.pk])[0][0],
        "foreigners": _sql(f"SELECT count(*) FROM {{app}} a WHERE {submitted} AND {overseas} "
                           "AND a.nationality <> 'KR'", [call.pk])[0][0],
        "by_team": dict(_sql(f"SELECT t.code, count(*) FROM {{pref}} p JOIN {{app}} a ON a.id = p.application_id "
                             f"JOIN {{team}} t ON t.id = p.team_id WHERE p.rank = 1 AND {submitted} GROUP BY t.code",
                             [call.pk])),
        "quota_by_team": dict(_sql("SELECT t.code, q.quota FROM {quota} q JOIN {team} t ON t.id = q.team_id "
                                   "WHERE q.call_id = %s", [call.pk])),
        "channels": dict(_sql(f"SELECT a.heard_via, count(*) FROM {{app}} a WHERE {submitted} GROUP BY a.heard_via",
                              [call.pk])),
        "by_nationality": dict(_sql(f"SELECT a.nationality, count(*) FROM {{app}} a WHERE {submitted} AND {overseas} "
                                    "GROUP BY a.nationality", [call.pk])),
    }


def test_the_page_the_api_and_sql_agree_on_the_seeded_cohort(client):
    # The demo's full cohort, as `make run` seeds it (the figure), with its reviews and proposed match.
    call_command("seed_demo", "--applications", "1260", "--reviewers", "300", stdout=open("/dev/null", "w"))
    call = Call.objects.get()
    expected = _straight_from_sql(call)
    assert expected["submitted"] > 1200 and expected["returnees"] and expected["foreigners"]
    client.force_login(MinistryStaffFactory())
    page = client.get(reverse("selection:overview"), {"call": call.code}).context["dashboard"]
    api = client.get(reverse("api-stats"), {"call": call.code}).json()

    assert (page.funnel["drafts"], api["funnel"]["drafts"]) == (expected["drafts"],) * 2
    assert (page.total.applications, api["applications_submitted"]) == (expected["submitted"],) * 2
    assert (page.total.eligible, api["eligible"]) == (expected["eligible"],) * 2
    assert (page.origins["korean_returnees"], api["overseas"]["korean_returnees"]) == (expected["returnees"],) * 2
    assert (page.origins["foreign_nationals"], api["overseas"]["foreign_nationals"]) == (expected["foreigners"],) * 2
    assert {r.code: r.applications for r in page.teams if r.applications} == expected["by_team"]
    assert {t["code"]: t["applications"] for t in api["by_team"] if t["applications"]} == expected["by_team"]
    assert {t["code"]: t["quota"] for t in api["by_team"]} == expected["quota_by_team"]
    assert api["quota"] == call.total_quota == 400
    assert api["competition_ratio"] == round(expected["submitted"] / 400, 2)
    assert {c["code"]: c["applications"] for c in api["channels"]} == expected["channels"]
    assert {c["code"]: c["count"] for c in api["overseas"]["by_nationality"]} == expected["by_nationality"]
    assert sum(i["applications"] for i in api["by_institute"]) == expected["submitted"]
