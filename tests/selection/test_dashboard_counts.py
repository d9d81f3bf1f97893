"""The one-scan GROUPING SETS query (PostgreSQL) and the portable ORM queries (SQLite, `make run`) count alike."""
import pytest

from selection.selectors.dashboard_counts import grouped_counts, grouped_counts_portable
from tests.selection.dashboard_data import known_call

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _normal(counts):
    return (sorted(counts.by_origin), sorted(counts.by_channel), counts.by_day, sorted(counts.by_team))


def test_both_ways_of_counting_agree_for_the_call_an_institute_and_a_team():
    known = known_call()
    scopes = [{}, {"institute": known["institutes"][0]}, {"institute": known["institutes"][1]},
              {"team": known["teams"][2]}]
    for scope in scopes:
        one_scan = grouped_counts(call=known["call"], time_zone="Asia/Seoul", **scope)
        portable = grouped_counts_portable(call=known["call"], time_zone="Asia/Seoul", **scope)
        assert _normal(one_scan) == _normal(portable), scope
        assert sum(n for *_, n in one_scan.by_origin) == sum(n for *_, n in one_scan.by_channel)
