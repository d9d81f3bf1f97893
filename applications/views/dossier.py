"""The applicant's pages: start, sections (with autosave), submit, withdraw, status."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.errors import ApplicationLocked, SubmissionIncomplete
from applications.forms import section_form
from applications.models import PRE_REVIEW_STATUSES, Application
from applications.sections import SECTIONS, SECTIONS_BY_SLUG
from applications.selectors.dossier import (
    SECTION_PARTS, application_for_applicant, application_list_for_applicant, application_missing_items,
    open_stale_section_edits, section_progress,
)
from applications.selectors.eligibility import application_verdict_for_applicant
from applications.selectors.status import application_emails, application_timeline
from applications.services.dossier import application_section_save, application_start, stale_section_edits_dismiss
from applications.services.submission import application_submit, application_withdraw
from innocore.models import Call
from innocore.permissions import require_perm
from innocore.sessions import session_keep_alive
from innocore.selectors.calls import call_list_not_closed


def own_application(request: HttpRequest, pk: int, *, parts: tuple[str, ...] | None = None) -> Application:
    """The requester's application; anybody else's is a 404, never a 403 that confirms it exists."""
    try:
        return application_for_applicant(applicant=request.user, pk=pk, parts=parts)
    except Application.DoesNotExist:
        raise Http404 from None


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = application_list_for_applicant(applicant=request.user)
    applied = {a.call_id for a in applications}
    open_calls = [call for call in call_list_not_closed() if call.pk not in applied]
    return render(request, "applications/mine.html", {"applications": applications, "open_calls": open_calls})


@login_required
@require_POST
def start(request: HttpRequest, call_code: str) -> HttpResponse:
    require_perm(request.user, "applications.start_application")
    call = get_object_or_404(Call, code=call_code)
    try:
        application = application_start(call=call, applicant=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("applications:mine")
    return redirect("applications:section", pk=application.pk, slug="personal")


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    missing = application_missing_items(application=application)
    return render(request, "applications/overview.html", {
        "application": application, "progress": section_progress(application=application, missing=missing),
        "missing": missing,
    })


@login_required
def section(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    if slug not in SECTIONS_BY_SLUG:
        raise Http404
    autosave = request.headers.get("X-Autosave") == "1" and request.method == "POST"
    # An autosave answers JSON: it needs only its own section's parts, not the whole dossier the page shows.
    application = own_application(request, pk, parts=SECTION_PARTS.get(slug, ()) if autosave else None)
    if slug in ("documents", "referees"):
        return redirect(f"applications:{slug}", pk=pk)
    if autosave:
        # Autosaves keep the session alive, so an applicant typing for hours is never logged out.
        session_keep_alive(request)
    form = section_form(application, slug, data=request.POST if request.method == "POST" else None)
    if not application.is_editable and request.method != "POST":
        for field in form.fields.values():
            field.disabled = True
    stale_edit = None
    if request.method == "POST":
        if form.is_valid():
            try:
                result = application_section_save(
                    application=application, section=slug, data=form.cleaned_data,
                    based_on=form.cleaned_data["version"], by=request.user,
                )
            except ApplicationLocked as exc:
                return _refuse_locked(request, application, autosave, message=" ".join(exc.messages))
            if autosave:
                return _autosave_answer(result)
            if result.saved:
                messages.success(request, _("Saved."))
                return redirect(_next_section_url(application, slug) if "save_next" in request.POST else request.path)
            stale_edit = result.stale_edit
            application = own_application(request, pk)
            form = section_form(application, slug)
        elif autosave:
            return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=422)
    return render(request, "applications/section.html", {
        "application": application, "section": SECTIONS_BY_SLUG[slug], "form": form, "stale_edit": stale_edit,
        "stale_edits": open_stale_section_edits(application=application).filter(section=slug),
        "progress": section_progress(application=application),
    }, status=409 if stale_edit else 400 if form.is_bound and form.errors else 200)


def _autosave_answer(result) -> JsonResponse:
    if result.saved:
        return JsonResponse({"saved": True, "version": result.fingerprint,
                             "saved_at": timezone.localtime(result.application.updated_at).isoformat()})
    return JsonResponse({
        "saved": False, "conflict": True, "version": result.fingerprint,
        "message": _("This section was changed in another tab or window. Nothing was overwritten: reload to see "
                     "both versions."),
    }, status=409)


def _refuse_locked(request, application, autosave, *, message: str):
    if autosave:
        return JsonResponse({"saved": False, "locked": True, "message": message}, status=409)
    messages.error(request, message)
    return redirect("applications:status", pk=application.pk)


def _next_section_url(application: Application, slug: str) -> str:
    slugs = [s.slug for s in SECTIONS]
    following = slugs[slugs.index(slug) + 1] if slugs.index(slug) + 1 < len(slugs) else None
    if following is None:
        return reverse("applications:submit", args=[application.pk])
    return reverse("applications:section", args=[application.pk, following])


@login_required
@require_POST
def stale_edits_dismiss(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    application = own_application(request, pk)
    if slug not in SECTIONS_BY_SLUG:
        raise Http404
    stale_section_edits_dismiss(application=application, section=slug, by=request.user)
    return redirect("applications:section", pk=pk, slug=slug)


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    missing = application_missing_items(application=application)
    status = 200
    if request.method == "POST":
        try:
            application_submit(application=application, by=request.user)
        except SubmissionIncomplete as exc:
            missing, status = exc.missing, 422
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 409
        else:
            messages.success(request, _("Your application has been submitted. A confirmation email is on its way."))
            return redirect("applications:status", pk=pk)
    return render(request, "applications/submit.html", {
        "application": application, "missing": missing,
        "progress": section_progress(application=application, missing=missing),
        "now": timezone.now(),
    }, status=status)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    try:
        application_withdraw(application=application, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("applications:status", pk=pk)
    messages.success(request, _("Your application has been withdrawn. You can change it and submit it again."))
    return redirect("applications:overview", pk=pk)


@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk, parts=())  # the page shows none of the dossier's lists
    return render(request, "applications/status.html", {
        "application": application, "timeline": application_timeline(application=application),
        "emails": application_emails(application=application),
        "can_withdraw": application.status in PRE_REVIEW_STATUSES,
        "eligibility": application_verdict_for_applicant(application=application),
    })
