"""Reviewing: confirm no conflict of interest, read the dossier (blinded if the call says so), score and submit.

Every page about one application answers 404 unless ``selection.review_application`` allows it (an assigned
reviewer with no conflict), exactly as for an unknown id. Each dossier page, document and letter served is
recorded in the audit trail by the applications side's services, as for staff.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from applications.models import Application
from applications.selectors.staff_dossier import numbered_referees, staff_application
from applications.services.dossier_access import dossier_view_record
from applications.views.private_files import document_response, letter_response
from innocore.forms import form_add_service_error
from selection.errors import ConflictOfInterestNotDeclarable, ReviewDeadlinePassed, ReviewLocked
from selection.forms import ReviewForm
from selection.models import Assignment, Review, ReviewerProfile
from selection.selectors.reviews import (
    other_submitted_reviews, review_closed_since, review_kept_versions, review_of, review_settings, reviewer_assignment,
    reviewer_dossier, reviewer_view, rubric,
)
from selection.services.conflicts_of_interest import conflict_of_interest_declare
from selection.services.reviews import (
    review_deadline_message, review_get_or_create, review_save, review_start, review_submit,
)


def _reviewing(request: HttpRequest, application: Application | None) -> tuple[ReviewerProfile, Application, Assignment]:
    """The reviewer, the application and their assignment; 404 for anyone else, as for an unknown id."""
    profile = ReviewerProfile.objects.filter(user_id=request.user.pk).first()
    if profile is None or application is None or not request.user.has_perm("selection.review_application", application):
        raise Http404
    assignment = reviewer_assignment(application=application, reviewer=profile)
    if assignment is None:
        raise Http404
    return profile, application, assignment


def _started(request: HttpRequest, pk: int, *, full: bool = False):
    """As ``_reviewing``, and None for the assignment when the conflict question is still open."""
    application = reviewer_dossier(pk=pk) if full else staff_application(pk=pk)
    profile, application, assignment = _reviewing(request, application)
    return profile, application, (assignment if assignment.review_started_at else None)


@never_cache
@login_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """The conflict question: confirm none (the dossier opens) or declare one (back to staff for reassignment)."""
    profile, application, assignment = _reviewing(request, staff_application(pk=pk))
    if assignment.review_started_at:
        return redirect("selection:review_dossier", pk=pk)
    status = 200
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "confirm":
            try:
                review_start(application=application, reviewer=profile, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 409
            else:
                return redirect("selection:review_dossier", pk=pk)
        elif decision == "declare":
            try:
                conflict_of_interest_declare(reviewer=profile, application=application, by=request.user,
                                             detail=request.POST.get("detail", "")[:2000])
            except (ConflictOfInterestNotDeclarable, ValidationError) as exc:
                messages.error(request, " ".join(exc.messages))
                status = 409
            else:
                messages.success(request, _("Thank you: staff will give this application to another reviewer."))
                return redirect("selection:my_assignments")
        else:
            messages.error(request, _("Please confirm that you have no conflict of interest, or declare one."))
            status = 400
    settings = review_settings(call=application.call)
    return render(request, "selection/review/start.html", {
        "application": reviewer_view(application=application, blind=settings.blind), "settings": settings,
    }, status=status)


@never_cache
@require_safe
@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    profile, application, assignment = _started(request, pk, full=True)
    if assignment is None:
        return redirect("selection:review_start", pk=pk)
    dossier_view_record(application=application, by=request.user)
    settings = review_settings(call=application.call)
    return render(request, "selection/review/dossier.html", {
        "application": reviewer_view(application=application, blind=settings.blind), "call": application.call,
        "blind": settings.blind, "settings": settings,
        "teams": sorted(application.team_preferences.all(), key=lambda p: p.rank),
        "referees": numbered_referees(application=application),
        "review": review_of(application=application, reviewer=profile),
    })


@never_cache
@require_safe
@login_required
def document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    _profile, application, assignment = _started(request, pk)
    if not assignment:
        raise Http404
    return document_response(request, application=application, document_pk=document_pk)


@never_cache
@require_safe
@login_required
def letter(request: HttpRequest, pk: int, referee_pk: int) -> FileResponse:
    _profile, application, assignment = _started(request, pk)
    if not assignment:
        raise Http404
    return letter_response(request, application=application, referee_pk=referee_pk)


def _initial(review: Review | None) -> dict:
    if review is None:
        return {"version": 1}
    initial = {"version": review.version, "recommendation": review.recommendation, "confidence": review.confidence,
               "comment_to_staff": review.comment_to_staff, "note_to_applicant": review.note_to_applicant}
    initial.update({f"score_{key}": value for key, value in review.scores.items()})
    return initial


def _answer_autosave(*, saved: bool, review: Review, message: str = "", status: int = 200) -> JsonResponse:
    if saved:
        return JsonResponse({"saved": True, "version": review.version,
                             "saved_at": timezone.localtime(review.updated_at).isoformat()})
    return JsonResponse({"saved": False, "conflict": True, "version": review.version, "message": message},
                        status=status)


@never_cache
@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The scoring form: autosaved as a draft (JSON answers for the script), submitted once."""
    profile, application, assignment = _started(request, pk)
    if assignment is None:
        return redirect("selection:review_start", pk=pk)
    criteria = rubric(call=application.call)
    current = review_of(application=application, reviewer=profile)
    autosave = request.headers.get("X-Autosave") == "1"
    form = ReviewForm(request.POST if request.method == "POST" else None, initial=_initial(current), criteria=criteria)
    settings = review_settings(call=application.call)
    closed = review_closed_since(review=current, settings=settings)
    status, stale_edit = 200, None
    if request.method == "POST" and current is not None and current.is_submitted:
        message = _("This review has been submitted; only staff can re-open it.")
        if autosave:
            return JsonResponse({"saved": False, "locked": True, "message": message}, status=409)
        messages.error(request, message)
        return redirect("selection:review_form", pk=pk)
    if request.method == "POST" and closed is not None:
        message = review_deadline_message(deadline=closed)
        if autosave:
            return JsonResponse({"saved": False, "locked": True, "deadline": True, "message": message}, status=409)
        form.is_valid()
        form.add_error(None, message)
        status = 409
    elif request.method == "POST":
        if not form.is_valid():
            if autosave:
                return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=422)
            status = 400
        else:
            form, status, stale_edit, answer = _post(request, application=application, profile=profile,
                                                     current=current, form=form, criteria=criteria, autosave=autosave)
            if answer is not None:
                return answer
            current = review_of(application=application, reviewer=profile)
    return render(request, "selection/review/review.html", {
        "application": application, "form": form, "review": current, "criteria": criteria, "stale_edit": stale_edit,
        "kept": review_kept_versions(review=current) if current and not current.is_submitted else [],
        "others": other_submitted_reviews(application=application, reviewer=profile),
        "settings": settings, "closed": closed,
    }, status=status)


