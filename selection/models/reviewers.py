"""Reviewers: a profile per person (home team or external) and the invitations that bring them in."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocore.models import Call, ResearchTeam
from innocore.text import split_list

DEFAULT_MAX_LOAD = 12
MAX_LOAD_LIMIT = 100


class ReviewerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile", verbose_name=_("user")
    )
    team = models.ForeignKey(
        ResearchTeam, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviewers",
        verbose_name=_("home team"), help_text=_("Empty for external experts."),
    )
    institution = models.CharField(_("institution"), max_length=300, blank=True)
    phd_institution = models.CharField(_("PhD institution"), max_length=300, blank=True)
    phd_year = models.PositiveSmallIntegerField(_("PhD year"), null=True, blank=True)
    expertise = models.TextField(
        _("expertise keywords"), blank=True, help_text=_("Comma-separated, used to match you with applications.")
    )
    is_available = models.BooleanField(_("available to review"), default=True)
    max_load = models.PositiveSmallIntegerField(
        _("most applications per call"), default=DEFAULT_MAX_LOAD, help_text=_("At most 100.")
    )
    profile_completed_at = models.DateTimeField(_("profile completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "id"]
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_load__gte=0) & models.Q(max_load__lte=MAX_LOAD_LIMIT),
                name="reviewer_max_load_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def keyword_list(self) -> list[str]:
        return split_list(self.expertise)

    @property
    def is_complete(self) -> bool:
        return self.profile_completed_at is not None


class ReviewerInvitation(models.Model):
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_invitations", verbose_name=_("user")
    )
    call = models.ForeignKey(
        Call, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviewer_invitations",
        verbose_name=_("call"),
    )
    token_nonce = models.CharField(max_length=64, blank=True, help_text="Cleared once the link is used or replaced.")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reviewer invitation")
        verbose_name_plural = _("reviewer invitations")

    def __str__(self) -> str:
        return self.email
