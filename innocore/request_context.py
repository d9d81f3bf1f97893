"""What the audit trail needs to know of the request being served, without passing it down.

Services take ``by`` (the acting user) but not the request; the middleware puts the
client's address here for the length of one request, and ``audit_record`` reads it.
Celery tasks run outside any request and record no address.
"""
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or with N trusted proxies in front (PORTAL_TRUSTED_PROXIES),
    the address the outermost of them saw, taken from X-Forwarded-For (the N-th entry from the right)."""
    proxies = settings.PORTAL_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR") or None
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come through all of them, so nothing in the
        # header can be trusted (a client may write anything there).
        return remote
    return forwarded[-proxies]


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
