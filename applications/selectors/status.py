"""Where an application is, and every email sent about it."""
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus
from innocore.models import EmailMessage

STAGES = [
    ("draft", _("Draft")),
    ("submitted", _("Submitted")),
    ("eligibility", _("Eligibility checked")),
    ("review", _("Under review")),
    ("decision", _("Decision")),
]


def application_timeline(*, application: Application) -> list[dict]:
    """The five stages with the one the application has reached marked current."""
    reached = {
        ApplicationStatus.DRAFT: 0, ApplicationStatus.WITHDRAWN: 0, ApplicationStatus.INFO_REQUESTED: 0,
        ApplicationStatus.SUBMITTED: 1,
        ApplicationStatus.ELIGIBILITY_REVIEW: 2, ApplicationStatus.INELIGIBLE: 2,
        ApplicationStatus.AWAITING_REVIEW: 2, ApplicationStatus.UNDER_REVIEW: 3, ApplicationStatus.REVIEWED: 3,
        ApplicationStatus.SELECTED: 4, ApplicationStatus.NOT_SELECTED: 4, ApplicationStatus.WAITLISTED: 4,
        ApplicationStatus.OFFERED: 4, ApplicationStatus.ACCEPTED: 4, ApplicationStatus.DECLINED: 4,
    }.get(application.status, 1)
    return [
        {"key": key, "label": label, "done": index < reached, "current": index == reached}
        for index, (key, label) in enumerate(STAGES)
    ]


def application_emails(*, application: Application) -> QuerySet[EmailMessage]:
    return EmailMessage.objects.filter(topic=application.email_topic).order_by("-created_at", "-id")
