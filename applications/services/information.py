"""Staff ask an applicant for more information: the application re-opens for editing."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.models import PRE_REVIEW_STATUSES, Application, ApplicationStatus
from applications.services.status import application_status_change
from innocore.models import AuditAction, User
from innocore.permissions import require_perm
from innocore.services.emails import email_queue
from innocore.i18n import in_language_of


@transaction.atomic
def application_information_request(*, application: Application, message: str, by: User) -> Application:
    """Re-open a submitted application with a message saying what is needed; it can be re-submitted
    even after the deadline, since the programme asked for it."""
    if not message.strip():
        raise ValidationError({"message": _("Say what information is needed.")})
    require_perm(by, "applications.request_information", application,
                 message=_("Only staff of the application's institute or of the ministry can ask for information."))
    locked = Application.objects.select_for_update(of=("self",)).select_related("applicant", "call").get(
        pk=application.pk
    )
    if locked.status not in PRE_REVIEW_STATUSES:
        raise ValidationError(_("Only a submitted application that is not yet under review can be re-opened."))
    application_status_change(
        application=locked, to=ApplicationStatus.INFO_REQUESTED, by=by, reason=message.strip(),
        fields={"version": locked.version + 1}, audit_action=AuditAction.INFORMATION_REQUEST,
    )
    with in_language_of(locked.applicant):
        subject = _("More information needed for your application %(reference)s") % {"reference": locked.reference}
        body = render_to_string("applications/emails/information_requested.txt", {
            "application": locked, "message": message.strip(),
            "url": settings.SITE_URL + reverse("applications:overview", args=[locked.pk]),
        })
    email_queue(recipient=locked.applicant.email, user=locked.applicant, topic=locked.email_topic, subject=subject,
                body=body)
    return locked
