from django.shortcuts import render
from django.utils import timezone

from innocore.selectors.calls import call_allocated_quota, call_current, call_institute_quotas


def home(request):
    call = call_current()
    context = {"call": call, "now": timezone.now()}
    if call is not None:
        institute_quotas = call_institute_quotas(call=call)
        context["institute_quotas"] = institute_quotas
        context["team_count"] = sum(len(row["team_quotas"]) for row in institute_quotas)
        context["allocated_quota"] = call_allocated_quota(call=call)
    return render(request, "innocore/home.html", context)
