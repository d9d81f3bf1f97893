"""Reviewers and staff must use a second factor (allauth MFA) before anything else."""
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.PORTAL_ENFORCE_MFA
            and user is not None
            and user.is_authenticated
            and user.requires_second_factor
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not _has_second_factor(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)


def _has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
