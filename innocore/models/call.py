"""A recruitment round (call) and each team's share of its quota.

The database keeps the invariants: codes are unique, a call closes after it
opens, and the team quotas of a call never sum past the call's quota. That
last rule spans rows, so it is enforced by a trigger (see migration 0002)
as well as by `clean()` and the services.
"""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innocore.text import bilingual

from .programme import ResearchTeam


# Unsuccessful applications are kept at least past the appeal period, and never more than five years.
RETENTION_DAYS_MIN = 90
RETENTION_DAYS_MAX = 5 * 365


def team_quota_problem(*, total_quota: int, allocated: int) -> str | None:
    """The quota rule, in one place: a call's teams never hold more slots than the call has.

    ``Call.clean``, the admin's quota formset and ``innocore.services.calls`` ask it; the trigger of
    migration 0002 is the backstop in the database.
    """
    if allocated > total_quota:
        return _("The team quotas add up to %(allocated)d, more than the call's quota of %(total)d.") % {
            "allocated": allocated, "total": total_quota}
    return None


class CallStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Call(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, help_text=_("Short code, e.g. 2025-1."))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ko = models.CharField(_("title (Korean)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    appointment_starts_on = models.DateField(
        _("appointment starts on"), null=True, blank=True, help_text=_("When fellows start; eligibility uses it.")
    )
    total_quota = models.PositiveIntegerField(_("total quota (fellows)"), default=400)
    salary_krw = models.PositiveBigIntegerField(_("salary per fellow per year (KRW)"), default=90_000_000)
    research_funding_krw = models.PositiveBigIntegerField(
        _("research funding per fellow per year (KRW)"), default=60_000_000
    )
    budget_krw = models.PositiveBigIntegerField(_("budget (KRW)"), null=True, blank=True)
    contract_years = models.PositiveSmallIntegerField(_("contract length (years)"), default=3)
    asks_date_of_birth = models.BooleanField(
        _("asks for the date of birth"), default=False, help_text=_("Only when an age limit applies.")
    )
    document_max_mb = models.PositiveSmallIntegerField(_("largest document (MB)"), default=10)
    retention_days_unsuccessful = models.PositiveSmallIntegerField(
        _("days unsuccessful applications are kept after closing"), default=365,
        validators=[MinValueValidator(RETENTION_DAYS_MIN), MaxValueValidator(RETENTION_DAYS_MAX)],
        help_text=_(
            "Then their dossiers, files, letters and emails are deleted (PIPA: personal data is destroyed once "
            "its purpose is met). A year covers a selection of up to six months, the 180 days in which the Fair "
            "Hiring Procedure Act lets an unsuccessful applicant ask for their documents back, and the 90 days "
            "for an appeal. Between 90 days and five years."
        ),
    )
    teams = models.ManyToManyField(
        ResearchTeam, through="CallTeamQuota", related_name="calls", verbose_name=_("research teams")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.UniqueConstraint(Upper("code"), name="call_code_unique_ci"),
            models.CheckConstraint(condition=~models.Q(code=""), name="call_code_not_empty"),
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opens"),
            models.CheckConstraint(condition=models.Q(total_quota__gt=0), name="call_total_quota_positive"),
            models.CheckConstraint(
                condition=models.Q(contract_years__gte=1) & models.Q(contract_years__lte=10),
                name="call_contract_years_range",
            ),
            models.CheckConstraint(
                condition=models.Q(document_max_mb__gte=1) & models.Q(document_max_mb__lte=100),
                name="call_document_max_mb_range",
            ),
            models.CheckConstraint(
                condition=models.Q(retention_days_unsuccessful__gte=RETENTION_DAYS_MIN)
                & models.Q(retention_days_unsuccessful__lte=RETENTION_DAYS_MAX),
                name="call_retention_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title_en}"

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_ko)

    @property
    def description(self) -> str:
        return bilingual(self.description_en, self.description_ko)

    def status_at(self, moment) -> str:
        if moment < self.opens_at:
            return CallStatus.UPCOMING
        if moment < self.closes_at:
            return CallStatus.OPEN
        return CallStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.status == CallStatus.OPEN

    @property
    def yearly_cost_per_fellow_krw(self) -> int:
        return self.salary_krw + self.research_funding_krw

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors.setdefault("closes_at", []).append(_("The call must close after it opens."))
        if self.pk and self.total_quota is not None:
            problem = team_quota_problem(total_quota=self.total_quota,
                                         allocated=self.team_quotas.aggregate(total=Sum("quota"))["total"] or 0)
            if problem:
                errors.setdefault("total_quota", []).append(problem)
        if errors:
            raise ValidationError(errors)


class CallTeamQuota(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="team_quotas", verbose_name=_("call"))
    team = models.ForeignKey(
        ResearchTeam, on_delete=models.PROTECT, related_name="call_quotas", verbose_name=_("research team")
    )
    quota = models.PositiveIntegerField(_("quota (fellows)"))

    class Meta:
        ordering = ["call", "team__institute__code", "team__code"]
        verbose_name = _("team quota")
        verbose_name_plural = _("team quotas")
        constraints = [
            models.UniqueConstraint(fields=["call", "team"], name="call_team_quota_unique"),
            models.CheckConstraint(condition=models.Q(quota__gte=0), name="call_team_quota_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.call.code} / {self.team.code}: {self.quota}"
