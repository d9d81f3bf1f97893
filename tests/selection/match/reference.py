"""Independent references for the tests: brute force over all matchings, and the
textbook one-proposal-at-a-time deferred acceptance. Plain dicts, no numpy."""

from itertools import product


def acceptable(*, applicants: dict, teams: dict, applicant, team) -> bool:
    return team in applicants[applicant] and applicant in teams[team]["ranking"] and teams[team]["capacity"] > 0


def is_blocking(*, applicants: dict, teams: dict, capacity: dict, assignment: dict, applicant, team) -> bool:
    if not acceptable(applicants=applicants, teams=teams, applicant=applicant, team=team):
        return False
    choices = applicants[applicant]
    held = assignment.get(applicant)
    if held is not None and choices.index(held) <= choices.index(team):
        return False
    ranking = teams[team]["ranking"]
    members = [name for name, t in assignment.items() if t == team]
    if len(members) < capacity[team]:
        return True
    return any(ranking.index(member) > ranking.index(applicant) for member in members)


def blocking(*, applicants: dict, teams: dict, capacity: dict, assignment: dict) -> list:
    return [
        (applicant, team)
        for applicant, choices in applicants.items()
        for team in choices
        if is_blocking(
            applicants=applicants, teams=teams, capacity=capacity, assignment=assignment, applicant=applicant, team=team
        )
    ]


def stable_matchings(*, applicants: dict, teams: dict, capacity: dict) -> list[dict]:
    """Every stable matching, by enumerating every assignment of each applicant to
    nothing or one mutually acceptable team (small instances only)."""
    names = list(applicants)
    options = [
        [None]
        + [
            team
            for team in applicants[name]
            if acceptable(applicants=applicants, teams=teams, applicant=name, team=team)
        ]
        for name in names
    ]
    found = []
    for combination in product(*options):
        assignment = {name: team for name, team in zip(names, combination) if team is not None}
        load = {}
        for team in assignment.values():
            load[team] = load.get(team, 0) + 1
        if any(count > capacity[team] for team, count in load.items()):
            continue
        if not blocking(applicants=applicants, teams=teams, capacity=capacity, assignment=assignment):
            found.append(assignment)
    return found


def applicant_optimal(*, applicants: dict, teams: dict, capacity: dict) -> dict:
    """The stable matching every applicant likes at least as well as any other stable one."""
    stable = stable_matchings(applicants=applicants, teams=teams, capacity=capacity)
    assert stable, "a stable matching always exists"

    def place(applicant, team):
        return len(applicants[applicant]) if team is None else applicants[applicant].index(team)

    best = {name: min(place(name, matching.get(name)) for matching in stable) for name in applicants}
    optimal = [m for m in stable if all(place(name, m.get(name)) == best[name] for name in applicants)]
    assert len(optimal) == 1, "the applicant-optimal stable matching exists and is unique"
    return optimal[0]


def textbook_deferred_acceptance(*, applicants: dict, teams: dict, capacity: dict) -> dict:
    """Gale and Shapley, one proposal at a time, lists of names."""
    rank = {team: {name: i for i, name in enumerate(spec["ranking"])} for team, spec in teams.items()}
    next_choice = {name: 0 for name in applicants}
    held = {team: [] for team in teams}
    free = list(applicants)
    while free:
        applicant = free.pop()
        choices = applicants[applicant]
        while next_choice[applicant] < len(choices):
            team = choices[next_choice[applicant]]
            if applicant in rank[team] and capacity[team] > 0:
                held[team].append(applicant)
                if len(held[team]) <= capacity[team]:
                    break
                worst = max(held[team], key=rank[team].__getitem__)
                held[team].remove(worst)
                if worst != applicant:
                    next_choice[worst] += 1
                    free.append(worst)
                    break
            next_choice[applicant] += 1
    return {name: team for team, members in held.items() for name in members}
