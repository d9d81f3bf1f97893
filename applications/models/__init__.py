from .application import EDITABLE_STATUSES, PRE_REVIEW_STATUSES, Application, ApplicationStatus, HeardVia, PhdStatus
from .documents import Document, Referee, RefereeStatus
from .eligibility import (
    CareerBreak, CareerBreakKind, EligibilityOverride, EligibilityRule, EligibilityRun, EligibilityRunStatus,
    EligibilityVerdict, VerdictOutcome,
)
from .parts import DeadlineReminder, Publication, StaleSectionEdit, TeamPreference

__all__ = [
    "EDITABLE_STATUSES", "Application", "ApplicationStatus", "DeadlineReminder", "Document", "HeardVia", "PhdStatus", "Publication",
    "Referee", "RefereeStatus", "StaleSectionEdit", "TeamPreference", "PRE_REVIEW_STATUSES",
    "CareerBreak", "CareerBreakKind", "EligibilityOverride", "EligibilityRule", "EligibilityRun", "EligibilityRunStatus",
    "EligibilityVerdict", "VerdictOutcome",
]
