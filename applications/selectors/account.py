"""The applicant's copy of their data (PIPA's right of access).

Referees' letters are the referees' words about the applicant (third-party data) and
are never given to the applicant; the export says that a letter arrived, not what it
says, and says so in ``referee_letters``. Emails to referees are left out for the same
reason, and because they carry the referee's private upload link.
"""
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, EligibilityVerdict
from applications.selectors.dossier import application_canonical_content, dossier_queryset
from innocore.models import EmailMessage, User


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _verdict(application: Application) -> dict | None:
    try:
        verdict = application.eligibility_verdict
    except EligibilityVerdict.DoesNotExist:
        return None
    return {
        "outcome": verdict.effective_outcome, "checked_at": _iso(verdict.checked_at),
        "reviewed_by_staff": verdict.is_overridden,
        "lines": [
            {"rule": line["code"], "outcome": line["outcome"], "message_en": line.get("message_en", ""),
             "message_ko": line.get("message_ko", "")}
            for line in verdict.lines if line.get("concerns_applicant")
        ],
    }


def _application(a: Application) -> dict:
    return {
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
        "eligibility": _verdict(a),
    }


def personal_data_export(*, user: User) -> dict:
    applications = dossier_queryset(with_replaced_referees=True).select_related("eligibility_verdict").prefetch_related(
        "eligibility_verdict__overrides"
    ).filter(applicant=user)
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
        "applications": [_application(a) for a in applications],
        "referee_letters": _(
            "Withheld: the letters your referees uploaded are their own words about you, which is personal data of "
            "the referees (third parties), so they are not part of this export. For each referee it says whether "
            "and when a letter arrived."
        ),
        "emails": [
            {"to": e.recipient, "subject": e.subject, "body": e.body, "status": e.status,
             "created_at": _iso(e.created_at), "sent_at": _iso(e.sent_at)}
            for e in EmailMessage.objects.filter(user=user).order_by("created_at")
        ],
    }
