from .application import EDITABLE_STATUSES, WITHDRAWABLE_STATUSES, Application, ApplicationStatus, HeardVia, PhdStatus
from .documents import Document, Referee, RefereeStatus
from .parts import DeadlineReminder, Publication, SectionConflict, TeamPreference

__all__ = [
    "EDITABLE_STATUSES", "Application", "ApplicationStatus", "DeadlineReminder", "Document", "HeardVia", "PhdStatus", "Publication",
    "Referee", "RefereeStatus", "SectionConflict", "TeamPreference", "WITHDRAWABLE_STATUSES",
]
