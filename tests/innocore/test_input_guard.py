"""Issue 9 item 14: a NUL byte or bytes that are not UTF-8 get a clear 400, never a 500.

On PostgreSQL a NUL in any text compared in SQL raises ValueError; these URLs all crashed.
"""
import pytest
from django.urls import reverse

from tests.factories import CallFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NUL_URLS = [
    "/?q=%00",
    "/staff/calls/C%00X/eligibility/",
    "/staff/calls/C%00X/assignment/",
    "/staff/calls/C%00X/conflicts-of-interest/",
    "/admin/applications/application/?status__exact=%00",
    "/admin/innocore/call/?q=%00",
    "/admin/innocore/user/?role__exact=a%00b",
    "/apply/letter/abc%00def/",
    "/review/invitation/abc%00def/",
]


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_a_path_segment_or_query_string_is_a_400(staff_client, url):
    CallFactory(code="CX")

    response = staff_client.get(url)

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    # The refusal is a page like any other: the same security headers.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/?q=%FF%FE", "/admin/innocore/call/?q=%C3%28"])
def test_bytes_that_are_not_utf8_in_a_query_string_are_a_400(staff_client, url):
    assert staff_client.get(url).status_code == 400


@pytest.mark.parametrize("url", ["/apply/letter/%C3%28/", "/staff/calls/%E2%82/assignment/", "/apply/%FF/"])
def test_bytes_that_are_not_utf8_in_the_path_match_no_page(staff_client, url):
    """Django percent-encodes them again, so they reach no database lookup as broken text."""
    assert staff_client.get(url).status_code in (404, 410)


def test_a_nul_byte_in_a_posted_form_field_is_a_400_and_nothing_is_saved(client):
    user = UserFactory(first_name="Ada")
    client.force_login(user)

    response = client.post(reverse("profile"), {"first_name": "Ev\x00il", "last_name": "X"})

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.first_name == "Ada"


def test_a_nul_byte_in_a_field_name_or_an_uploaded_file_name_is_a_400(client):
    client.force_login(UserFactory())
    assert client.post(reverse("profile"), {"na\x00me": "x"}).status_code == 400
    body = (
        b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cv\x00.html\"\r\n"
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--B--\r\n"
    )
    response = client.generic("POST", reverse("profile"), body, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 400


def test_a_form_body_that_is_not_utf8_is_a_400(client):
    client.force_login(UserFactory())
    response = client.generic(
        "POST", reverse("profile"), b"first_name=%FF%FE&last_name=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_a_nul_byte_in_the_session_cookie_is_a_400(client):
    assert client.get("/", HTTP_COOKIE='sessionid="\\000abcdefghijk"').status_code == 400


def test_ordinary_unicode_passes_the_guard(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("profile"), {"first_name": "지민 <b>&", "last_name": "박"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "지민 <b>&"
    assert client.get("/?q=%ED%95%9C").status_code == 200


def test_the_400_page_is_in_the_visitors_language(client):
    response = client.get("/?q=%00", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert '<html lang="ko">' in response.content.decode()
