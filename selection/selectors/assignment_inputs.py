"""Everything an assignment run needs from the database, read in a fixed number of queries."""
from collections import defaultdict
from dataclasses import dataclass, field

from applications.models import Application, ApplicationStatus, TeamPreference
from innocore.models import Call
from selection.models import Assignment, ConflictOfInterest, ReviewerProfile, split_list

# Applications an assignment run covers: eligible ones, and those already with reviewers
# (a re-run keeps their started reviews and may move the others).
ASSIGNABLE_STATUSES = (ApplicationStatus.AWAITING_REVIEW, ApplicationStatus.UNDER_REVIEW)


@dataclass
class AssignmentInputs:
    application_ids: list[int] = field(default_factory=list)
    application_keywords: list[list[str]] = field(default_factory=list)
    research_summaries: list[str] = field(default_factory=list)
    team_preferences: list[list[int]] = field(default_factory=list)  # ranked team ids
    reviewer_ids: list[int] = field(default_factory=list)
    reviewer_keywords: list[list[str]] = field(default_factory=list)
    reviewer_teams: list[int | None] = field(default_factory=list)
    max_loads: list[int] = field(default_factory=list)
    conflicts: set[tuple[int, int]] = field(default_factory=set)  # (application id, reviewer id)
    kept: list[tuple[int, int, object, float | None]] = field(default_factory=list)  # app, reviewer, started, affinity
    # Started reviews of pairs found conflicted since: the conflict wins, they are not kept.
    conflicted_started: list[tuple[int, int]] = field(default_factory=list)


def assignable_reviewers():
    """Reviewers the solver may use: complete profile, available, active account."""
    return ReviewerProfile.objects.filter(
        is_available=True, profile_completed_at__isnull=False, user__is_active=True, max_load__gt=0
    )


def assignment_inputs(*, call: Call) -> AssignmentInputs:
    inputs = AssignmentInputs()
    applications = Application.objects.filter(call=call, status__in=ASSIGNABLE_STATUSES).order_by("pk")
    for pk, keywords, summary in applications.values_list("pk", "keywords", "research_summary"):
        inputs.application_ids.append(pk)
        inputs.application_keywords.append(split_list(keywords))
        inputs.research_summaries.append(summary or "")
    ranked: dict[int, list[int]] = defaultdict(list)
    preferences = TeamPreference.objects.filter(application__in=applications).order_by("application_id", "rank")
    for application_id, team_id in preferences.values_list("application_id", "team_id"):
        ranked[application_id].append(team_id)
    inputs.team_preferences = [ranked.get(pk, []) for pk in inputs.application_ids]
    for pk, expertise, team_id, max_load in assignable_reviewers().order_by("pk").values_list(
        "pk", "expertise", "team_id", "max_load"
    ):
        inputs.reviewer_ids.append(pk)
        inputs.reviewer_keywords.append(split_list(expertise))
        inputs.reviewer_teams.append(team_id)
        inputs.max_loads.append(max_load)
    inputs.conflicts = set(
        ConflictOfInterest.objects.filter(application__call=call)
        .values_list("application_id", "reviewer_id")
        .distinct()
    )
    started = (
        Assignment.objects.filter(run__call=call, review_started_at__isnull=False, application__in=applications)
        .order_by("application_id", "reviewer_id", "review_started_at")
        .values_list("application_id", "reviewer_id", "review_started_at", "affinity")
    )
    seen: set[tuple[int, int]] = set()
    for application_id, reviewer_id, started_at, affinity in started:
        if (application_id, reviewer_id) in seen:
            continue
        seen.add((application_id, reviewer_id))
        if (application_id, reviewer_id) in inputs.conflicts:
            inputs.conflicted_started.append((application_id, reviewer_id))
        else:
            inputs.kept.append((application_id, reviewer_id, started_at, affinity))
    return inputs
