"""The array helpers of deferred acceptance, against plain-Python definitions."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from selection.match import build_market
from selection.match.deferred import mutually_acceptable_entries, places_within_groups
from tests.selection.match.instances import instances


@given(st.lists(st.integers(0, 5), min_size=1, max_size=40))
def test_places_within_groups_counts_from_zero_in_each_run(keys):
    keys = sorted(keys)
    expected = [keys[:i].count(key) for i, key in enumerate(keys)]
    assert places_within_groups(np.array(keys, dtype=np.int64)).tolist() == expected


@settings(max_examples=100, deadline=None)
@given(instances(max_applicants=12, max_teams=4, max_capacity=3))
def test_mutually_acceptable_entries_keep_each_list_in_order_without_the_unmatchable(instance):
    market = build_market(applicants=instance.applicants, teams=instance.teams)
    capacity = np.asarray(market.capacity, dtype=np.int64)
    ptr, team, rank = mutually_acceptable_entries(
        pref_ptr=market.pref_ptr, pref_team=market.pref_team, pref_rank=market.pref_rank, capacity=capacity
    )
    for applicant in range(market.pref_ptr.size - 1):
        full = range(market.pref_ptr[applicant], market.pref_ptr[applicant + 1])
        kept = [
            (int(market.pref_team[e]), int(market.pref_rank[e]))
            for e in full
            if market.pref_rank[e] >= 0 and capacity[market.pref_team[e]] > 0
        ]
        assert (
            list(
                zip(
                    team[ptr[applicant] : ptr[applicant + 1]].tolist(),
                    rank[ptr[applicant] : ptr[applicant + 1]].tolist(),
                )
            )
            == kept
        )
