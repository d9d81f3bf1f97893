"""Demo selection: a proposed match of the demo call, ready for staff to read, adjust and publish.

The demo call decides near-ties at each team's funding line by lottery, so that the seed and the
draws show on the proposal page. Idempotent: a call with a proposal or published decisions is left
as it is (staff may have adjusted the lists since).
"""
from innocore.models import Call, User
from selection.models import DecisionSettings, MatchRun, MatchRunStatus
from selection.services.match import match_run_propose


def demo_match_propose(*, call: Call, by: User) -> MatchRun | None:
    """The demo call's current proposal (made now if there is none); None once decisions are published."""
    if MatchRun.objects.filter(call=call, status=MatchRunStatus.PUBLISHED).exists():
        return None
    existing = MatchRun.objects.filter(call=call, status=MatchRunStatus.PROPOSED).first()
    if existing is not None:
        return existing
    DecisionSettings.objects.get_or_create(call=call, defaults={"near_line_lottery": True})
    return match_run_propose(call=call, by=by)
