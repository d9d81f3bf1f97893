"""Staff: a call's eligibility at a glance, live re-check progress, and the buttons that start things.

Institute staff see their institute's applications only; the call-wide buttons (re-check, default
rules, overrides in the admin) are the ministry's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.eligibility.describe import rule_sentence, rule_title
from applications.models import VerdictOutcome
from applications.selectors.eligibility import (
    call_inputs, call_latest_run, call_verdict_counts, call_verdict_list,
)
from applications.services.dossier_access import applicant_list_view_record
from applications.services.eligibility import call_eligibility_recheck, call_eligibility_rules_create_defaults
from innocore.models import Call, User
from innocore.permissions import staff_call_or_404

PAGE_SIZE = 50


def _progress_context(call: Call, user: User) -> dict:
    counts = call_verdict_counts(call=call, user=user)
    return {
        "call": call, "run": call_latest_run(call=call),
        "counts": [(value, label, counts[value]) for value, label in VerdictOutcome.choices],
        "unchecked": counts["unchecked"],
    }


@login_required
def call_eligibility(request: HttpRequest, code: str) -> HttpResponse:
    call = staff_call_or_404(user=request.user, code=code)
    outcome = request.GET.get("outcome") or ""
    if outcome and outcome not in VerdictOutcome.values:
        outcome = ""
    verdicts = call_verdict_list(call=call, user=request.user, outcome=outcome)
    page = Paginator(verdicts, PAGE_SIZE).get_page(request.GET.get("page"))
    for verdict in page:
        verdict.problems = [line["code"] for line in verdict.lines if line["outcome"] != "passed"]
    applicant_list_view_record(
        by=request.user, page=request.resolver_match.view_name, call_codes=[call.code],
        references=[verdict.application.reference for verdict in page], query=request.GET.urlencode(),
    )
    inputs = call_inputs(call=call)
    language = get_language() or "en"
    rules = [(rule_title(code=rule.code, language=language), rule.enabled,
              rule_sentence(code=rule.code, params=dict(rule.params), language=language), rule.code)
             for rule in inputs.rules]
    return render(request, "applications/staff/call_eligibility.html", {
        **_progress_context(call, request.user), "page": page, "outcome": outcome, "inputs": inputs, "rules": rules,
        "outcomes": VerdictOutcome.choices,
    })


@login_required
def call_eligibility_progress(request: HttpRequest, code: str) -> HttpResponse:
    """The latest run's progress: an HTML fragment for htmx polling, JSON otherwise."""
    call = staff_call_or_404(user=request.user, code=code)
    context = _progress_context(call, request.user)
    if request.htmx:
        return render(request, "applications/staff/_eligibility_progress.html", context)
    run = context["run"]
    return JsonResponse({
        "run": None if run is None else {
            "id": run.pk, "status": run.status, "total": run.total, "done": run.done, "failed": run.failed,
            "percent": run.percent,
        },
        "counts": {value: count for value, _label, count in context["counts"]},
        "unchecked": context["unchecked"],
    })


@login_required
@require_POST
def call_eligibility_recheck_view(request: HttpRequest, code: str) -> HttpResponse:
    call = staff_call_or_404(user=request.user, code=code, perm="applications.recheck_eligibility")
    try:
        run = call_eligibility_recheck(call=call, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Re-checking %(count)d applications.") % {"count": run.total})
    return redirect("applications:staff_call_eligibility", code=call.code)


@login_required
@require_POST
def call_eligibility_defaults_view(request: HttpRequest, code: str) -> HttpResponse:
    call = staff_call_or_404(user=request.user, code=code, perm="innocore.manage_programme")
    created = call_eligibility_rules_create_defaults(call=call, by=request.user)
    messages.success(request, _("%(count)d default rules added; edit them in the admin.") % {"count": created})
    return redirect("applications:staff_call_eligibility", code=call.code)
