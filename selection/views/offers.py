"""The applicant's offers: see them, accept or decline with a confirmation, download the letter once accepted;
and the letter for staff.

An offer that is not the user's (or not sent yet) answers 404, as an unknown id does.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from innocore.permissions import require_perm
from selection.forms import OfferAnswerForm
from selection.models import Offer, OfferStatus
from selection.selectors.offers import offer_history, offers_visible_to_applicant
from selection.services.offer_letters import offer_letter_issue
from selection.services.offers import offer_accept, offer_decline


def _offer(offer_id: int) -> Offer:
    offer = (Offer.objects.select_related("application__applicant", "team__institute", "call", "replaces__team")
             .filter(pk=offer_id).first())
    if offer is None:
        raise Http404
    return offer


def own_offer(request: HttpRequest, offer_id: int) -> Offer:
    offer = _offer(offer_id)
    if not request.user.has_perm("selection.respond_to_offer", offer):
        raise Http404
    return offer


def _detail(request: HttpRequest, offer: Offer, *, status: int = 200) -> HttpResponse:
    return render(request, "selection/offers/detail.html", {
        "offer": offer, "call": offer.call, "history": offer_history(offer=offer),
        "salary": f"{offer.call.salary_krw:,}", "funding": f"{offer.call.research_funding_krw:,}",
        "answerable": offer.status == OfferStatus.OPEN and offer.respond_by > timezone.now(),
    }, status=status)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "selection/offers/mine.html", {"offers": offers_visible_to_applicant(user=request.user)})


@login_required
@require_GET
def detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    return _detail(request, own_offer(request, offer_id))


@login_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, offer_id: int) -> HttpResponse:
    return _answer(request, own_offer(request, offer_id), accepting=True)


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, offer_id: int) -> HttpResponse:
    return _answer(request, own_offer(request, offer_id), accepting=False)


def _answer(request: HttpRequest, offer: Offer, *, accepting: bool) -> HttpResponse:
    """The confirmation page (GET) and the answer (POST). An offer that can no longer be answered sends a GET
    back to the offer page and refuses a POST with 409 and the reason."""
    if offer.status != OfferStatus.OPEN or offer.respond_by <= timezone.now():
        if request.method == "GET":
            messages.info(request, _("This offer can no longer be answered."))
            return redirect("offers:detail", offer_id=offer.pk)
        messages.error(request, _("This offer can no longer be answered."))
        return _detail(request, offer, status=409)
    form = OfferAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        service = offer_accept if accepting else offer_decline
        try:
            service(offer=offer, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as refusal:  # closed meanwhile (OfferClosed), or a status that no longer fits
            messages.error(request, refusal.messages[0])
            return _detail(request, _offer(offer.pk), status=409)
        messages.success(request, _("You have accepted the offer.") if accepting else _("You have declined the offer."))
        return redirect("offers:detail", offer_id=offer.pk)
    return render(request, "selection/offers/answer.html", {"offer": offer, "form": form, "accepting": accepting},
                  status=400 if form.is_bound else 200)


def _letter_response(offer: Offer, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="offer-letter-{offer.application.reference}.pdf"'
    return response


@login_required
@require_GET
def letter(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = own_offer(request, offer_id)
    if offer.status != OfferStatus.ACCEPTED:
        messages.error(request, _("The offer letter exists once you have accepted the offer."))
        return redirect("offers:detail", offer_id=offer.pk)
    return _letter_response(offer, offer_letter_issue(offer=offer, by=request.user))


@login_required
@require_GET
def staff_letter(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Staff: 403 for non-staff, 404 for an offer out of their scope or not accepted (no letter exists)."""
    require_perm(request.user, "innocore.view_staff_pages")
    offer = _offer(offer_id)
    if offer.status != OfferStatus.ACCEPTED or not request.user.has_perm("selection.view_offer_letter", offer):
        raise Http404
    return _letter_response(offer, offer_letter_issue(offer=offer, by=request.user))
