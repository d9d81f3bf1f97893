"""Accounts: one user model for every role, logging in by email."""
import rules
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    REVIEWER = "reviewer", _("Reviewer")
    INSTITUTE_STAFF = "institute_staff", _("Institute staff")
    MINISTRY_STAFF = "ministry_staff", _("Ministry staff")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", UserRole.MINISTRY_STAFF)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=UserRole.choices, default=UserRole.APPLICANT)
    orcid = models.CharField(
        _("ORCID iD"), max_length=19, blank=True, help_text=_("Sixteen digits in four groups, e.g. 0000-0002-1825-0097.")
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, help_text=_("Deadlines are also shown in this time zone.")
    )
    institute = models.ForeignKey(
        "innocore.Institute", on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name=_("institute"), help_text=_("Institute staff see the applications of their institute's teams only."),
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, choices=settings.LANGUAGES,
        help_text=_("The language the portal writes to this person in: the one they last used the portal in."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="institute_staff") | models.Q(institute__isnull=False),
                name="user_institute_staff_has_institute",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def has_perm(self, perm: str, obj=None) -> bool:
        """The portal's rules decide their own permissions, for superusers too.

        Django lets an active superuser pass every check. The rules already give superusers all that
        ministry staff may do; what only an applicant or a reviewer may do (start an application, declare
        a conflict) stays theirs. Django's model permissions (the admin) keep the superuser shortcut.
        """
        if rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def clean(self) -> None:
        super().clean()
        if self.role == UserRole.INSTITUTE_STAFF and self.institute_id is None:
            raise ValidationError({"institute": _("Institute staff must belong to an institute: choose it.")})

    @property
    def requires_second_factor(self) -> bool:
        """Reviewers and staff see other people's data: they must use TOTP; applicants may."""
        return self.role != UserRole.APPLICANT or self.is_staff
