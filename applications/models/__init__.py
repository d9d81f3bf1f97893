from .application import EDITABLE_STATUSES, Application, ApplicationStatus, HeardVia, PhdStatus
from .documents import Document, Referee, RefereeStatus
from .parts import Publication, SectionConflict, TeamPreference

__all__ = [
    "EDITABLE_STATUSES", "Application", "ApplicationStatus", "Document", "HeardVia", "PhdStatus", "Publication",
    "Referee", "RefereeStatus", "SectionConflict", "TeamPreference",
]
