"""Submitting and withdrawing. The server's clock decides the deadline."""
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.errors import ApplicationLocked, DeadlinePassed, SubmissionIncomplete
from applications.models import PRE_REVIEW_STATUSES, Application, ApplicationStatus
from applications.selectors.dossier import (
    application_canonical_content, application_for_applicant, application_missing_items, content_sha256,
)
from applications.services.dossier import application_lock_for_edit
from applications.services.eligibility import application_eligibility_queue
from applications.services.status import application_status_change
from innocore.models import User
from innocore.services.emails import email_queue
from innocore.i18n import in_language_of


def _refuse_after_deadline(application: Application, now: datetime, action: str) -> None:
    if now >= application.call.closes_at:
        closes = timezone.localtime(application.call.closes_at).strftime("%Y-%m-%d %H:%M KST")
        raise DeadlinePassed(
            _("The call closed at %(closes)s; it is no longer possible to %(action)s. Your draft is kept.")
            % {"closes": closes, "action": action}
        )


@transaction.atomic
def application_submit(*, application: Application, by: User, now: datetime | None = None) -> Application:
    """Freeze the application if it is complete and the call is open; email a confirmation."""
    now = now or timezone.now()
    locked = application_lock_for_edit(application=application)
    fresh = application_for_applicant(applicant=locked.applicant, pk=locked.pk)
    if locked.status != ApplicationStatus.INFO_REQUESTED:
        # When the programme asked for more information, answering it is allowed after closing.
        _refuse_after_deadline(fresh, now, _("submit"))
    missing = application_missing_items(application=fresh)
    if missing:
        raise SubmissionIncomplete(missing)
    locked = application_status_change(application=locked, to=ApplicationStatus.SUBMITTED, by=by, now=now, fields={
        "submitted_at": now, "withdrawn_at": None, "version": locked.version + 1,
        "submitted_sha256": content_sha256(application_canonical_content(application=fresh)),
    })
    with in_language_of(locked.applicant):
        body = render_to_string("applications/emails/submitted.txt", {
            "application": locked, "call": fresh.call, "site_url": settings.SITE_URL,
            "status_url": settings.SITE_URL + reverse("applications:status", args=[locked.pk]),
        })
        subject = _("Application %(reference)s received") % {"reference": locked.reference}
    email_queue(recipient=locked.applicant.email, user=locked.applicant, topic=locked.email_topic, subject=subject,
                body=body)
    application_eligibility_queue(application=locked)
    return locked


@transaction.atomic
def application_withdraw(*, application: Application, by: User, now: datetime | None = None) -> Application:
    """Withdraw a submitted application before the deadline; it can be edited and submitted again."""
    now = now or timezone.now()
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.status not in PRE_REVIEW_STATUSES:
        raise ApplicationLocked(_("Only a submitted application that is not yet under review can be withdrawn."))
    _refuse_after_deadline(locked, now, _("withdraw"))
    locked = application_status_change(application=locked, to=ApplicationStatus.WITHDRAWN, by=by, now=now,
                                       fields={"withdrawn_at": now, "version": locked.version + 1})
    with in_language_of(locked.applicant):
        subject = _("Application %(reference)s withdrawn") % {"reference": locked.reference}
        body = render_to_string("applications/emails/withdrawn.txt", {"application": locked, "call": locked.call})
    email_queue(recipient=locked.applicant.email, user=locked.applicant, topic=locked.email_topic, subject=subject,
                body=body)
    return locked
