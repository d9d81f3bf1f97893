"""Closing an account (PIPA's right to erasure), with an outcome defined for every role.

- Applicants: the account is deleted with everything of it (drafts, documents, referees and
  their letters, the emails to the applicant and those to referees, which name the applicant),
  unless an application is submitted: then it is refused until it is withdrawn.
- Reviewers and staff: others rely on their work (assignments, conflicts of interest, overrides, the audit
  trail), so the account is anonymised and deactivated instead (``innocore.services.account``).
"""
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, Document, Referee
from innocore.models import AuditAction, EmailMessage, User, UserRole
from innocore.services.account import user_anonymise
from innocore.services.audit import audit_record
from innocore.storage import documents_storage


class AccountClosing(StrEnum):
    DELETED = "deleted"
    ANONYMISED = "anonymised"


def account_closing_for(*, user: User) -> AccountClosing:
    """What closing this account does: applicants' accounts are deleted, everyone else's anonymised."""
    if user.role == UserRole.APPLICANT and not (user.is_staff or user.is_superuser):
        return AccountClosing.DELETED
    return AccountClosing.ANONYMISED


@transaction.atomic
def account_delete(*, user: User, by: User) -> AccountClosing:
    """Close the account as ``account_closing_for`` says; ValidationError while an application is submitted."""
    closing = account_closing_for(user=user)
    if closing == AccountClosing.ANONYMISED:
        audit_record(by=by, action=AuditAction.ACCOUNT_DELETE, target=user, label=f"user {user.pk}",
                     data={"outcome": str(closing), "role": user.role})
        user_anonymise(user=user)
        return closing
    _applicant_delete(user=user, by=by)
    return closing


def _applicant_delete(*, user: User, by: User) -> None:
    applications = list(Application.objects.select_for_update().filter(applicant=user))
    if any(a.is_submitted for a in applications):
        raise ValidationError(
            _("You have a submitted application. Withdraw it before the deadline, or ask the programme office, "
              "before deleting your account.")
        )
    files = list(Document.objects.filter(application__applicant=user).values_list("storage_name", flat=True))
    files += [name for name in Referee.objects.filter(application__applicant=user)
              .values_list("letter_storage_name", flat=True) if name]
    audit_record(by=by, action=AuditAction.ACCOUNT_DELETE, target=user, label=f"user {user.pk}",
                 data={"outcome": str(AccountClosing.DELETED), "role": user.role, "applications": len(applications)})
    # The emails to referees name the applicant in subject and body; they are filed under the application's topic.
    EmailMessage.objects.filter(topic__in=[a.email_topic for a in applications]).delete()
    EmailMessage.objects.filter(user=user).delete()
    Application.objects.filter(pk__in=[a.pk for a in applications]).delete()
    user.delete()

    def remove_files() -> None:
        for name in files:
            documents_storage().delete(name)

    transaction.on_commit(remove_files)