def _post(request: HttpRequest, *, application, profile, current, form, criteria, autosave: bool):
    """Save the valid form (and submit it if asked): (form, status, kept stale edit, early answer or None)."""
    own = current or review_get_or_create(application=application, reviewer=profile)
    pk = application.pk
    try:
        result = review_save(review=own, data=form.review_data(), based_on=form.cleaned_data["version"],
                             by=request.user)
    except ReviewDeadlinePassed as exc:  # the deadline passed between the page's check and the service's
        if autosave:
            return form, 409, None, JsonResponse({"saved": False, "locked": True, "deadline": True,
                                                  "message": str(exc)}, status=409)
        form.add_error(None, str(exc))
        return form, 409, None, None
    except ReviewLocked as exc:
        if autosave:
            return form, 409, None, JsonResponse({"saved": False, "locked": True, "message": str(exc)}, status=409)
        messages.error(request, str(exc))
        return form, 302, None, redirect("selection:review_form", pk=pk)
    except ValidationError as exc:
        if autosave:
            return form, 422, None, JsonResponse({"saved": False, "errors": exc.messages}, status=422)
        form_add_service_error(form, exc)
        return form, 400, None, None
    if autosave:
        return form, 200, None, _answer_autosave(saved=result.saved, review=result.review, status=409, message=_(
            "This review was changed in another window. Nothing was overwritten: reload to see both versions."))
    if not result.saved:
        return ReviewForm(initial=_initial(result.review), criteria=criteria), 409, result.stale_edit, None
    if "submit" not in request.POST:
        messages.success(request, _("Draft saved."))
        return form, 302, None, redirect("selection:review_form", pk=pk)
    try:
        review_submit(review=result.review, based_on=result.review.version, by=request.user)
    except ValidationError as exc:
        # The draft is saved; the page shows it, at its new version, with what is missing.
        data = request.POST.copy()
        data["version"] = str(result.review.version)
        form = ReviewForm(data, criteria=criteria)
        form.is_valid()
        form_add_service_error(form, exc)
        return form, 400, None, None
    except ReviewLocked as exc:  # the deadline passed a moment ago: the draft is saved, the page says why
        form.add_error(None, str(exc))
        return form, 409, None, None
    messages.success(request, _("Thank you: your review has been submitted."))
    return form, 302, None, redirect("selection:review_form", pk=pk)
