from .audit import AuditAction, AuditEntry, AuditTrailIsAppendOnly
from .call import Call, CallTeamQuota
from .email import EmailMessage
from .outbox import OutboxMessage
from .programme import Institute, ResearchTeam
from .user import User, UserRole

__all__ = [
    "AuditAction", "AuditEntry", "AuditTrailIsAppendOnly","Call", "CallTeamQuota", "EmailMessage", "Institute", "OutboxMessage", "ResearchTeam", "User", "UserRole"]
