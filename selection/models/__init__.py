from .assignments import (
    ACTIVE_RUN_STATUSES, STAGE_PROGRESS, Assignment, AssignmentRun, AssignmentSource, RunStage,
    RunStatus,
)
from .decisions import (
    SEAT_HOLDING, AdjustmentKind, DecisionSettings, MatchRun, MatchRunStatus, Offer, OfferStatus, Placement,
    PlacementOutcome, RankingAdjustment,
)
from .conflicts_of_interest import AUTOMATIC_SOURCES, ConflictOfInterest, ConflictOfInterestSource
from .reviews import (
    CallReviewSetup, Recommendation, Review, ReviewDeadlineReminder, ReviewSettings, ReviewStatus, RubricCriterion,
    StaleReviewEdit,
)
from .reviewers import DEFAULT_MAX_LOAD, MAX_LOAD_LIMIT, ReviewerInvitation, ReviewerProfile, split_list

__all__ = [
    "SEAT_HOLDING",
    "AdjustmentKind",
    "DecisionSettings",
    "MatchRun",
    "MatchRunStatus",
    "Offer",
    "OfferStatus",
    "Placement",
    "PlacementOutcome",
    "RankingAdjustment",
    "ACTIVE_RUN_STATUSES",
    "AUTOMATIC_SOURCES",
    "Assignment",
    "AssignmentRun",
    "AssignmentSource",
    "CallReviewSetup",
    "ConflictOfInterest",
    "ConflictOfInterestSource",
    "DEFAULT_MAX_LOAD",
    "MAX_LOAD_LIMIT",
    "Recommendation",
    "Review",
    "ReviewDeadlineReminder",
    "ReviewSettings",
    "ReviewStatus",
    "ReviewerInvitation",
    "ReviewerProfile",
    "RubricCriterion",
    "RunStage",
    "RunStatus",
    "STAGE_PROGRESS",
    "StaleReviewEdit",
    "split_list",
]
