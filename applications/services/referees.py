"""Referees: a one-time signed link by email, a letter uploaded without an account.

The link carries the referee's id and a random nonce, signed with the
project's secret and timestamped. It stops working when it expires, when the
letter has been uploaded (the nonce is cleared) or when the referee is replaced.
"""
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from applications.documents import validation
from applications.errors import RefereeLinkInvalid
from applications.models import Application, Referee, RefereeStatus
from applications.selectors.dossier import MAX_REFEREES, document_max_bytes
from applications.services.dossier import application_lock_for_edit
from applications.services.documents import checked_pdf, store_pdf
from innocore.links import LinkRefusals, one_time_link_open, one_time_token
from innocore.models import AuditAction, User
from innocore.services.audit import audit_record
from innocore.services.emails import email_queue
from innocore.i18n import in_language_of

TOKEN_SALT = "applications.referee-letter"
LINK_VALID_FOR = timedelta(days=30)
REMIND_AT_MOST_EVERY = timedelta(hours=24)
# A letter is checked like a CV (same content rules) with its own page cap.
LETTER_MAX_PAGES = 6


def referee_token(*, referee: Referee) -> str:
    return one_time_token(salt=TOKEN_SALT, pk=referee.pk, nonce=referee.token_nonce)


def referee_link(*, referee: Referee) -> str:
    return settings.SITE_URL + reverse("applications:referee_letter", args=[referee_token(referee=referee)])


REFEREE_LINK_REFUSALS = LinkRefusals(
    expired=_lazy("This link has expired. Please ask the applicant to send you a new one."),
    invalid=_lazy("This link is not valid. Please use the link from the email exactly."),
    replaced=_lazy("This link has been replaced by a newer one. Please use the latest email."),
    missing=_lazy("This link is no longer valid: the applicant has named another referee."),
)


def _referee_link_spent(referee: Referee) -> str | None:
    if referee.status == RefereeStatus.REPLACED:
        return REFEREE_LINK_REFUSALS.missing
    if referee.status == RefereeStatus.RECEIVED or not referee.token_nonce:
        return _("This link has already been used: your letter was received. Thank you.")
    return None


def referee_from_token(*, token: str) -> Referee:
    """The referee a link belongs to, or RefereeLinkInvalid saying why it no longer works."""
    return one_time_link_open(
        token=token, salt=TOKEN_SALT, max_age=LINK_VALID_FOR, refusals=REFEREE_LINK_REFUSALS,
        queryset=Referee.objects.select_related("application", "application__call"), error=RefereeLinkInvalid,
        spent=_referee_link_spent,
    )


def _send_request(referee: Referee, *, reminder: bool) -> None:
    application = referee.application
    # A referee has no account: they get the applicant's language (the applicant chose them and knows what
    # language they share), not the language of whoever pressed the button.
    with in_language_of(application.applicant):
        subject = (
            _("Reminder: recommendation letter for %(name)s") if reminder else _("Recommendation letter for %(name)s")
        ) % {"name": application.full_name or application.applicant.email}
        body = render_to_string("applications/emails/referee_request.txt", {
            "referee": referee, "application": application, "call": application.call, "reminder": reminder,
            "link": referee_link(referee=referee), "valid_days": LINK_VALID_FOR.days,
        })
    email_queue(recipient=referee.email, topic=application.email_topic, subject=subject, body=body)


@transaction.atomic
def referee_invite(
    *, application: Application, name: str, email: str, institution: str = "", relationship: str = "", by: User
) -> Referee:
    locked = application_lock_for_edit(application=application)
    active = Referee.objects.filter(application=locked).exclude(status=RefereeStatus.REPLACED)
    if active.count() >= MAX_REFEREES:
        raise ValidationError(_("You can name at most %(max)d referees.") % {"max": MAX_REFEREES})
    email = email.strip().lower()
    if email == locked.applicant.email.lower():
        raise ValidationError({"email": _("A referee cannot be yourself.")})
    if active.filter(email=email).exists():
        raise ValidationError({"email": _("You have already named this referee.")})
    referee = Referee.objects.create(
        application=locked, name=name.strip(), email=email, institution=institution.strip(),
        relationship=relationship.strip(), token_nonce=secrets.token_urlsafe(24),
    )
    _send_request(referee, reminder=False)
    audit_record(by=by, action=AuditAction.REFEREE_INVITE, target=referee, label=locked.reference,
                 call_code=locked.call.code)
    return referee


@transaction.atomic
def referee_remind(*, referee: Referee, by: User, now=None) -> Referee:
    now = now or timezone.now()
    locked = Referee.objects.select_for_update().select_related("application", "application__call").get(pk=referee.pk)
    if locked.status != RefereeStatus.REQUESTED:
        raise ValidationError(_("Only a referee whose letter has not arrived can be reminded."))
    last = locked.last_reminded_at or locked.requested_at
    if now - last < REMIND_AT_MOST_EVERY:
        raise ValidationError(_("This referee was emailed less than 24 hours ago; please wait before reminding again."))
    locked.last_reminded_at = now
    locked.reminders_sent += 1
    locked.save(update_fields=["last_reminded_at", "reminders_sent"])
    _send_request(locked, reminder=True)
    audit_record(by=by, action=AuditAction.REFEREE_REMIND, target=locked, label=locked.application.reference,
                 call_code=locked.application.call.code, data={"reminders_sent": locked.reminders_sent})
    return locked


@transaction.atomic
def referee_replace(
    *, referee: Referee, name: str, email: str, institution: str = "", relationship: str = "", by: User
) -> Referee:
    """Retire a referee (their link stops working) and invite another in their place."""
    locked = Referee.objects.select_for_update().get(pk=referee.pk)
    if locked.status == RefereeStatus.REPLACED:
        raise ValidationError(_("This referee has already been replaced."))
    locked.status = RefereeStatus.REPLACED
    locked.token_nonce = ""
    locked.save(update_fields=["status", "token_nonce"])
    successor = referee_invite(
        application=locked.application, name=name, email=email, institution=institution,
        relationship=relationship, by=by,
    )
    audit_record(by=by, action=AuditAction.REFEREE_REPLACE, target=locked, label=successor.application.reference,
                 call_code=successor.application.call.code, data={"replaced_by": successor.pk})
    return successor


@transaction.atomic
def referee_letter_upload(*, token: str, file) -> Referee:
    """Store a referee's letter once; the link is spent by the upload."""
    referee = referee_from_token(token=token)
    locked = Referee.objects.select_for_update().select_related("application__call", "application__applicant").get(
        pk=referee.pk
    )
    if locked.status != RefereeStatus.REQUESTED or not locked.token_nonce:
        raise RefereeLinkInvalid(_("This link has already been used: your letter was received. Thank you."))
    data, check = checked_pdf(
        file=file, kind=validation.DocumentKind.CV, max_bytes=document_max_bytes(application=locked.application),
        max_pages=LETTER_MAX_PAGES,
    )
    locked.letter_storage_name = store_pdf(data=data)
    locked.letter_sha256 = check.sha256
    locked.letter_received_at = timezone.now()
    locked.status = RefereeStatus.RECEIVED
    locked.token_nonce = ""
    locked.save()
    application = locked.application
    with in_language_of(application.applicant):
        subject = _("A recommendation letter for %(reference)s has arrived") % {"reference": application.reference}
        body = render_to_string("applications/emails/letter_received.txt",
                                {"referee": locked, "application": application})
    email_queue(recipient=application.applicant.email, user=application.applicant, topic=application.email_topic,
                subject=subject, body=body)
    return locked
