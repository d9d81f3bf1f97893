"""Staff: the reviews of an application, and re-opening a submitted one with a reason the audit trail keeps."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from applications.selectors.staff_dossier import staff_application
from innocore.forms import form_add_service_error
from innocore.permissions import require_perm
from selection.forms import ReopenReviewForm
from selection.models import Review
from selection.selectors.reviews import application_reviews as application_reviews_list
from selection.selectors.reviews import rubric
from selection.services.reviews import review_reopen


@login_required
def reopen(request: HttpRequest, review_id: int) -> HttpResponse:
    require_perm(request.user, "selection.reopen_review")
    review = get_object_or_404(Review.objects.select_related("application__call", "reviewer__user"), pk=review_id)
    form = ReopenReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review_reopen(review=review, reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as exc:
                form_add_service_error(form, exc)
                status = 409 if not hasattr(exc, "error_dict") else 400
            else:
                messages.success(request, _("The review is open again; the reviewer can change and submit it."))
                return redirect("selection:application_reviews", pk=review.application_id)
        else:
            status = 400
    return render(request, "selection/review/reopen.html", {"review": review, "form": form}, status=status)


@require_safe
@login_required
def application_reviews(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviews of one application, for staff who may read its dossier (404 for anyone else)."""
    application = staff_application(pk=pk)
    if application is None or not request.user.has_perm("applications.view_dossier", application):
        raise Http404
    return render(request, "selection/review/application_reviews.html", {
        "application": application, "rows": application_reviews_list(application=application),
        "criteria": rubric(call=application.call),
        "can_reopen": request.user.has_perm("selection.reopen_review", application),
    })
