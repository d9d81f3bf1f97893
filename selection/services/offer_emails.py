"""The emails of the offers: accepted, declined, lapsed, and a seat offered down the waiting list.

An account has no language of its own, and most of these emails are sent by the portal (a lapse, a seat moved
by somebody else's decline), not in answer to the applicant's own request: each is written in English and
then in Korean, as the reviewers' reminders are (``review_reminders``).
"""
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from innocore.services.emails import email_queue
from selection.models import Offer

EMAIL_LANGUAGES = ("en", "ko")


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
    """Queue the email of ``kind`` (accepted, declined, lapsed, open) to the offer's applicant, in both
    languages, under the application's topic (listed on its status page)."""
    application = offer.application
    context = {"application": application, "offer": offer, "previous": previous,
               "url": settings.SITE_URL + reverse("offers:detail", args=[offer.pk])}
    bodies, subjects = [], []
    for language in EMAIL_LANGUAGES:
        with translation.override(language):
            bodies.append(render_to_string(f"selection/emails/offer_{kind}.txt", context))
            subjects.append(_subject(kind=kind, offer=offer))
    email_queue(recipient=application.applicant.email, user=application.applicant, topic=application.email_topic,
                subject=" / ".join(dict.fromkeys(subjects)), body="\n\n---\n\n".join(dict.fromkeys(bodies)))
