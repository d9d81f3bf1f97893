"""Errors the applicant side raises; each carries a message fit to show the user."""
from django.core.exceptions import ValidationError


class ApplicationLocked(ValidationError):
    """The application is submitted (or otherwise frozen) and cannot be edited."""


class DeadlinePassed(ValidationError):
    """The call has closed (by the server's clock)."""


class CallNotOpen(ValidationError):
    """The call is not open for new applications."""


class SubmissionIncomplete(ValidationError):
    """Submitting found missing or invalid items; `missing` lists them."""

    def __init__(self, missing):
        self.missing = missing
        super().__init__([item.message for item in missing])


class RefereeLinkInvalid(ValidationError):
    """A referee's link is malformed, expired, already used or replaced."""


class TransitionNotAllowed(ValidationError):
    """The application cannot move from its status to the one asked for (see applications/transitions.py)."""
