"""The decision email of each applicant of a published match, held in the outbox until staff send it.

Written in the applicant's language, the one they last used the portal in (``innocore.i18n``);
the outbox page shows it for each email.
"""
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.models import Application
from innocore.i18n import in_language_of
from innocore.models import EmailMessage
from innocore.services.emails import email_hold
from selection.models import MatchRun, Placement, PlacementOutcome

def decision_application_id(*, email: EmailMessage) -> int | None:
    """The application a decision email is about, from its topic."""
    _prefix, _separator, pk = email.topic.rpartition(":")
    return int(pk) if pk.isdigit() else None


def decision_topic_prefix(*, run: MatchRun) -> str:
    return f"decision:{run.pk}:"


def decision_topic(*, run: MatchRun, application: Application) -> str:
    return f"{decision_topic_prefix(run=run)}{application.pk}"


def _subject(outcome: str, reference: str) -> str:
    texts = {
        PlacementOutcome.PLACED: _("Your InnoCORE application %(reference)s: you have been selected"),
        PlacementOutcome.WAITLISTED: _("Your InnoCORE application %(reference)s: you are on the waiting list"),
        PlacementOutcome.NOT_PLACED: _("Your InnoCORE application %(reference)s: the decision"),
    }
    return texts[outcome] % {"reference": reference}


def decision_email_hold(*, run: MatchRun, placement: Placement, response_days: int) -> EmailMessage:
    """Compose and hold the email of ``placement`` (its application and applicant selected with it)."""
    application = placement.application
    applicant = application.applicant
    with in_language_of(applicant):
        body = render_to_string("selection/emails/decision.txt", {
            "application": application, "placement": placement, "call": run.call, "team": placement.team,
            "response_days": response_days,
            "link": settings.SITE_URL + reverse("applications:status", args=[application.pk]),
        })
        subject = _subject(placement.outcome, application.reference)
    return email_hold(recipient=applicant.email, user=applicant, subject=subject, body=body,
                      topic=decision_topic(run=run, application=application))
