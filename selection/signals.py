"""Receivers for innocore's signals; connected in SelectionConfig.ready()."""
from django.dispatch import receiver

from innocore.signals import user_anonymised
from selection.models import ReviewerInvitation, ReviewerProfile


@receiver(user_anonymised)
def reviewer_profile_anonymise(sender, user, **kwargs) -> None:
    """Clear what the reviewer profile says about the person; the row stays for their reviews and assignments.
    The profile is also made unavailable and incomplete, so no run assigns them again."""
    ReviewerProfile.objects.filter(user=user).update(
        team=None, institution="", phd_institution="", phd_year=None, expertise="", languages="en",
        is_available=False, max_load=0, profile_completed_at=None,
    )
    ReviewerInvitation.objects.filter(user=user).update(email=user.email, token_nonce="")
