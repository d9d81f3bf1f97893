"""The portal's error pages: styled, in the visitor's language, with the site's navigation.

400, 403 and 404 are Django's own handlers rendering ``templates/4xx.html`` with the
request's context. The 500 page and the CSRF failure page are rendered here:

* 500 may be answering a failure of the database or of a context processor, so it is
  rendered without the request's context processors (the navigation then shows the
  signed-out links) and, if even that fails, answered as fixed HTML;
* a CSRF failure explains what to do next (reload the form, enable cookies) instead of
  Django's unstyled English page.
"""
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

FALLBACK_500 = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Server error</title></head>'
    "<body><h1>Server error</h1><p>Something went wrong on our side. Please try again in a few minutes.</p>"
    '<p lang="ko">서버 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.</p><p><a href="/">Home · 홈</a></p></body></html>'
)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """Render 500.html with a context that needs neither the database nor the context processors."""
    try:
        html = loader.get_template("500.html").render({"PORTAL_NAME": settings.PORTAL_NAME, "request": request})
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logger.exception("The 500 page could not be rendered; answering the fixed fallback")
        html = FALLBACK_500
    return HttpResponseServerError(html)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    html = loader.render_to_string("403_csrf.html", {"reason": reason}, request=request)
    return HttpResponseForbidden(html)
