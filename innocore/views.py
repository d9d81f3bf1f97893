from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.models import Token

from innocore.forms import ProfileForm, form_add_service_error
from innocore.selectors.calls import call_current, call_institute_quotas
from innocore.selectors.health import is_healthy, portal_health
from innocore.services.api_tokens import api_token_create, api_token_expires_at, api_token_revoke
from innocore.services.profile import user_profile_update


def home(request):
    call = call_current()
    context = {"call": call, "now": timezone.now()}
    if call is not None:
        institute_quotas = call_institute_quotas(call=call)
        context["institute_quotas"] = institute_quotas
        context["team_count"] = sum(len(row["team_quotas"]) for row in institute_quotas)
    return render(request, "innocore/home.html", context)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, initial={
        "first_name": request.user.first_name, "last_name": request.user.last_name,
        "orcid": request.user.orcid, "timezone": request.user.timezone,
    })
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user_profile_update(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("profile")
        status = 400
    return render(request, "innocore/profile.html", {"form": form}, status=status)


@never_cache
@login_required
def api_token(request):
    """Make (or replace) or revoke the user's API token. Only here, in a session that passed the second factor
    (RequireSecondFactorMiddleware): never from a password alone (innocore/api/authentication.py).
    The key is shown once, in the answer to the POST that made it."""
    status, new_key = 200, None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            new_key = api_token_create(user=request.user).key
        elif action == "revoke":
            if api_token_revoke(user=request.user):
                messages.success(request, _("Your API token has been revoked."))
            return redirect("api_token")
        else:
            status = 400
    token = Token.objects.filter(user=request.user).first()
    return render(request, "innocore/api_token.html", {
        "token": token, "expires_at": api_token_expires_at(token=token) if token else None, "new_key": new_key,
    }, status=status)


@never_cache
def healthz(request):
    """{db, cache, broker}: 200 when each is "ok" (or the broker "off"), else 503. Public, no details."""
    checks = portal_health()
    return JsonResponse({**checks, "status": "ok" if is_healthy(checks) else "error"},
                        status=200 if is_healthy(checks) else 503)
