"""Reviewers: staff invite them by email; they set a password through a signed link and
complete their profile themselves.

The link carries the invitation's id and a random nonce, signed and timestamped like the
referees' links; it stops working once used, when a newer invitation replaces it, or
when it expires.
"""
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from innocore.links import LinkRefusals, one_time_link_open, one_time_token
from innocore.models import AuditAction, Call, ResearchTeam, User, UserRole
from innocore.permissions import require_perm
from innocore.services.audit import audit_record
from innocore.services.emails import email_queue
from innocore.services.profile import user_orcid_set
from selection.errors import InvitationLinkInvalid
from selection.models import MAX_LOAD_LIMIT, ReviewerInvitation, ReviewerProfile, split_list

TOKEN_SALT = "selection.reviewer-invitation"
LINK_VALID_FOR = timedelta(days=21)
REQUIRED_FOR_COMPLETE = ("institution", "expertise")


def invitation_token(*, invitation: ReviewerInvitation) -> str:
    return one_time_token(salt=TOKEN_SALT, pk=invitation.pk, nonce=invitation.token_nonce)


def invitation_link(*, invitation: ReviewerInvitation) -> str:
    return settings.SITE_URL + reverse("selection:invitation", args=[invitation_token(invitation=invitation)])


@transaction.atomic
def reviewer_invite(
    *, email: str, by: User, call: Call | None = None, team: ResearchTeam | None = None,
    first_name: str = "", last_name: str = "",
) -> ReviewerInvitation:
    """Create (or find) the reviewer's account and profile and email them a link; a new
    invitation replaces the links of earlier ones."""
    require_perm(by, "selection.manage_reviewers", message=_("Only ministry staff can invite reviewers."))
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, role=UserRole.REVIEWER, first_name=first_name.strip(),
                                        last_name=last_name.strip())
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif user.role != UserRole.REVIEWER:
        raise ValidationError({"email": _("%(email)s already has a portal account as %(role)s; it cannot review.") % {
            "email": email, "role": user.get_role_display()}})
    profile, _created = ReviewerProfile.objects.get_or_create(user=user, defaults={"team": team})
    ReviewerInvitation.objects.filter(user=user, accepted_at__isnull=True).update(token_nonce="")
    invitation = ReviewerInvitation.objects.create(
        email=email, user=user, call=call, invited_by=by, token_nonce=secrets.token_urlsafe(24)
    )
    body = render_to_string("selection/emails/invitation.txt", {
        "invitation": invitation, "call": call, "inviter": by, "link": invitation_link(invitation=invitation),
        "valid_days": LINK_VALID_FOR.days, "has_password": user.has_usable_password(),
    })
    email_subject = _("Invitation to review for the InnoCORE fellowship")
    email_queue(recipient=email, user=user, topic=f"reviewer:{profile.pk}", subject=email_subject, body=body)
    audit_record(by=by, action=AuditAction.REVIEWER_INVITE, target=invitation, label=email,
                 call_code=call.code if call else "")
    return invitation


INVITATION_LINK_REFUSALS = LinkRefusals(
    expired=_lazy("This invitation has expired. Please ask the programme office for a new one."),
    invalid=_lazy("This link is not valid. Please use the link from the email exactly."),
    replaced=_lazy("This link has been replaced by a newer invitation. Please use the latest email."),
    missing=_lazy("This invitation has already been used. Please log in instead."),
)


def invitation_from_token(*, token: str) -> ReviewerInvitation:
    return one_time_link_open(
        token=token, salt=TOKEN_SALT, max_age=LINK_VALID_FOR, refusals=INVITATION_LINK_REFUSALS,
        queryset=ReviewerInvitation.objects.select_related("user", "call"), error=InvitationLinkInvalid,
        spent=lambda invitation: INVITATION_LINK_REFUSALS.missing if invitation.accepted_at is not None else None,
    )


def invitation_needs_password(*, invitation: ReviewerInvitation) -> bool:
    """True for a new account (no password, no second factor): the link sets its password.

    An account that can already log in is never changed through a link: its owner logs in the
    normal way (with the second factor when set up) and then confirms the invitation."""
    user = invitation.user
    return not user.has_usable_password() and not Authenticator.objects.filter(user=user).exists()


def _lock_unused(invitation: ReviewerInvitation) -> ReviewerInvitation:
    locked = ReviewerInvitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if locked.accepted_at is not None or not locked.token_nonce:
        raise InvitationLinkInvalid(_("This invitation has already been used. Please log in instead."))
    return locked


def _use_up(locked: ReviewerInvitation) -> None:
    user = locked.user
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    locked.accepted_at, locked.token_nonce = timezone.now(), ""
    locked.save(update_fields=["accepted_at", "token_nonce"])


@transaction.atomic
def reviewer_invitation_accept(*, invitation: ReviewerInvitation, password: str) -> User:
    """A new account: set the reviewer's password, mark their email verified (the link proved it)
    and use up the link. Refused for an account that can already log in (see invitation_needs_password)."""
    locked = _lock_unused(invitation)
    user = User.objects.select_for_update().get(pk=locked.user_id)
    locked.user = user
    if not invitation_needs_password(invitation=locked):
        raise InvitationLinkInvalid(_("You already have a portal account: log in to accept the invitation."))
    validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _use_up(locked)
    return user


@transaction.atomic
def reviewer_invitation_confirm(*, invitation: ReviewerInvitation, by: User) -> User:
    """An existing account, logged in the normal way, accepts: the link is used up and the email
    marked verified; the password and the second factor stay as they are."""
    locked = _lock_unused(invitation)
    if by.pk != locked.user_id:
        raise ValidationError(_("This invitation is for %(email)s. Log out and log in with that account to accept it.")
                              % {"email": locked.email})
    _use_up(locked)
    return locked.user


@transaction.atomic
def reviewer_profile_update(
    *, profile: ReviewerProfile, by: User, first_name: str, last_name: str, team: ResearchTeam | None,
    institution: str, phd_institution: str = "", phd_year: int | None = None, orcid: str = "", expertise: str,
    max_load: int, is_available: bool = True,
) -> ReviewerProfile:
    if by.pk != profile.user_id and not by.has_perm("selection.manage_reviewers"):
        raise ValidationError(_("Only the reviewer or staff can change this profile."))
    locked = ReviewerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    user = locked.user
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.full_clean(validate_unique=False, exclude=["password"])
    user.save(update_fields=["first_name", "last_name"])
    user_orcid_set(user=user, orcid=orcid)  # the iD lives on the account, checked and unique there
    if not 0 <= max_load <= MAX_LOAD_LIMIT:
        raise ValidationError({"max_load": _("Choose between 0 and %(max)d.") % {"max": MAX_LOAD_LIMIT}})
    locked.team, locked.institution, locked.phd_institution = team, institution.strip(), phd_institution.strip()
    locked.phd_year, locked.max_load, locked.is_available = phd_year, max_load, is_available
    locked.expertise = ", ".join(split_list(expertise))
    locked.full_clean()
    missing = [name for name in REQUIRED_FOR_COMPLETE if not getattr(locked, name)]
    if not (user.first_name and user.last_name):
        missing.append("name")
    if missing:
        locked.profile_completed_at = None
    elif locked.profile_completed_at is None:
        locked.profile_completed_at = timezone.now()
    locked.save()
    audit_record(by=by, action=AuditAction.REVIEWER_PROFILE, target=locked, label=user.email)
    return locked
