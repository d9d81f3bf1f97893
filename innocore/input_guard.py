"""Answer 400 to requests no honest browser sends, before any view or database sees them.

PostgreSQL refuses text containing a NUL character (psycopg raises ValueError, a 500),
so a ``%00`` in a URL segment looked up in the database (a call code, a signed link), in a
query string (an admin changelist filter, a search) or in a form field would otherwise
crash the page. Bytes that are not UTF-8 in a query string or a URL-encoded form are
decoded by Django into U+FFFD replacement characters and would be silently stored as
such; they are refused here too, so that the person sending them learns something is
wrong. (In the path, Django percent-encodes them again, so they match no page: a 404. In
a multipart form they become U+FFFD, which is harmless text.) The cookies are checked as well (the session key
is looked up in the database).

The answer is the portal's styled 400 page in the visitor's language; under ``/api/`` it is JSON
(``{"detail": ...}``), as every answer of the API.
"""
from collections.abc import Callable, Iterable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views import defaults

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL = "\x00"
API_PREFIX = "/api/"


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_is_malformed(request):
            return _bad_request(request)
        return self.get_response(request)


def request_is_malformed(request: HttpRequest) -> bool:
    """Whether the path, query string, cookies or form fields hold a NUL, or the query or form bytes not UTF-8."""
    if NUL in request.path_info:
        return True
    if not _is_utf8(unquote_to_bytes(_wsgi_bytes(request.META.get("QUERY_STRING", "")))):
        return True
    if _has_nul(request.GET.lists()) or _has_nul((name, [value]) for name, value in request.COOKIES.items()):
        return True
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        if request.content_type == FORM_CONTENT_TYPES[0] and not _is_utf8(unquote_to_bytes(request.body)):
            return True
        if _has_nul(request.POST.lists()):
            return True
        return any(NUL in (upload.name or "") for upload in request.FILES.values())
    return False


def _has_nul(items: Iterable[tuple[str, list[str]]]) -> bool:
    return any(NUL in name or any(NUL in value for value in values) for name, values in items)


def _wsgi_bytes(text: str) -> bytes:
    """WSGI passes the raw bytes of the query string as latin-1 text."""
    return text.encode("latin-1", errors="replace")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _bad_request(request: HttpRequest) -> HttpResponse:
    """The styled 400 page in the visitor's language (this runs before LocaleMiddleware)."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if request.path_info.startswith(API_PREFIX):
            response = JsonResponse({"detail": gettext(
                "The request holds a NUL character or bytes that are not UTF-8; nothing was done.")}, status=400)
        else:
            response = defaults.bad_request(request, exception=None)
    response.headers.setdefault("Content-Language", language)
    return response
