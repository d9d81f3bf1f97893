"""Selection up to the quota: staff adjustments to the ranking, match runs, decisions and offers.

The life of a selection, one call at a time:

1. Staff may exclude an application from every team's list or pin it to the top of
   the lists of the teams it chose (``RankingAdjustment``, with a reason).
2. A ``MatchRun`` is proposed: each team's list (the calibrated ranking, adjusted,
   reordered near the funding line by a recorded lottery when the call asks for one)
   goes to the pure match (``selection.match``); one ``Placement`` per applicant holds
   the outcome and its explanation. Nothing is decided yet: a proposal can be
   discarded and run again.
3. Publishing the run decides: placed applications are selected and get an ``Offer``
   (a seat), the others are waitlisted or not selected; the emails are composed and
   held in the outbox until staff have read them and send them.
4. Sending makes the offers open with a response deadline. The fellow accepts or
   declines; a decline or a lapse moves the seat down the vacancy chain.

The seats (offers that are pending, open or accepted) never exceed a team's quota or
the call's total: the service locks the call's quota rows, and a trigger (migration)
counts again in the database, whatever two staff members click at the same moment.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from innocore.models import Call, ResearchTeam


class DecisionSettings(models.Model):
    """How a call selects; a call without a row selects with the defaults below."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="decision_settings",
                                verbose_name=_("call"))
    near_line_lottery = models.BooleanField(
        _("decide near-ties at the funding line by lottery"), default=False,
        help_text=_("Applications whose ranking interval crosses a team's funding line share the seats left "
                    "by a draw with a recorded seed (the SNSF's modified lottery)."),
    )
    offer_response_days = models.PositiveSmallIntegerField(
        _("days to answer an offer"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    class Meta:
        verbose_name = _("decision settings")
        verbose_name_plural = _("decision settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offer_response_days__gte=1) & models.Q(offer_response_days__lte=90),
                name="decision_settings_response_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call.code} decision settings"


class AdjustmentKind(models.TextChoices):
    EXCLUDE = "exclude", _("Excluded from every list")
    PIN = "pin", _("Pinned to the top of its teams' lists")


class RankingAdjustment(models.Model):
    """A staff decision to take an application off the teams' lists or put it first, with the reason."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="ranking_adjustments",
                             verbose_name=_("call"))
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="ranking_adjustments",
                                    verbose_name=_("application"))
    kind = models.CharField(_("adjustment"), max_length=10, choices=AdjustmentKind.choices)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("by"))
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["call", "kind", "created_at", "id"]
        verbose_name = _("ranking adjustment")
        verbose_name_plural = _("ranking adjustments")
        constraints = [
            models.UniqueConstraint(fields=["call", "application"], name="ranking_adjustment_one_per_application"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="ranking_adjustment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.call.code} {self.kind} {self.application_id}"


class MatchRunStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")


class MatchRun(models.Model):
    """One run of the match for a call: its input lists, the lottery's seed and draws, and when it was published.

    ``lists``: team code -> ordered application ids (the lists the match ran on, after
    adjustments and any lottery), kept so that the waitlist chain later runs on the same
    lists. ``draws``: team code -> {"seats", "order", "keys"} of each near-line draw.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="match_runs", verbose_name=_("call"))
    status = models.CharField(_("status"), max_length=10, choices=MatchRunStatus.choices,
                              default=MatchRunStatus.PROPOSED)
    ranking_seed = models.BigIntegerField(_("ranking seed"))
    lottery_seed = models.BigIntegerField(_("lottery seed"), null=True, blank=True)
    lists = models.JSONField(_("teams' lists"), default=dict)
    capacities = models.JSONField(_("seats per team"), default=dict)
    draws = models.JSONField(_("near-line draws"), default=dict, blank=True)
    seconds = models.FloatField(_("solve time (s)"), default=0.0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("run by"))
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["call", "-created_at", "-id"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        constraints = [
            # One proposal at a time and one published selection per call.
            models.UniqueConstraint(fields=["call"], condition=models.Q(status="proposed"),
                                    name="match_run_one_proposed_per_call"),
            models.UniqueConstraint(fields=["call"], condition=models.Q(status="published"),
                                    name="match_run_one_published_per_call"),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="match_run_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call.code} match run {self.pk} ({self.status})"


class PlacementOutcome(models.TextChoices):
    PLACED = "placed", _("Placed")
    WAITLISTED = "waitlisted", _("On a waiting list")
    NOT_PLACED = "not_placed", _("On no team's list")


class Placement(models.Model):
    """The match's outcome for one application in one run, with why (the explanation as plain data:
    ``{"choice", "rank", "preferred": [{"team", "reason", "own_rank", "lowest_admitted_rank"}]}``)."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="placements", verbose_name=_("run"))
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="placements",
                                    verbose_name=_("application"))
    team = models.ForeignKey(ResearchTeam, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("team"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=PlacementOutcome.choices)
    choice = models.PositiveSmallIntegerField(_("the team's place on the applicant's list"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("place on the team's list"), null=True, blank=True)
    near_line = models.BooleanField(_("near the funding line"), default=False)
    explanation = models.JSONField(_("explanation"), default=dict)

    class Meta:
        ordering = ["run", "team", "rank", "id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="placement_one_per_application"),
            models.CheckConstraint(
                condition=(models.Q(outcome="placed", team__isnull=False, rank__isnull=False)
                           | (~models.Q(outcome="placed") & models.Q(team__isnull=True))),
                name="placement_team_iff_placed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.application_id} {self.outcome}"


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Selected, offer not yet sent")
    OPEN = "open", _("Offer sent, awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Lapsed (no answer by the deadline)")
    SUPERSEDED = "superseded", _("Replaced by an offer of a preferred team")


# An offer in one of these holds a seat of its team: the quota counts them.
SEAT_HOLDING = (OfferStatus.PENDING, OfferStatus.OPEN, OfferStatus.ACCEPTED)


class Offer(models.Model):
    """A seat of a team offered to an application. Pending, open and accepted offers hold a seat."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="offers", verbose_name=_("match run"))
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="offers", verbose_name=_("call"))
    team = models.ForeignKey(ResearchTeam, on_delete=models.PROTECT, related_name="offers", verbose_name=_("team"))
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers",
                                    verbose_name=_("application"))
    status = models.CharField(_("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.PENDING)
    rank = models.PositiveIntegerField(_("place on the team's list"))
    choice = models.PositiveSmallIntegerField(_("the team's place on the applicant's list"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("offer sent at"), null=True, blank=True)
    respond_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    response_note = models.TextField(_("note with the answer"), blank=True)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by", verbose_name=_("replaces"))
    letter_sha256 = models.CharField(_("offer letter SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["call", "team", "rank", "id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=models.Q(status__in=SEAT_HOLDING),
                                    name="offer_one_seat_per_application"),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(sent_at__isnull=False, respond_by__isnull=False),
                name="offer_sent_has_deadline",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=("accepted", "declined")) | models.Q(responded_at__isnull=False),
                name="offer_answer_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "respond_by"], name="offer_open_deadline")]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.team_id}: {self.application_id} {self.status}"
