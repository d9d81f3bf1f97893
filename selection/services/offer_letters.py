"""Issuing the offer letter of an accepted offer: render it, keep its SHA-256 with the offer, audit the download."""
from django.db import transaction

from innocore.models import AuditAction, User
from innocore.services.audit import audit_record
from selection.models import Offer, OfferStatus
from selection.offer_letter import offer_letter_render


@transaction.atomic
def offer_letter_issue(*, offer: Offer, by: User) -> bytes:
    """The letter's PDF for ``by`` (the fellow or staff; the view checks who). The SHA-256 of its facts is
    stored on the offer; if the facts changed since the last letter (the call's terms were edited), the new
    hash replaces the old one and the audit row keeps both."""
    if offer.status != OfferStatus.ACCEPTED:
        raise ValueError("an offer letter exists only for an accepted offer")
    pdf, sha256 = offer_letter_render(offer=offer)
    previous = offer.letter_sha256
    if previous != sha256:
        Offer.objects.filter(pk=offer.pk).update(letter_sha256=sha256)
        offer.letter_sha256 = sha256
    audit_record(by=by, action=AuditAction.OFFER_LETTER, target=offer,
                 label=f"{offer.application.reference} {offer.team.code}", call_code=offer.call.code,
                 data={"sha256": sha256, "previous": previous if previous != sha256 else None})
    return pdf
