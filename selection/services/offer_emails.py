"""The emails of the offers: accepted, declined, lapsed, and a seat offered down the waiting list.

Most of these emails are sent by the portal (a lapse, a seat moved by somebody else's decline), not in answer to
the applicant's own request: each is written in the applicant's own language (``innocore.i18n``), whoever or
whatever acted.
"""
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from innocore.i18n import in_language_of
from innocore.services.emails import email_queue
from selection.models import Offer

def _subject(*, kind: str, offer: Offer) -> str:
    values = {"reference": offer.application.reference, "team": offer.team.name}
    if kind == "accepted":
        return _("Offer accepted: %(team)s (%(reference)s)") % values
    if kind == "declined":
        return _("Offer declined: %(team)s (%(reference)s)") % values
    if kind == "lapsed":
        return _("Offer lapsed: %(team)s (%(reference)s)") % values
    return _("A fellowship seat is offered to you: %(team)s (%(reference)s)") % values


def offer_email_queue(*, offer: Offer, kind: str, previous: Offer | None = None) -> None:
    """Queue the email of ``kind`` (accepted, declined, lapsed, open) to the offer's applicant, in their
    language, under the application's topic (listed on its status page)."""
    application = offer.application
    context = {"application": application, "offer": offer, "previous": previous,
               "url": settings.SITE_URL + reverse("offers:detail", args=[offer.pk])}
    with in_language_of(application.applicant):
        body = render_to_string(f"selection/emails/offer_{kind}.txt", context)
        subject = _subject(kind=kind, offer=offer)
    email_queue(recipient=application.applicant.email, user=application.applicant, topic=application.email_topic,
                subject=subject, body=body)
