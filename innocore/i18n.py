"""Each user's language, remembered, so that what the portal writes to them is in it.

The language is whatever the user last read the portal in (the language switch, or their
browser's preference): ``RememberLanguageMiddleware`` stores it on the account when it
changes. Emails are rendered inside ``in_language_of(recipient)``, never in the language
of whoever acted (a staff member reading in English writes to a Korean applicant in Korean).
"""
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation


def language_of(user) -> str:
    """The user's language, or the portal's default when unknown (no account, never visited)."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user) -> Iterator[str]:
    language = language_of(user)
    with translation.override(language):
        yield language


class RememberLanguageMiddleware:
    """Store the language a logged-in user reads in, when it changes (one UPDATE, then none)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        language = getattr(request, "LANGUAGE_CODE", "")
        if (user is not None and user.is_authenticated and language in dict(settings.LANGUAGES)
                and getattr(user, "language", language) != language):
            get_user_model().objects.filter(pk=user.pk).update(language=language)
            user.language = language
        return response
