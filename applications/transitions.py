"""Where an application may go from where it is: the one table of allowed status changes.

Only ``applications.services.status`` changes a status, and only along these
edges. The review and decision states belong to the selection side, which moves
applications through them with the same service; the table lives here so that
the whole life of an application reads in one place.
"""
from applications.models.application import ApplicationStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    # The applicant's side.
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.WITHDRAWN: frozenset({S.SUBMITTED}),
    S.INFO_REQUESTED: frozenset({S.SUBMITTED}),
    # Submitted, before review: the eligibility check decides; the applicant may withdraw, staff may re-open.
    S.SUBMITTED: frozenset({S.AWAITING_REVIEW, S.INELIGIBLE, S.ELIGIBILITY_REVIEW, S.WITHDRAWN, S.INFO_REQUESTED}),
    S.ELIGIBILITY_REVIEW: frozenset({S.AWAITING_REVIEW, S.INELIGIBLE, S.WITHDRAWN, S.INFO_REQUESTED}),
    S.INELIGIBLE: frozenset({S.AWAITING_REVIEW, S.ELIGIBILITY_REVIEW, S.WITHDRAWN, S.INFO_REQUESTED}),
    S.AWAITING_REVIEW: frozenset({S.UNDER_REVIEW, S.INELIGIBLE, S.ELIGIBILITY_REVIEW, S.WITHDRAWN, S.INFO_REQUESTED}),
    # Review.
    S.UNDER_REVIEW: frozenset({S.REVIEWED, S.AWAITING_REVIEW}),
    S.REVIEWED: frozenset({S.UNDER_REVIEW, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED}),
    # Decisions and offers.
    S.SELECTED: frozenset({S.OFFERED, S.WAITLISTED, S.NOT_SELECTED, S.REVIEWED}),
    S.WAITLISTED: frozenset({S.SELECTED, S.OFFERED, S.NOT_SELECTED, S.REVIEWED}),
    S.NOT_SELECTED: frozenset({S.SELECTED, S.WAITLISTED, S.REVIEWED}),
    S.OFFERED: frozenset({S.ACCEPTED, S.DECLINED}),
    # An accepted fellow is moved up when a seat of a team they ranked higher comes free (their own list
    # said they prefer it): the new offer is open again (selection.services.offers).
    S.ACCEPTED: frozenset({S.OFFERED}),
    S.DECLINED: frozenset(),
}


def transition_allowed(*, source: str, target: str) -> bool:
    return target in TRANSITIONS.get(source, frozenset())
