"""The dashboard's counts of applications, in one scan of the call's applications.

One SQL query groups the scoped applications (joined to their first preference) by four
grouping sets at once: (status, nationality, country of residence), (status, channel),
(day of submission) and (status, first team). The answer has a few hundred rows whatever
the number of applications; the dashboard folds them into its figures in Python with the
one definition of each stage (``STAGES``) and of each origin (``applications.origin``).
Eight separate ``Count(filter=...)`` / ``values().annotate()`` queries took 590-860 ms at
100,000 applications on the shared benchmark machine; this one scan about 240 ms there
(docs/benchmarks.md).

The ORM has no GROUPING SETS, hence the SQL; its only inputs are ids and a time zone,
passed as parameters. Other databases (SQLite, for ``make run``) get the same counts from
four ORM queries (:func:`grouped_counts_portable`; a test holds the two equal).
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from applications.models import Application, TeamPreference
from innocore.models import Call, Institute, ResearchTeam

# GROUPING(nationality, heard_via, day, team_id): a bit is 1 where the column is not grouped.
_BY_ORIGIN, _BY_CHANNEL, _BY_DAY, _BY_TEAM = 0b0111, 0b1011, 0b1101, 0b1110

_SQL = """
SELECT GROUPING(nationality, heard_via, day, team_id) AS g, status, nationality, residence, heard_via, day, team_id,
       COUNT(*) AS n
FROM (
    SELECT a.status, a.nationality, a.country_of_residence AS residence, a.heard_via,
           (a.submitted_at AT TIME ZONE %s)::date AS day, p.team_id
    FROM {application} a
    LEFT JOIN {preference} p ON p.application_id = a.id AND p.rank = 1
    WHERE a.call_id = %s {scope}
) AS scoped
GROUP BY GROUPING SETS ((status, nationality, residence), (status, heard_via), (day), (status, team_id))
"""


@dataclass
class GroupedCounts:
    """The applications in scope, counted four ways (each adds up to all of them)."""

    by_origin: list[tuple[str, str, str, int]] = field(default_factory=list)  # status, nationality, residence, n
    by_channel: list[tuple[str, str, int]] = field(default_factory=list)  # status, heard_via, n
    by_day: dict[date, int] = field(default_factory=dict)  # day of (last) submission in the time zone, n
    by_team: list[tuple[str, int, int]] = field(default_factory=list)  # status, first team's id, n

    def by_status(self) -> Counter:
        counts: Counter = Counter()
        for status, _, _, n in self.by_origin:
            counts[status] += n
        return counts


def grouped_counts(*, call: Call, time_zone: str, institute: Institute | None = None,
                   team: ResearchTeam | None = None) -> GroupedCounts:
    """Count the call's applications (those whose first preference is the team, or one of the institute's)."""
    if connection.vendor != "postgresql":
        return grouped_counts_portable(call=call, time_zone=time_zone, institute=institute, team=team)
    scope, params = "", [time_zone, call.pk]
    if team is not None:
        scope, params = "AND p.team_id = %s", [*params, team.pk]
    elif institute is not None:
        scope = f"AND p.team_id IN (SELECT id FROM {ResearchTeam._meta.db_table} WHERE institute_id = %s)"
        params = [*params, institute.pk]
    sql = _SQL.format(application=Application._meta.db_table, preference=TeamPreference._meta.db_table, scope=scope)
    found = GroupedCounts()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for g, status, nationality, residence, heard_via, day, team_id, n in cursor.fetchall():
            if g == _BY_ORIGIN:
                found.by_origin.append((status, nationality, residence, n))
            elif g == _BY_CHANNEL:
                found.by_channel.append((status, heard_via, n))
            elif g == _BY_DAY and day is not None:
                found.by_day[day] = n
            elif g == _BY_TEAM and team_id is not None:
                found.by_team.append((status, team_id, n))
    return found


def grouped_counts_portable(*, call: Call, time_zone: str, institute: Institute | None = None,
                            team: ResearchTeam | None = None) -> GroupedCounts:
    """The same counts in four ORM queries, for databases without GROUPING SETS."""
    first = Q(team_preferences__rank=1)
    if team is not None:
        first &= Q(team_preferences__team=team)
    elif institute is not None:
        first &= Q(team_preferences__team__institute=institute)
    applications = Application.objects.filter(call=call).order_by()
    if team is not None or institute is not None:
        applications = applications.filter(first)
    preferences = TeamPreference.objects.filter(rank=1, application__in=applications.values("pk")).order_by()
    days = (applications.filter(submitted_at__isnull=False)
            .annotate(day=TruncDate("submitted_at", tzinfo=ZoneInfo(time_zone))).values_list("day").annotate(n=Count("pk")))
    return GroupedCounts(
        by_origin=list(applications.values_list("status", "nationality", "country_of_residence")
                       .annotate(n=Count("pk"))),
        by_channel=list(applications.values_list("status", "heard_via").annotate(n=Count("pk"))),
        by_day=dict(days),
        by_team=list(preferences.values_list("application__status", "team_id").annotate(n=Count("pk"))),
    )
