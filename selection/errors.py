from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class InvitationLinkInvalid(Exception):
    """A reviewer invitation link that cannot be used; the message says why, for the visitor."""


class ConflictOfInterestNotDeclarable(ValidationError):
    """The application is unknown, or not one the reviewer may declare a conflict on: both answer alike,
    with one message, so that an id reveals nothing about another reviewer's applications."""

    def __init__(self) -> None:
        super().__init__(_("None of the applications assigned to you has that number."), code="not_declarable")


class ReviewLocked(Exception):
    """The review was submitted: it cannot be changed or submitted again unless staff re-open it."""


class ReviewDeadlinePassed(ReviewLocked):
    """The call's review deadline has passed and staff have not re-opened this review since: it can no longer
    be saved or submitted."""


class OfferClosed(ValidationError):
    """The offer cannot be answered: it is not open (already answered, replaced, lapsed, not yet sent) or its
    deadline has passed. The message says which, for the applicant."""
