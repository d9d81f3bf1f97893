"""The seats of a call: how many each team holds against its quota, under a lock.

Every service that gives a seat (publishing a match, moving a seat down the waitlist)
first calls :func:`seats_lock` inside its transaction. It locks the call row, the row
the database trigger of migration selection/0008 also locks, so two staff members
(or a publication and a decline chain) are serialised; then counts the seats held
(offers pending, open or accepted). :func:`seats_take` refuses, with a message staff
can read, a seat the quota does not have. The trigger stays the backstop.
"""
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from innocore.models import Call, CallTeamQuota
from selection.models import SEAT_HOLDING, Offer


class SeatsFull(Exception):
    """A team or the call has no free seat left."""


@dataclass
class Seats:
    call: Call
    total: int
    held: int
    quota: dict[int, int]  # team id -> quota
    held_by_team: dict[int, int] = field(default_factory=dict)

    def free(self, *, team_id: int) -> int:
        return min(self.quota.get(team_id, 0) - self.held_by_team.get(team_id, 0), self.total - self.held)

    def take(self, *, team_id: int, code: str = "") -> None:
        """Count one more seat for the team, or raise :class:`SeatsFull`."""
        if self.held >= self.total:
            raise SeatsFull(_("The call %(call)s has no seat left: %(held)d of %(total)d are held.")
                            % {"call": self.call.code, "held": self.held, "total": self.total})
        if self.held_by_team.get(team_id, 0) >= self.quota.get(team_id, 0):
            raise SeatsFull(_("The team %(team)s has no seat left: all %(quota)d are held.")
                            % {"team": code or team_id, "quota": self.quota.get(team_id, 0)})
        self.held += 1
        self.held_by_team[team_id] = self.held_by_team.get(team_id, 0) + 1

    def release(self, *, team_id: int) -> None:
        self.held -= 1
        self.held_by_team[team_id] -= 1


def seats_lock(*, call: Call) -> Seats:
    """Lock the call and count its seats; call inside ``transaction.atomic``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("seats_lock must run inside a transaction")
    locked = Call.objects.select_for_update().only("pk", "code", "total_quota").get(pk=call.pk)
    quota = dict(CallTeamQuota.objects.filter(call=locked).values_list("team_id", "quota"))
    held_by_team = dict(Offer.objects.filter(call=locked, status__in=SEAT_HOLDING).order_by()
                        .values_list("team_id").annotate(n=Count("pk")).values_list("team_id", "n"))
    return Seats(call=locked, total=locked.total_quota, held=sum(held_by_team.values()), quota=quota,
                 held_by_team=held_by_team)
