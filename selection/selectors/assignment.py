"""Reads for the staff and reviewer pages; each runs a fixed number of queries."""
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Prefetch, Q, Sum

from applications.models import Application
from innocore.models import Call
from selection.models import Assignment, AssignmentRun, ConflictOfInterest, ReviewerProfile, RunStatus
from selection.selectors.assignment_inputs import ASSIGNABLE_STATUSES, assignable_reviewers

APPLICATIONS_PER_PAGE = 50
CONFLICTS_PER_PAGE = 100


# A run's lists of uncovered applications and notes grow with the call (thousands of entries at 12,600
# applications): lists of runs leave them in the database; only the run shown reads them.
RUN_LARGE_FIELDS = ("uncovered", "notes")
# The dossier's long texts, which no list of applications shows.
APPLICATION_LARGE_FIELDS = ("research_summary", "research_plan")


def assignment_runs(*, call: Call) -> list[AssignmentRun]:
    return list(AssignmentRun.objects.filter(call=call).select_related("call", "requested_by")
                .defer(*RUN_LARGE_FIELDS).order_by("-created_at", "-id")[:10])


def assignment_run_get(*, call: Call, run_id: int) -> AssignmentRun:
    return AssignmentRun.objects.select_related("call").get(call=call, pk=run_id)


def assignment_run_page(*, run: AssignmentRun, page: int | str | None) -> Page:
    """The run's applications, each with ``run_assignments`` and ``conflict_list`` prefetched."""
    # The run's applications by a subquery of ids, not a join: a join needs DISTINCT over every column of
    # every application (long texts included), which took most of the page's time at 12,600 applications.
    in_run = Assignment.objects.filter(run=run).values("application_id")
    applications = (
        Application.objects.filter(Q(call=run.call, status__in=ASSIGNABLE_STATUSES) | Q(pk__in=in_run))
        .defer(*APPLICATION_LARGE_FIELDS)
        .order_by("reference")
        .prefetch_related(
            Prefetch(
                "reviewer_assignments",
                queryset=Assignment.objects.filter(run=run).select_related("reviewer__user", "reviewer__team")
                .order_by("-affinity", "reviewer_id"),
                to_attr="run_assignments",
            ),
            Prefetch("conflicts_of_interest", queryset=ConflictOfInterest.objects.select_related("reviewer__user"),
                     to_attr="conflict_list"),
        )
    )
    return Paginator(applications, APPLICATIONS_PER_PAGE).get_page(page)


def run_total_affinity(*, run: AssignmentRun) -> float:
    """The affinity of the run's pairs as they stand now (hand edits included), not the solver's figure."""
    return float(Assignment.objects.filter(run=run).aggregate(total=Sum("affinity"))["total"] or 0.0)


def reviewer_choices(*, run: AssignmentRun) -> list[ReviewerProfile]:
    """Reviewers staff may add by hand, each with ``run_load`` (assignments in this run)."""
    return list(
        assignable_reviewers().select_related("user", "team")
        .annotate(run_load=Count("assignments", filter=Q(assignments__run=run)))
        .order_by("user__last_name", "user__first_name", "pk")
    )


@dataclass
class ConflictOfInterestPair:
    """Every recorded reason one reviewer may not review one application: one row on the staff page, however
    many sources found it (identical details from several sources are shown once)."""

    application: Application
    reviewer: ReviewerProfile
    conflicts: list[ConflictOfInterest] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(str(c.get_source_display()) for c in self.conflicts))

    @property
    def details(self) -> list[str]:
        """What was found, each text once, whatever number of sources found it."""
        return list(dict.fromkeys(c.detail for c in self.conflicts if c.detail))


def conflict_of_interest_page(*, call: Call, page: int | str | None, source: str = "") -> Page:
    """A page of (application, reviewer) pairs with a conflict; three queries whatever the page size."""
    conflicts = ConflictOfInterest.objects.filter(application__call=call)
    if source:
        conflicts = conflicts.filter(source=source)
    pairs = (conflicts.values("application_id", "reviewer_id").annotate(first=Min("pk"))
             .order_by("application__reference", "reviewer_id"))
    result = Paginator(pairs, CONFLICTS_PER_PAGE).get_page(page)
    keys = [(pair["application_id"], pair["reviewer_id"]) for pair in result.object_list]
    rows: dict[tuple[int, int], ConflictOfInterestPair] = {}
    if keys:
        found = (conflicts.filter(application_id__in={a for a, _ in keys}, reviewer_id__in={r for _, r in keys})
                 .select_related("application", "reviewer__user", "created_by").order_by("source", "pk"))
        for conflict in found:
            key = (conflict.application_id, conflict.reviewer_id)
            if key in rows:
                rows[key].conflicts.append(conflict)
            else:
                rows[key] = ConflictOfInterestPair(application=conflict.application, reviewer=conflict.reviewer,
                                                   conflicts=[conflict])
    result.object_list = [rows[key] for key in keys if key in rows]
    return result


def reviewer_published_assignments(*, reviewer: ReviewerProfile) -> list[Assignment]:
    return list(
        Assignment.objects.filter(reviewer=reviewer, run__status=RunStatus.PUBLISHED)
        .select_related("application", "application__call", "run")
        .order_by("application__call__code", "application__reference")
    )


def declarable_applications(*, reviewer: ReviewerProfile):
    """What ``selection.declare_conflict_of_interest`` allows: applications given to the reviewer by a published run,
    minus those already conflicted. Nothing else may be searched or declared (it would reveal names)."""
    assigned = Assignment.objects.filter(reviewer=reviewer, run__status=RunStatus.PUBLISHED).values("application_id")
    conflicted = ConflictOfInterest.objects.filter(reviewer=reviewer).values("application_id")
    return Application.objects.filter(pk__in=assigned).exclude(pk__in=conflicted)


def reviewer_declarable_applications(*, reviewer: ReviewerProfile, query: str, limit: int = 50) -> list[Application]:
    """The reviewer's declarable applications in review whose applicant's name or reference matches."""
    query = query.strip()
    if len(query) < 2:
        return []
    matches = declarable_applications(reviewer=reviewer).filter(status__in=ASSIGNABLE_STATUSES).filter(
        Q(given_name__icontains=query) | Q(family_name__icontains=query) | Q(reference__iexact=query)
    )
    return list(matches.select_related("call").order_by("family_name", "given_name", "pk")[:limit])
