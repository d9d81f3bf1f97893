"""Staff: a call's selection up to publishing the decisions (issue 11).

The proposal page (run the match, read each team's placed list, exclude or pin with a
reason), the explanations, the publication with a confirmation step, and the outbox of
the decision emails with "Send all". Ministry staff only (``selection.decide``): the
pages show every team's decisions. POSTs redirect; bad input re-renders with the
form's errors and a 4xx.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.models import Application
from applications.services.dossier_access import applicant_list_view_record
from innocore.forms import form_add_service_error
from innocore.i18n import language_of
from innocore.models import Call
from innocore.permissions import staff_call_or_404
from selection.forms import AdjustmentForm, AdjustmentRemoveForm, MatchRunForm, PublishForm
from selection.models import MatchRunStatus, RankingAdjustment
from selection.selectors import decisions as read
from selection.selectors.offers import call_offers
from selection.services.decision_emails import decision_application_id
from selection.services.decisions import applications_left_alone, decisions_send, match_run_publish
from selection.services.match import (
    match_run_discard, match_run_propose, ranking_adjustment_remove, ranking_adjustment_set,
)

DECIDE = "selection.decide"
PER_PAGE = 100


def _call(request: HttpRequest, code: str) -> Call:
    return staff_call_or_404(user=request.user, code=code, perm=DECIDE)


def _record(request: HttpRequest, call: Call, references) -> None:
    applicant_list_view_record(by=request.user, page=request.resolver_match.view_name, call_codes=[call.code],
                               references=references, query=request.GET.urlencode())


def _proposal_page(request, call: Call, *, adjust_form=None, remove_form=None, status: int = 200) -> HttpResponse:
    run = read.decisions_run(call=call)
    summary = read.run_summary(run=run) if run else None
    adjustments = list(read.adjustments(call=call))
    left_alone = applications_left_alone(run=run) if run else []
    _record(request, call, (summary.references() if summary else []) + [a.application.reference for a in adjustments]
            + [application.reference for application in left_alone])
    return render(request, "selection/decisions/proposal.html", {
        "call": call, "run": run, "summary": summary, "adjustments": adjustments, "left_alone": left_alone,
        "published": run is not None and run.status == MatchRunStatus.PUBLISHED,
        "adjust_form": adjust_form or AdjustmentForm(), "remove_form": remove_form,
    }, status=status)


@require_GET
@login_required
def proposal(request: HttpRequest, code: str) -> HttpResponse:
    return _proposal_page(request, _call(request, code))


@require_POST
@login_required
def run_match(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    try:
        match_run_propose(call=call, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _proposal_page(request, call, status=409)
    messages.success(request, _("The match has been proposed. Nothing is decided until you publish it."))
    return redirect("selection:decisions", call.code)


def _posted_run(request: HttpRequest, call: Call, form_class=MatchRunForm):
    """(form, run): the run the POST names must be the call's current one; run None otherwise."""
    form = form_class(request.POST)
    if not form.is_valid():
        return form, None
    current = read.decisions_run(call=call)
    if current is None or current.pk != form.cleaned_data["run"]:
        form.add_error(None, _("This match is no longer the current one: reload the page."))
        return form, None
    return form, current


