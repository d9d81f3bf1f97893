"""Random instances for the property tests (seeded numpy, drawn by hypothesis), as plain data."""

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st


@dataclass(frozen=True)
class Instance:
    applicants: dict  # name -> teams, best first
    teams: dict  # name -> {"capacity": int, "ranking": [applicant, ...]}


@st.composite
def instances(
    draw, *, max_applicants: int = 6, max_teams: int = 3, max_capacity: int = 2, max_choices: int = 3
) -> Instance:
    """Lists of up to ``max_choices`` teams; rankings that leave out some who listed the
    team and include some who did not; capacities from 0. Half of the instances are
    "dense" (full lists, every listing ranked, capacities from 1): those are the ones
    with several stable matchings, where applicant-optimal is a real test."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_applicants = draw(st.integers(0, max_applicants))
    n_teams = draw(st.integers(1, max_teams))
    dense = draw(st.booleans())
    omit = 0.0 if dense else draw(st.sampled_from([0.0, 0.2, 0.5]))
    extra = draw(st.sampled_from([0.0, 0.3]))
    shortest = min(max_choices, n_teams) if dense else 0
    applicant_names = [f"A{i}" for i in range(n_applicants)]
    team_names = [f"T{t}" for t in range(n_teams)]
    applicants = {
        name: [team_names[t] for t in rng.permutation(n_teams)[: rng.integers(shortest, min(max_choices, n_teams) + 1)]]
        for name in applicant_names
    }
    teams = {}
    for team in team_names:
        wanted = [name for name, choices in applicants.items() if team in choices and rng.random() >= omit]
        others = [name for name, choices in applicants.items() if team not in choices and rng.random() < extra]
        ranking = wanted + others
        teams[team] = {
            "capacity": int(rng.integers(1 if dense else 0, max(max_capacity, 1) + 1)),
            "ranking": [ranking[i] for i in rng.permutation(len(ranking))],
        }
    return Instance(applicants=applicants, teams=teams)


@st.composite
def balanced_instances(draw, *, max_teams: int = 3, max_capacity: int = 2) -> Instance:
    """As many applicants as seats, full lists and full rankings in random orders: the
    markets with the most stable matchings (opposed preferences), so that the
    applicant-optimal one differs from the others."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_teams = draw(st.integers(2, max_teams))
    capacity = [int(c) for c in rng.integers(1, max_capacity + 1, size=n_teams)]
    while sum(capacity) > 6:  # brute force: at most 4 ** 6 assignments
        capacity[int(np.argmax(capacity))] -= 1
    team_names = [f"T{t}" for t in range(n_teams)]
    applicant_names = [f"A{i}" for i in range(sum(capacity))]
    return Instance(
        applicants={name: [team_names[t] for t in rng.permutation(n_teams)] for name in applicant_names},
        teams={
            team: {
                "capacity": capacity[t],
                "ranking": [applicant_names[i] for i in rng.permutation(len(applicant_names))],
            }
            for t, team in enumerate(team_names)
        },
    )
