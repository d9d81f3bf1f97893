"""Keep personal data out of browser, proxy and shared caches.

One rule, simple enough to hold everywhere: a response is marked ``no-store`` when

* it answers a signed-in user (every page they see may carry their data or an
  applicant's),
* it is a file download (an attachment or a streamed file: dossiers, letters, receipts,
  data exports), or
* it was reached through a signed link (a referee's or an invited reviewer's token in
  the URL), whose page names the applicant although nobody is signed in.

Everything else, that is public pages seen anonymously and the static files (WhiteNoise
answers those before this middleware runs), keeps the default caching.
"""
from collections.abc import Callable

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import add_never_cache_headers

TOKEN_URL_ARGUMENT = "token"


class NoStoreForPersonalDataMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_static(request) or not _carries_personal_data(request, response):
            return response
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
        return response


def _is_static(request: HttpRequest) -> bool:
    static_url = settings.STATIC_URL or ""
    return bool(static_url) and static_url.startswith("/") and request.path.startswith(static_url)


def _carries_personal_data(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if isinstance(response, (FileResponse, StreamingHttpResponse)):
        return True
    if response.get("Content-Disposition", "").lower().startswith("attachment"):
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and TOKEN_URL_ARGUMENT in match.kwargs
