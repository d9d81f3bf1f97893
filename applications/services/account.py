"""The applicant's rights under Korea's PIPA: a copy of their data, and deletion.

Referees' letters are the referees' words about the applicant and are never
given to the applicant; the export says that a letter arrived, not what it says.
"""
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Document, Referee
from applications.selectors.dossier import application_canonical_content, dossier_queryset
from innocore.models import EmailMessage, User


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def personal_data_export(*, user: User) -> dict:
    from allauth.account.models import EmailAddress

    applications = dossier_queryset(with_replaced_referees=True).filter(applicant=user)
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email, "given_name": user.first_name, "family_name": user.last_name,
            "orcid": user.orcid, "timezone": user.timezone, "role": user.role,
            "joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "applications": [
            {
                "status": a.status, "created_at": _iso(a.created_at), "submitted_at": _iso(a.submitted_at),
                "submitted_sha256": a.submitted_sha256, "content": application_canonical_content(application=a),
                "documents": [
                    {"kind": d.kind, "file_name": d.original_name, "pages": d.pages, "sha256": d.sha256,
                     "uploaded_at": _iso(d.uploaded_at)} for d in a.documents.all()
                ],
                "referees": [
                    {"name": r.name, "email": r.email, "institution": r.institution, "status": r.status,
                     "requested_at": _iso(r.requested_at), "letter_received_at": _iso(r.letter_received_at)}
                    for r in a.referees.all()
                ],
            }
            for a in applications
        ],
        "emails": [
            {"to": e.recipient, "subject": e.subject, "body": e.body, "status": e.status,
             "created_at": _iso(e.created_at), "sent_at": _iso(e.sent_at)}
            for e in EmailMessage.objects.filter(user=user).order_by("created_at")
        ],
    }


@transaction.atomic
def account_delete(*, user: User, by: User) -> None:
    """Delete the account and everything of it, unless an application is submitted."""
    applications = Application.objects.select_for_update().filter(applicant=user)
    if any(a.is_submitted for a in applications):
        raise ValidationError(
            _("You have a submitted application. Withdraw it before the deadline, or ask the programme office, "
              "before deleting your account.")
        )
    files = list(Document.objects.filter(application__applicant=user).values_list("storage_name", flat=True))
    files += [name for name in Referee.objects.filter(application__applicant=user)
              .values_list("letter_storage_name", flat=True) if name]
    EmailMessage.objects.filter(user=user).delete()
    applications.delete()
    user.delete()

    def remove_files() -> None:
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(remove_files)