@require_POST
@login_required
def discard(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    form, current = _posted_run(request, call)
    if current is None:
        messages.error(request, " ".join(form.non_field_errors()) or _("Choose a match to discard."))
        return _proposal_page(request, call, status=400)
    try:
        match_run_discard(run=current, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _proposal_page(request, call, status=409)
    messages.success(request, _("The proposal has been discarded."))
    return redirect("selection:decisions", call.code)


@require_POST
@login_required
def adjust(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        return _proposal_page(request, call, adjust_form=form, status=400)
    application = Application.objects.filter(call=call, reference__iexact=form.cleaned_data["reference"].strip()).first()
    if application is None:
        form.add_error("reference", _("No application of this call has this reference."))
        return _proposal_page(request, call, adjust_form=form, status=400)
    try:
        ranking_adjustment_set(call=call, application=application, kind=form.cleaned_data["kind"],
                               reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as exc:
        form_add_service_error(form, exc)
        return _proposal_page(request, call, adjust_form=form, status=409)
    messages.success(request, _("%(ref)s adjusted; run the match again to see the effect.")
                     % {"ref": application.reference})
    return redirect("selection:decisions", call.code)


@require_POST
@login_required
def adjust_remove(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    form = AdjustmentRemoveForm(request.POST)
    adjustment = None
    if form.is_valid():
        adjustment = (RankingAdjustment.objects.filter(call=call, pk=form.cleaned_data["adjustment"])
                      .select_related("call", "application").first())
        if adjustment is None:
            form.add_error(None, _("This adjustment no longer exists."))
    if adjustment is None:
        return _proposal_page(request, call, remove_form=form, status=400)
    try:
        ranking_adjustment_remove(adjustment=adjustment, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        form_add_service_error(form, exc)
        return _proposal_page(request, call, remove_form=form, status=409)
    messages.success(request, _("The adjustment of %(ref)s has been removed.") % {"ref": adjustment.application.reference})
    return redirect("selection:decisions", call.code)


@require_GET
@login_required
def explanations(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    run = read.decisions_run(call=call)
    page = Paginator(read.placements(run=run), PER_PAGE).get_page(request.GET.get("page")) if run else None
    adjusted = {adjustment.application_id: adjustment for adjustment in read.adjustments(call=call)}
    rows = [(placement, read.explanation_sentences(explanation=placement.explanation),
             adjusted.get(placement.application_id)) for placement in page or ()]
    _record(request, call, [placement.application.reference for placement, _s, _a in rows])
    return render(request, "selection/decisions/explanations.html",
                  {"call": call, "run": run, "page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def publish(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    run = read.decisions_run(call=call)
    form, status = PublishForm(initial={"run": run.pk if run else None}), 200
    if request.method == "POST":
        form, current = _posted_run(request, call, PublishForm)
        status = 400
        if current is not None:
            try:
                result = match_run_publish(run=current, by=request.user)
            except ValidationError as exc:
                form_add_service_error(form, exc)
                status = 409
            else:
                messages.success(request, _(
                    "Published: %(offers)d selected, %(emails)d emails held in the outbox until you send them."
                ) % {"offers": result.offers, "emails": result.emails})
                return redirect("selection:decisions_outbox", call.code)
    summary = read.run_summary(run=run) if run else None
    return render(request, "selection/decisions/publish.html", {
        "call": call, "run": run, "summary": summary, "form": form,
        "can_publish": run is not None and run.status == MatchRunStatus.PROPOSED,
        "left_alone": applications_left_alone(run=run) if run else [],
    }, status=status)


def _outbox_page(request, call: Call, *, form=None, status: int = 200) -> HttpResponse:
    run = read.decisions_run(call=call)
    published = run if run is not None and run.status == MatchRunStatus.PUBLISHED else None
    page = Paginator(read.outbox(run=published), PER_PAGE).get_page(request.GET.get("page")) if published else None
    shown = list(page or ())
    references = dict(Application.objects.filter(pk__in=[decision_application_id(email=e) for e in shown])
                      .values_list("pk", "reference"))
    emails = [(email, references.get(decision_application_id(email=email), ""), language_of(email.user))
              for email in shown]
    _record(request, call, list(references.values()))
    return render(request, "selection/decisions/outbox.html", {
        "call": call, "run": published, "page": page, "emails": emails,
        "counts": read.outbox_counts(run=published) if published else None,
        "form": form or MatchRunForm(initial={"run": published.pk if published else None}),
    }, status=status)


@require_GET
@login_required
def outbox(request: HttpRequest, code: str) -> HttpResponse:
    return _outbox_page(request, _call(request, code))


@require_POST
@login_required
def send(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    form, current = _posted_run(request, call)
    if current is None:
        return _outbox_page(request, call, form=form, status=400)
    try:
        sent = decisions_send(run=current, by=request.user)
    except ValidationError as exc:
        form_add_service_error(form, exc)
        return _outbox_page(request, call, form=form, status=409)
    messages.success(request, _("%(n)d emails are on their way; the offers are open.") % {"n": sent})
    return redirect("selection:decisions_outbox", call.code)


@require_GET
@login_required
def offers(request: HttpRequest, code: str) -> HttpResponse:
    """The call's offers as staff follow them after sending: status, deadline, answer, the seat each replaced."""
    call = _call(request, code)
    page = Paginator(call_offers(call=call), PER_PAGE).get_page(request.GET.get("page"))
    _record(request, call, [offer.application.reference for offer in page])
    return render(request, "selection/decisions/offers.html", {"call": call, "page": page})
