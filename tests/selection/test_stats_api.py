"""GET /api/v1/stats/?call=CODE: who may ask, the keys of the answer, errors as JSON, the schema."""
import pytest
from django.urls import reverse

from tests.factories import InstituteStaffFactory, MinistryStaffFactory, ReviewerProfileFactory, UserFactory
from tests.selection.dashboard_data import known_call

pytestmark = pytest.mark.django_db

TEAM_KEYS = {"code", "name", "institute", "quota", "applications", "competition_ratio", "selected"}


@pytest.fixture
def known():
    return known_call()


def _get(client, **params):
    return client.get(reverse("api-stats"), params, HTTP_ACCEPT="application/json")


def test_anonymous_users_applicants_and_reviewers_are_refused(client, known):
    assert _get(client, call=known["call"].code).status_code in (401, 403)
    for user in (UserFactory(), ReviewerProfileFactory().user):
        client.force_login(user)
        response = _get(client, call=known["call"].code)
        assert response.status_code == 403 and "detail" in response.json()


def test_the_answer_has_the_dashboards_figures(client, known):
    client.force_login(MinistryStaffFactory())
    data = _get(client, call=known["call"].code).json()
    assert {"call", "quota", "applications_submitted", "competition_ratio", "selected", "accepted", "remaining",
            "by_team", "by_institute", "overseas", "channels", "funnel"} <= set(data)
    assert data["call"]["code"] == known["call"].code
    assert (data["quota"], data["applications_submitted"], data["competition_ratio"]) == (5, 10, 2.0)
    assert (data["selected"], data["accepted"], data["remaining"]) == (4, 1, 1)
    assert all(TEAM_KEYS <= set(team) for team in data["by_team"])
    assert [t["code"] for t in data["by_team"]] == ["A1", "A2", "B1"]
    assert {"korean_returnees", "foreign_nationals", "by_nationality"} <= set(data["overseas"])
    assert (data["overseas"]["korean_returnees"], data["overseas"]["foreign_nationals"]) == (2, 3)
    assert data["overseas"]["by_nationality"][0] == {"code": "IN", "name": "India", "count": 2}
    assert data["funnel"]["submitted"] == 10 and data["funnel"]["drafts"] == 1
    assert {c["code"] for c in data["channels"]} >= {"linkedin", "nature"}


def test_institute_staff_get_their_institutes_figures(client, known):
    client.force_login(InstituteStaffFactory(institute=known["institutes"][0]))
    data = _get(client, call=known["call"].code).json()
    assert data["institute"] == "INA" and data["quota"] == 4
    assert [t["code"] for t in data["by_team"]] == ["A1", "A2"]
    assert _get(client, call=known["call"].code, institute="INB").status_code == 400


def test_errors_are_json_with_a_clear_message(client, known):
    client.force_login(MinistryStaffFactory())
    missing = _get(client)
    assert missing.status_code == 400 and "call" in missing.json()
    unknown = _get(client, call="NO-SUCH")
    assert unknown.status_code == 404 and "NO-SUCH" in unknown.json()["detail"]
    mismatch = _get(client, call=known["call"].code, institute="INA", team="B1")
    assert mismatch.status_code == 400 and "team" in mismatch.json()
    assert _get(client, call=known["call"].code, team="NOPE").status_code == 400


def test_the_schema_describes_the_answer_exactly(client, known):
    """The OpenAPI schema names every key the endpoint returns, with its type."""
    client.force_login(MinistryStaffFactory())
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/stats/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"call", "institute", "team"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    components = schema["components"]["schemas"]
    stats = components[ref.rsplit("/", 1)[-1]]
    data = _get(client, call=known["call"].code).json()
    assert set(stats["properties"]) == set(data)
    assert set(stats["required"]) == set(data)
    team = components[stats["properties"]["by_team"]["items"]["$ref"].rsplit("/", 1)[-1]]
    assert set(team["properties"]) == set(data["by_team"][0])
