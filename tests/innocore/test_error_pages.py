"""Issue 9 item 15: styled, bilingual error pages with the site's navigation (DEBUG is off in tests)."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

from innocore.error_views import FALLBACK_500, server_error
from innocore.urls import handler500  # noqa: F401 - this test URLconf answers errors as the portal's does
from innocore.urls import urlpatterns as portal_urlpatterns
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _forbidden(request):
    raise PermissionDenied


def _crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("test-forbidden/", _forbidden), path("test-crash/", _crash), *portal_urlpatterns]


def assert_styled(response, *, status, title):
    html = response.content.decode()
    assert response.status_code == status
    assert 'class="site-nav"' in html and "css/portal.css" in html, html[:500]
    assert title in html
    return html


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("url", "status", "title"),
    [("/?q=%00", 400, "Bad request"), ("/test-forbidden/", 403, "Access denied"),
     ("/no-such-page/", 404, "Page not found"), ("/test-crash/", 500, "Server error")],
)
def test_error_pages_are_styled_with_the_navigation(anonymous, url, status, title):
    assert_styled(anonymous.get(url), status=status, title=title)


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("url", "status", "title"), [
    ("/?q=%00", 400, "잘못된 요청"), ("/test-forbidden/", 403, "접근 거부"), ("/no-such-page/", 404, "페이지를 찾을 수 없습니다"),
    ("/test-crash/", 500, "서버 오류"),
])
def test_error_pages_follow_the_visitors_language(anonymous, url, status, title):
    response = anonymous.get(url, HTTP_ACCEPT_LANGUAGE="ko")
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="ko">' in html
    assert title in html  # the page itself, translated
    assert "로그인" in html  # the navigation, translated


@override_settings(ROOT_URLCONF=__name__)
def test_a_signed_in_user_sees_their_own_navigation_on_a_404(client):
    client.force_login(UserFactory(role="applicant"))
    html = client.get("/no-such-page/").content.decode()
    assert "My applications" in html and "Log out" in html


@pytest.mark.parametrize("name", ["400.html", "403.html", "403_csrf.html", "404.html", "500.html"])
def test_error_templates_put_every_sentence_through_gettext(name):
    source = (TEMPLATES / name).read_text()
    assert source.startswith('{% extends "base.html" %}')
    assert source.count("{% translate ") >= 3
    text_outside_tags = [line for line in source.splitlines() if line.strip().startswith("<p>") and "{%" not in line]
    assert text_outside_tags == []


def test_the_500_page_renders_without_context_processors_or_database(rf, settings):
    """A failing context processor (say the database is down) must not take the 500 page with it."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {
        **settings.TEMPLATES[0]["OPTIONS"],
        "context_processors": ["tests.innocore.test_error_pages.failing_context_processor"],
    }}]
    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Server error" in html and 'class="site-nav"' in html


def failing_context_processor(request):
    raise RuntimeError("database is down")


def test_the_500_page_falls_back_to_fixed_html_when_the_template_cannot_render(rf, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert response.content.decode() == FALLBACK_500


def test_a_csrf_failure_is_a_styled_page_that_says_what_to_do(anonymous):
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post("/accounts/login/", {"login": "a@example.org", "password": "x"},
                              HTTP_ACCEPT_LANGUAGE="ko")
    html = assert_styled(response, status=403, title="양식이 만료되었습니다")
    assert '<html lang="ko">' in html and "로그인" in html
    assert "새로고침한 후 양식을 다시 제출하십시오" in html
