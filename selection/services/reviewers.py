"""Reviewers: staff invite them by email; they set a password through a signed link and
complete their profile themselves.

The link carries the invitation's id and a random nonce, signed and timestamped like the
referees' links; it stops working once used, when a newer invitation replaces it, or
when it expires.
"""
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innocore.links import LinkExpired, LinkInvalid, nonce_matches, one_time_token, one_time_token_read
from innocore.models import Call, ResearchTeam, User, UserRole
from innocore.permissions import is_programme_staff
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
    return invitation


def invitation_from_token(*, token: str) -> ReviewerInvitation:
    try:
        pk, nonce = one_time_token_read(token=token, salt=TOKEN_SALT, max_age=LINK_VALID_FOR)
    except LinkExpired:
        raise InvitationLinkInvalid(_("This invitation has expired. Please ask the programme office for a new one.")) from None
    except LinkInvalid:
        raise InvitationLinkInvalid(_("This link is not valid. Please use the link from the email exactly.")) from None
    invitation = ReviewerInvitation.objects.select_related("user", "call").filter(pk=pk).first()
    if invitation is None or invitation.accepted_at is not None:
        raise InvitationLinkInvalid(_("This invitation has already been used. Please log in instead."))
    if not nonce_matches(stored=invitation.token_nonce, presented=nonce):
        raise InvitationLinkInvalid(_("This link has been replaced by a newer invitation. Please use the latest email."))
    return invitation


@transaction.atomic
def reviewer_invitation_accept(*, invitation: ReviewerInvitation, password: str) -> User:
    """Set the reviewer's password, mark their email verified (the link proved it) and use up the link."""
    locked = ReviewerInvitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if locked.accepted_at is not None or not locked.token_nonce:
        raise InvitationLinkInvalid(_("This invitation has already been used. Please log in instead."))
    user = locked.user
    validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    locked.accepted_at, locked.token_nonce = timezone.now(), ""
    locked.save(update_fields=["accepted_at", "token_nonce"])
    return user


@transaction.atomic
def reviewer_profile_update(
    *, profile: ReviewerProfile, by: User, first_name: str, last_name: str, team: ResearchTeam | None,
    institution: str, phd_institution: str = "", phd_year: int | None = None, orcid: str = "", expertise: str,
    languages: str = "en", max_load: int, is_available: bool = True,
) -> ReviewerProfile:
    if by.pk != profile.user_id and not is_programme_staff(by):
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
    locked.languages = ", ".join(split_list(languages)) or "en"
    locked.full_clean()
    missing = [name for name in REQUIRED_FOR_COMPLETE if not getattr(locked, name)]
    if not (user.first_name and user.last_name):
        missing.append("name")
    if missing:
        locked.profile_completed_at = None
    elif locked.profile_completed_at is None:
        locked.profile_completed_at = timezone.now()
    locked.save()
    return locked
