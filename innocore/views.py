from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from innocore.forms import ProfileForm, form_add_service_error
from innocore.services.profile import user_profile_update

from innocore.selectors.calls import call_current, call_institute_quotas
from innocore.selectors.health import is_healthy, portal_health


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
def healthz(request):
    """{db, cache, broker}: 200 when each is "ok" (or the broker "off"), else 503. Public, no details."""
    checks = portal_health()
    return JsonResponse({**checks, "status": "ok" if is_healthy(checks) else "error"},
                        status=200 if is_healthy(checks) else 503)
