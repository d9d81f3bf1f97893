class InvitationLinkInvalid(Exception):
    """A reviewer invitation link that cannot be used; the message says why, for the visitor."""
