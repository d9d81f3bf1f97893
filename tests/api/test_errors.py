"""Hostile or broken input gets a 400 in JSON, never a 500; limits answer 429 in JSON."""
import pytest
from django.test import Client

from tests.api.conftest import as_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(programme):
    client = as_user(programme.applicant)
    pk = client.post("/api/v1/applications/", {"call": programme.call.code},
                     content_type="application/json").json()["id"]
    version = client.get(f"/api/v1/applications/{pk}/sections/research/").json()["version"]
    return client, f"/api/v1/applications/{pk}/sections/research/", version


def _json_400(response) -> dict:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_nul_bytes_and_bytes_that_are_not_utf8(programme, draft):
    client, url, version = draft
    assert "NUL" in _json_400(as_user(programme.ministry).get("/api/v1/applications/?call=%00"))["detail"]
    assert _json_400(as_user(programme.ministry).get("/api/v1/applications/?call=%ff"))["detail"]
    body = _json_400(client.patch(url, {"version": version, "values": {"research_field": "a\x00b"}},
                                  content_type="application/json"))
    assert "research_field" in body
    not_utf8 = b'{"version": "' + version.encode() + b'", "values": {"research_field": "\xff\xfe"}}'
    assert _json_400(client.generic("PATCH", url, not_utf8, content_type="application/json"))["detail"]
    surrogate = '{"version": "%s", "values": {"research_field": "\\ud800"}}' % version
    assert "Unicode" in _json_400(client.generic("PATCH", url, surrogate, content_type="application/json"))["detail"]
    assert _json_400(client.generic("PATCH", url, "{not json", content_type="application/json"))["detail"]


@pytest.mark.parametrize("values", [
    {"research_plan": "x" * 100_000},
    {"research_field": "x" * 10_000},
    {"research_field": ["a list"]},
    {"research_field": {"an": "object"}},
])
def test_huge_strings_and_wrong_types_are_field_errors(draft, values):
    client, url, version = draft
    body = _json_400(client.patch(url, {"version": version, "values": values}, content_type="application/json"))
    assert set(body) == set(values)


@pytest.mark.parametrize("payload", [
    {}, {"values": {}}, {"version": 12, "values": "research"}, {"version": "x" * 65, "values": {}}, [1, 2],
    {"version": None, "values": None},
])
def test_a_malformed_envelope_is_a_field_error(draft, payload):
    client, url, _version = draft
    body = _json_400(client.patch(url, payload, content_type="application/json"))
    assert body


def test_wrong_types_elsewhere(programme, draft):
    client, url, _version = draft
    pk = url.split("/")[4]
    teams = client.patch(f"/api/v1/applications/{pk}/sections/teams/",
                         {"version": "v", "values": {"teams": "TEAM1"}}, content_type="application/json")
    assert "teams" in _json_400(teams)
    breaks = client.patch(f"/api/v1/applications/{pk}/sections/career_breaks/", {"version": "v", "values": {
        "career_breaks": [{"kind": "holiday", "start": "yesterday", "end": 3}]}}, content_type="application/json")
    assert "career_breaks" in _json_400(breaks)
    half = client.patch(f"/api/v1/applications/{pk}/sections/career_breaks/", {"version": "v", "values": {
        "career_breaks": [{"kind": "illness"}]}}, content_type="application/json")
    assert "career_breaks" in _json_400(half)
    start = client.post("/api/v1/applications/", {"call": ["a"]}, content_type="application/json")
    assert "call" in _json_400(start)
    assert "page_size" not in as_user(programme.ministry).get("/api/v1/calls/?page_size=abc").json()


def test_too_many_requests_answer_429_in_json(settings, programme):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/minute",
                                                                                      "user": "3/minute"}}
    client = as_user(programme.applicant)
    answers = [client.get("/api/v1/calls/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get("/api/v1/calls/")
    assert "throttled" in limited.json()["detail"] and int(limited["Retry-After"]) > 0
    assert as_user(programme.ministry).get("/api/v1/calls/").status_code == 200  # per account
    # Anonymous calls are refused (401) before any limit is counted: no endpoint serves them.
    assert {Client().get("/api/v1/calls/").status_code for _ in range(3)} == {401}
