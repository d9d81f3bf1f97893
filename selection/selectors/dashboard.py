"""The ministry's dashboard of one call: quota, competition, pipeline, overseas talent, channels, budget, timeline.

Every figure is counted in SQL, in three queries whatever the number of applications
(``tests/selection/test_dashboard.py`` holds the count flat): the teams' quotas, the
applications grouped four ways in one scan (``dashboard_counts``), the seats.

Definitions, each made once here:

- **Scope.** The whole call, one institute or one team. An application belongs to the
  team (and institute) of its *first* preference, so that teams and institutes add up
  to the call. Institute staff get their institute's scope (``selection.forms.DashboardFilterForm``).
- **Pipeline stages** are sets of application statuses (``STAGES``; the status service
  is their only writer). "Submitted" is *ever submitted*: every status but draft,
  withdrawn included. "Eligible" passed the eligibility check (awaiting review and
  every later status). "Reviewed" finished review. "Selected" holds a seat (selected,
  offered or accepted), "offered" holds a sent offer (offered or accepted).
- **Seats** (the quota table) are counted from offers, which carry the team: selected =
  offers holding a seat (pending, open, accepted: what the quota trigger counts),
  offered = open or accepted, accepted, declined; remaining = quota - selected. An
  application holds a seat-holding offer exactly when its status is selected, offered
  or accepted, so the two counts agree.
- **Overseas, returnee, foreign national, domestic**: ``applications.origin``.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries

from applications.models import ApplicationStatus as S, HeardVia
from applications.origin import Origin, is_overseas, origin_of
from innocore.models import Call, CallTeamQuota, Institute, ResearchTeam
from selection.models import SEAT_HOLDING, Offer, OfferStatus
from selection.selectors.dashboard_counts import GroupedCounts, grouped_counts

KST = ZoneInfo("Asia/Seoul")

_DECIDED = frozenset({S.SELECTED, S.WAITLISTED, S.OFFERED, S.ACCEPTED, S.DECLINED, S.NOT_SELECTED})
_REVIEWED = _DECIDED | {S.REVIEWED}
_ELIGIBLE = _REVIEWED | {S.AWAITING_REVIEW, S.UNDER_REVIEW}

STAGES: dict[str, frozenset[str]] = {
    "drafts": frozenset({S.DRAFT}),
    "submitted": frozenset(S.values) - {S.DRAFT},
    "eligible": _ELIGIBLE,
    "ineligible": frozenset({S.INELIGIBLE}),
    "under_review": frozenset({S.UNDER_REVIEW}),
    "reviewed": _REVIEWED,
    "selected": frozenset({S.SELECTED, S.OFFERED, S.ACCEPTED}),
    "waitlisted": frozenset({S.WAITLISTED}),
    "offered": frozenset({S.OFFERED, S.ACCEPTED}),
    "accepted": frozenset({S.ACCEPTED}),
    "declined": frozenset({S.DECLINED}),
    "withdrawn": frozenset({S.WITHDRAWN}),
}

# Seats, from offers (see the module's docstring).
SEAT_COUNTS: dict[str, tuple[str, ...]] = {
    "selected": tuple(SEAT_HOLDING),
    "offered": (OfferStatus.OPEN, OfferStatus.ACCEPTED),
    "accepted": (OfferStatus.ACCEPTED,),
    "declined": (OfferStatus.DECLINED,),
}


@dataclass(frozen=True)
class QuotaRow:
    """One line of the quota table: a team, an institute or the whole scope."""

    code: str
    name: str
    institute: str
    quota: int
    applications: int = 0  # submitted (first preference, for a team or institute)
    eligible: int = 0
    selected: int = 0
    offered: int = 0
    accepted: int = 0
    declined: int = 0

    @property
    def remaining(self) -> int:
        return self.quota - self.selected

    @property
    def competition_ratio(self) -> float | None:
        """Submitted applications per fellowship, as the ministry reports it (3.15 in 2025)."""
        return round(self.applications / self.quota, 2) if self.quota else None

    @property
    def eligible_ratio(self) -> float | None:
        return round(self.eligible / self.quota, 2) if self.quota else None

    @property
    def filled_percent(self) -> int:
        return min(100, round(100 * self.selected / self.quota)) if self.quota else 0


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class ChannelRow:
    code: str
    label: str
    applications: int
    eligible: int
    selected: int


@dataclass(frozen=True)
class Budget:
    yearly_per_fellow_krw: int
    contract_years: int
    committed_krw: int  # accepted fellows
    held_krw: int  # every seat held (selected, offered, accepted)
    at_quota_krw: int
    budget_krw: int | None

    @property
    def committed_share(self) -> float | None:
        return round(self.committed_krw / self.budget_krw, 4) if self.budget_krw else None


@dataclass(frozen=True)
class TimelineDay:
    day: date
    submitted: int
    cumulative: int


@dataclass(frozen=True)
class Dashboard:
    call: Call
    institute: Institute | None
    team: ResearchTeam | None
    total: QuotaRow
    teams: list[QuotaRow]
    institutes: list[QuotaRow]
    funnel: dict[str, int]
    origins: dict[str, int]
    by_nationality: list[CountryCount]
    by_residence: list[CountryCount]
    channels: list[ChannelRow]
    budget: Budget
    timeline: list[TimelineDay] = field(default_factory=list)

    @property
    def overseas(self) -> int:
        return self.origins["korean_returnees"] + self.origins["foreign_nationals"]

    @property
    def overseas_share(self) -> float | None:
        submitted = self.funnel["submitted"]
        return round(self.overseas / submitted, 4) if submitted else None


def dashboard_figures(*, call: Call, institute: Institute | None = None,
                      team: ResearchTeam | None = None) -> Dashboard:
    """The dashboard of ``call``, for the whole call, one institute or one team, in three queries
    (the teams' quotas, the applications counted four ways, the seats)."""
    quotas = list(_quota_rows(call=call, institute=institute, team=team))
    counts = grouped_counts(call=call, time_zone=KST.key, institute=institute, team=team)
    by_status = counts.by_status()
    funnel = {stage: sum(by_status[status] for status in statuses) for stage, statuses in STAGES.items()}
    teams = _team_rows(call=call, quotas=quotas, counts=counts)
    # The whole call has its own quota (400), which its teams' quotas may not yet fill.
    scope_quota = call.total_quota if institute is None and team is None else sum(row.quota for row in teams)
    seats = {name: sum(getattr(row, name) for row in teams) for name in SEAT_COUNTS}
    total = QuotaRow(
        code=(team or institute or call).code, name=(team.name if team else institute.name if institute else call.title),
        institute=institute.code if institute else "", quota=scope_quota,
        applications=funnel["submitted"], eligible=funnel["eligible"], **seats,
    )
    origins, by_nationality, by_residence = _origins(counts)
    return Dashboard(
        call=call, institute=institute, team=team, total=total, teams=teams,
        institutes=_institute_rows(teams, quotas=quotas),
        funnel=funnel, origins=origins, by_nationality=by_nationality, by_residence=by_residence,
        channels=_channels(counts), budget=_budget(call=call, total=total), timeline=_timeline(call=call, counts=counts),
    )


def _quota_rows(*, call: Call, institute: Institute | None, team: ResearchTeam | None) -> QuerySet[CallTeamQuota]:
    rows = CallTeamQuota.objects.filter(call=call).select_related("team__institute")
    if institute is not None:
        rows = rows.filter(team__institute=institute)
    if team is not None:
        rows = rows.filter(team=team)
    return rows.order_by("team__institute__code", "team__code")


def _team_rows(*, call: Call, quotas: list[CallTeamQuota], counts: GroupedCounts) -> list[QuotaRow]:
    """One row per team in scope: first-preference applications (counted already) and seats (one query)."""
    team_ids = [q.team_id for q in quotas]
    demand: dict[int, Counter] = {}
    for status, team_id, n in counts.by_team:
        wanted = demand.setdefault(team_id, Counter())
        for stage in ("submitted", "eligible"):
            if status in STAGES[stage]:
                wanted[stage] += n
    seats = {
        row["team_id"]: row for row in
        Offer.objects.filter(call=call, team_id__in=team_ids).order_by().values("team_id")
        .annotate(**{name: Count("pk", filter=Q(status__in=statuses)) for name, statuses in SEAT_COUNTS.items()})
    }
    rows = []
    for quota in quotas:
        wanted, held = demand.get(quota.team_id, Counter()), seats.get(quota.team_id, {})
        rows.append(QuotaRow(
            code=quota.team.code, name=quota.team.name, institute=quota.team.institute.code, quota=quota.quota,
            applications=wanted["submitted"], eligible=wanted["eligible"],
            **{name: held.get(name, 0) for name in SEAT_COUNTS},
        ))
    return rows


_SUMMED = ("quota", "applications", "eligible", "selected", "offered", "accepted", "declined")


def _institute_rows(teams: list[QuotaRow], *, quotas: list[CallTeamQuota]) -> list[QuotaRow]:
    """The teams' rows added up per institute (no query: the quotas' teams came with their institute)."""
    names = {q.team.institute.code: q.team.institute.name for q in quotas}
    sums: dict[str, dict[str, int]] = {}
    for row in teams:
        entry = sums.setdefault(row.institute, dict.fromkeys(_SUMMED, 0))
        for name in _SUMMED:
            entry[name] += getattr(row, name)
    return [QuotaRow(code=code, name=names[code], institute=code, **values) for code, values in sums.items()]


_ORIGIN_KEYS = {Origin.RETURNEE: "korean_returnees", Origin.FOREIGN: "foreign_nationals", Origin.DOMESTIC: "domestic"}


def _origins(counts: GroupedCounts) -> tuple[dict[str, int], list[CountryCount], list[CountryCount]]:
    """Submitted applications per origin; those from abroad per nationality and per country of residence."""
    origins = dict.fromkeys(_ORIGIN_KEYS.values(), 0)
    nationality: Counter = Counter()
    residence: Counter = Counter()
    for status, national_of, lives_in, n in counts.by_origin:
        if status not in STAGES["submitted"]:
            continue
        origins[_ORIGIN_KEYS[origin_of(nationality=national_of, country_of_residence=lives_in)]] += n
        if is_overseas(country_of_residence=lives_in):
            nationality[national_of] += n
            residence[lives_in] += n
    return origins, _countries(nationality), _countries(residence)


def _countries(counter: Counter) -> list[CountryCount]:
    return [CountryCount(code=code, name=countries.name(code) if code else "", count=n)
            for code, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]


def _channels(counts: GroupedCounts) -> list[ChannelRow]:
    """Submitted, eligible and selected applications per "how did you hear of us" answer, in the form's order."""
    found: dict[str, Counter] = {}
    for status, heard_via, n in counts.by_channel:
        if status not in STAGES["submitted"]:
            continue
        row = found.setdefault(heard_via, Counter())
        row["applications"] += n
        for stage in ("eligible", "selected"):
            if status in STAGES[stage]:
                row[stage] += n
    choices = [*HeardVia.choices, ("", gettext("No answer"))]
    return [
        ChannelRow(code=code, label=str(label), applications=found[code]["applications"],
                   eligible=found[code]["eligible"], selected=found[code]["selected"])
        for code, label in choices if code in found
    ]


def _budget(*, call: Call, total: QuotaRow) -> Budget:
    yearly = call.yearly_cost_per_fellow_krw
    per_fellow = yearly * call.contract_years
    return Budget(
        yearly_per_fellow_krw=yearly, contract_years=call.contract_years,
        committed_krw=total.accepted * per_fellow, held_krw=total.selected * per_fellow,
        at_quota_krw=total.quota * per_fellow, budget_krw=call.budget_krw,
    )


def _timeline(*, call: Call, counts: GroupedCounts) -> list[TimelineDay]:
    """Submissions per day (Korean time) from the day the call opened to its deadline or today, whichever first."""
    per_day = counts.by_day
    first = timezone.localtime(call.opens_at, KST).date()
    last = min(timezone.localtime(call.closes_at, KST).date(), timezone.localtime(timezone.now(), KST).date())
    if per_day:
        first, last = min(first, min(per_day)), max(last, max(per_day))
    days, running = [], 0
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        running += per_day.get(day, 0)
        days.append(TimelineDay(day=day, submitted=per_day.get(day, 0), cumulative=running))
    return days
