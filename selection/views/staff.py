"""Staff pages: a call's reviewer assignment (run, progress, adjust, publish), its conflicts, invitations."""
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications.models import Application
from applications.services.dossier_access import applicant_list_view_record
from innocore.forms import form_add_service_error
from innocore.models import Call
from innocore.permissions import require_perm, staff_call_or_404
from selection.forms import ConflictOfInterestFilterForm, InviteForm, PairForm, RunForm
from selection.models import AssignmentRun, ReviewerInvitation, ReviewerProfile
from selection.selectors.assignment import (
    assignment_run_get,
    assignment_run_page,
    assignment_runs,
    conflict_of_interest_page,
    reviewer_choices,
    run_total_affinity,
)
from selection.services.assignment import assignment_run_start
from selection.services.assignment_edit import assignment_manual_add, assignment_manual_remove, assignment_publish
from selection.services.conflicts_of_interest import conflicts_of_interest_detect
from selection.services.reviewers import reviewer_invite

# The assignment, its runs and the conflicts of a call are the ministry's: institute staff get a 403.
MANAGE = "selection.manage_assignment"


def _run(call: Call, run_id) -> AssignmentRun:
    try:
        return assignment_run_get(call=call, run_id=int(run_id))
    except (AssignmentRun.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def _assignment_page(
    request, call: Call, run: AssignmentRun | None, *, form=None, status: int = 200, runs=None
) -> HttpResponse:
    runs = assignment_runs(call=call) if runs is None else runs
    context = {"call": call, "run": run, "runs": runs, "form": form or RunForm()}
    if request.method == "POST":
        # A refusal is shown at the address it was posted to (with its 4xx status); the page puts its own address
        # back in the browser (static/js/portal.js), so that a reload shows it again instead of re-posting.
        query = {"run": run.pk, "page": request.POST.get("page", "")} if run is not None else {}
        context["replace_url"] = f"{reverse('selection:assignment', args=[call.code])}?{urlencode(query)}".rstrip("?")
    if run is not None:
        context["progress_url"] = reverse("selection:run_progress", args=[call.code, run.pk])
        if not run.is_active and run.status != "failed":
            context["page"] = assignment_run_page(run=run, page=request.GET.get("page"))
            context["total_affinity"] = run_total_affinity(run=run)
            references = [item["reference"] for item in run.uncovered or () if item.get("reference")]
            applicant_list_view_record(
                by=request.user, page=request.resolver_match.view_name, call_codes=[call.code],
                references=[application.reference for application in context["page"]] + references,
                query=request.GET.urlencode(),
            )
            if run.is_editable:
                context["reviewers"] = reviewer_choices(run=run)
    return render(request, "selection/assignment.html", context, status=status)


@login_required
@require_GET
def assignment(request: HttpRequest, code: str) -> HttpResponse:
    call = staff_call_or_404(user=request.user, code=code, perm=MANAGE)
    runs = assignment_runs(call=call)
    run_id = request.GET.get("run")
    # The list of runs leaves out their long lists (RUN_LARGE_FIELDS): the run shown is read whole.
    run = _run(call, run_id or runs[0].pk) if run_id or runs else None
    return _assignment_page(request, call, run, runs=runs)


@login_required
@require_POST
def run_start(request: HttpRequest, code: str) -> HttpResponse:
    call = staff_call_or_404(user=request.user, code=code, perm=MANAGE)
    form = RunForm(request.POST)
    if not form.is_valid():
        return _assignment_page(request, call, None, form=form, status=400)
    try:
        run = assignment_run_start(call=call, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _assignment_page(request, call, None, form=form, status=409)
    run.refresh_from_db()
    messages.success(request, _("The assignment run has been queued.") if run.is_active
                     else _("The assignment run has finished."))
    return redirect(f"{reverse('selection:assignment', args=[call.code])}?run={run.pk}")


@login_required
@require_GET
def run_progress(request: HttpRequest, code: str, run_id: int) -> JsonResponse:
    run = _run(staff_call_or_404(user=request.user, code=code, perm=MANAGE), run_id)
    return JsonResponse({
        "status": run.status, "status_label": run.get_status_display(), "stage": run.stage,
        "stage_label": run.get_stage_display(), "progress": run.progress, "active": run.is_active,
        "error": run.error,
    })


def _pair_action(request: HttpRequest, code: str, run_id: int, action, done_message: str) -> HttpResponse:
    """Add or remove one (application, reviewer) pair of a proposed run through `action`, a service."""
    call = staff_call_or_404(user=request.user, code=code, perm=MANAGE)
    run = _run(call, run_id)
    form = PairForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an application and a reviewer."))
        return _assignment_page(request, call, run, status=400)
    application = Application.objects.filter(pk=form.cleaned_data["application"], call=call).first()
    reviewer = ReviewerProfile.objects.select_related("user").filter(pk=form.cleaned_data["reviewer"]).first()
    if application is None or reviewer is None:
        messages.error(request, _("That application or reviewer does not exist."))
        return _assignment_page(request, call, run, status=400)
    try:
        action(run=run, application=application, reviewer=reviewer, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _assignment_page(request, call, run, status=409)
    messages.success(request, done_message % {"name": reviewer, "ref": application.reference})
    page = request.POST.get("page", "")
    return redirect(f"{reverse('selection:assignment', args=[call.code])}?run={run.pk}&page={page}#app-{application.pk}")


@login_required
@require_POST
def assignment_add(request: HttpRequest, code: str, run_id: int) -> HttpResponse:
    return _pair_action(request, code, run_id, assignment_manual_add, _("%(name)s now reviews %(ref)s."))


@login_required
@require_POST
def assignment_remove(request: HttpRequest, code: str, run_id: int) -> HttpResponse:
    return _pair_action(request, code, run_id, assignment_manual_remove, _("%(name)s no longer reviews %(ref)s."))


@login_required
@require_POST
def run_publish(request: HttpRequest, code: str, run_id: int) -> HttpResponse:
    call = staff_call_or_404(user=request.user, code=code, perm=MANAGE)
    run = _run(call, run_id)
    try:
        assignment_publish(run=run, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _assignment_page(request, call, run, status=409)
    messages.success(request, _("The assignment is published and the reviewers are being emailed."))
    return redirect(f"{reverse('selection:assignment', args=[call.code])}?run={run.pk}")


@login_required
def conflicts_of_interest(request: HttpRequest, code: str) -> HttpResponse:
    call = staff_call_or_404(user=request.user, code=code, perm=MANAGE)
    if request.method == "POST":
        counts = conflicts_of_interest_detect(call=call, by=request.user)
        messages.success(request, _(
            "Conflicts found again: %(added)d added, %(removed)d no longer found, %(kept)d unchanged."
        ) % counts)
        return redirect("selection:conflicts_of_interest", call.code)
    form = ConflictOfInterestFilterForm(request.GET or None)
    source = form.cleaned_data["source"] if form.is_valid() else ""
    page = conflict_of_interest_page(call=call, page=request.GET.get("page"), source=source)
    applicant_list_view_record(
        by=request.user, page=request.resolver_match.view_name, call_codes=[call.code],
        references=[conflict.application.reference for conflict in page], query=request.GET.urlencode(),
    )
    return render(
        request, "selection/conflicts_of_interest.html", {"call": call, "page": page, "form": form, "source": source}
    )


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "selection.manage_reviewers")
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = reviewer_invite(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_add_service_error(form, exc)
                status = 409
            else:
                messages.success(request, _("%(email)s has been invited.") % {"email": invitation.email})
                return redirect("selection:invite")
        else:
            status = 400
    invitations = ReviewerInvitation.objects.select_related("invited_by")[:50]
    return render(request, "selection/invite.html", {"form": form, "invitations": invitations}, status=status)
