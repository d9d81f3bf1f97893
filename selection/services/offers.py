"""What happens to an open offer: the fellow accepts or declines it, or it lapses; a freed seat moves down the
vacancy chain (``selection.match.apply_decline``), one offer per step.

Locks, in this order, in every function here: the call's row (``seats_lock``, which the quota trigger of
selection/0008 also takes), then the offer rows, then the applications (the status service). Taking the call
first serialises everything that writes a call's offers (a double click, two tabs, a lapse racing a decline, a
publication), and one order for all means no deadlock: the trigger would take the call's row anyway on the
first offer written. The second of two clicks then finds the offer answered and is refused with a message.

Statuses: the decliner's application becomes declined (a lapse too, with the reason). A mover's previous
holding offer becomes superseded and a new open one with a fresh deadline replaces it (``replaces``); the
application is offered. A pending offer (selected, not sent yet) is moved in place instead, staying pending
and the application selected: the applicant never saw it, and the model's constraints want a superseded offer
to have been sent. An accepted fellow
moved up a team they listed higher is offered again (applications/transitions.py allows it).
"""
from __future__ import annotations

from datetime import datetime, timedelta
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from applications.services.status import application_status_change
from innocore.models import AuditAction, Call, User
from innocore.services.audit import audit_record
from selection import match as matching
from selection.errors import OfferClosed
from selection.models import SEAT_HOLDING, DecisionSettings, MatchRun, Offer, OfferStatus
from selection.selectors.offers import run_chain_state, run_teams
from selection.services.offer_emails import offer_email_queue
from selection.services.seats import SeatsFull, seats_lock

if TYPE_CHECKING:
    from selection.match import Move

logger = logging.getLogger(__name__)

LAPSE_BATCH = 500


def offer_response_days(*, call: Call) -> int:
    days = DecisionSettings.objects.filter(call=call).values_list("offer_response_days", flat=True).first()
    return days or DecisionSettings._meta.get_field("offer_response_days").default


def _lock(*, offer: Offer) -> Offer:
    return (Offer.objects.select_for_update(of=("self",))
            .select_related("application__applicant", "team__institute", "call", "run").get(pk=offer.pk))


def _lock_open(*, offer: Offer, by: User, now: datetime) -> Offer:
    """The offer locked, if ``by`` may answer it and it is open and within its deadline; else a refusal."""
    seats_lock(call=offer.call)
    locked = _lock(offer=offer)
    if not by.has_perm("selection.respond_to_offer", locked):
        raise PermissionDenied(_("Only the applicant can answer their offer."))
    if locked.status != OfferStatus.OPEN:
        raise OfferClosed(_("This offer cannot be answered any more: it is “%(status)s”.")
                          % {"status": locked.get_status_display()}, code="offer_not_open")
    if locked.respond_by <= now:
        raise OfferClosed(_("The deadline to answer this offer has passed."), code="offer_deadline_passed")
    return locked


def _record(*, offer: Offer, by: User | None, action: str, reason: str = "", data: dict | None = None) -> None:
    audit_record(by=by, action=action, target=offer, label=f"{offer.application.reference} {offer.team.code}",
                 call_code=offer.call.code, reason=reason,
                 data={"application": offer.application_id, "team": offer.team.code, "rank": offer.rank,
                       "choice": offer.choice, "status": offer.status, **(data or {})})


@transaction.atomic
def offer_accept(*, offer: Offer, by: User, note: str = "", now: datetime | None = None) -> Offer:
    """The applicant accepts their open offer; the application becomes accepted."""
    now = now or timezone.now()
    locked = _lock_open(offer=offer, by=by, now=now)
    locked.status, locked.responded_at, locked.response_note = OfferStatus.ACCEPTED, now, note.strip()
    locked.save(update_fields=["status", "responded_at", "response_note"])
    application_status_change(application=locked.application, to=ApplicationStatus.ACCEPTED, by=by, now=now,
                              reason=_("Accepted the offer of %(team)s") % {"team": locked.team.code})
    _record(offer=locked, by=by, action=AuditAction.OFFER_ACCEPT, reason=locked.response_note)
    offer_email_queue(offer=locked, kind="accepted")
    return locked


@transaction.atomic
def offer_decline(*, offer: Offer, by: User, note: str = "", now: datetime | None = None) -> list[Offer]:
    """The applicant declines their open offer; the seat moves down the vacancy chain. Returns the offers
    the chain created."""
    now = now or timezone.now()
    locked = _lock_open(offer=offer, by=by, now=now)
    locked.response_note = note.strip()
    return _leave(offer=locked, status=OfferStatus.DECLINED, by=by, now=now)


def offers_lapse(*, now: datetime | None = None) -> int:
    """Lapse every open offer past its deadline (beat task), each in its own transaction with its chain;
    returns how many lapsed."""
    now = now or timezone.now()
    due = list(Offer.objects.filter(status=OfferStatus.OPEN, respond_by__lte=now)
               .order_by("respond_by", "pk").values_list("pk", flat=True)[:LAPSE_BATCH])
    lapsed = 0
    for pk in due:
        try:
            lapsed += offer_lapse(offer_id=pk, now=now)
        except ValidationError:  # the application's status no longer fits (changed by hand): staff look
            logger.exception("offer %s could not lapse", pk)
    return lapsed


@transaction.atomic
def offer_lapse(*, offer_id: int, now: datetime | None = None) -> int:
    """Lapse one offer if it is still open and past its deadline (an answer may have come meanwhile): 1 if
    it lapsed, 0 if not."""
    now = now or timezone.now()
    offer = Offer.objects.select_related("call").filter(pk=offer_id).first()
    if offer is None:
        return 0
    seats_lock(call=offer.call)
    locked = _lock(offer=offer)
    if locked.status != OfferStatus.OPEN or locked.respond_by > now:
        return 0
    _leave(offer=locked, status=OfferStatus.LAPSED, by=None, now=now)
    return 1


def _leave(*, offer: Offer, status: str, by: User | None, now: datetime) -> list[Offer]:
    """``offer`` (locked, open, the call locked) is declined or lapsed; then its seat moves down the chain."""
    try:
        state = run_chain_state(run=offer.run)
        outcome = matching.apply_decline(market=state.market, assignment=state.assignment, applicant=offer.application_id,
                                gone=state.gone)
    except matching.MatchInputError:  # the run's lists no longer describe the seats: the answer stands, staff look
        logger.exception("offer %s: the vacancy chain of run %s cannot run", offer.pk, offer.run_id)
        outcome = None
    lapsed = status == OfferStatus.LAPSED
    offer.status = status
    offer.responded_at = now if not lapsed else None
    offer.save(update_fields=["status", "responded_at", "response_note"])
    reason = (_("The offer of %(team)s lapsed: no answer by its deadline.") if lapsed
              else _("Declined the offer of %(team)s")) % {"team": offer.team.code}
    application_status_change(application=offer.application, to=ApplicationStatus.DECLINED, by=by, now=now,
                              reason=reason)
    _record(offer=offer, by=by, action=AuditAction.OFFER_LAPSE if lapsed else AuditAction.OFFER_DECLINE,
            reason=offer.response_note or reason,
            data={"moves": len(outcome.moves) if outcome else None,
                  "empty_seat": outcome.empty_seat if outcome else offer.team.code})
    offer_email_queue(offer=offer, kind="lapsed" if lapsed else "declined")
    created: list[Offer] = []
    for move in outcome.moves if outcome else ():
        try:  # each move is a savepoint: a refused one is undone alone, and the chain stops there
            created.append(offer_move(run=offer.run, move=move, by=by, now=now, cause=offer))
        except (SeatsFull, OfferClosed) as refusal:  # the quotas were lowered below the run's capacities
            logger.warning("offer %s: the vacancy chain stopped at %s: %s", offer.pk, move, refusal)
            break
    return created


@transaction.atomic
def offer_move(*, run: MatchRun, move: Move, by: User | None = None, now: datetime | None = None,
               cause: Offer | None = None) -> Offer:
    """Give ``move.applicant`` (an application id) a seat of ``move.to_team`` (a team code): their holding
    offer, if any, is superseded and a new offer replaces it. The quota is counted under the call's lock:
    a team without a free seat raises SeatsFull and nothing is written; a mover who no longer holds what the
    move says (the state changed) raises OfferClosed."""
    now = now or timezone.now()
    seats = seats_lock(call=run.call)
    team = run_teams(run=run)[move.to_team]
    old = (Offer.objects.select_for_update(of=("self",)).select_related("team", "application")
           .filter(run=run, application_id=move.applicant, status__in=SEAT_HOLDING).first())
    if (old.team.code if old else None) != move.from_team:
        raise OfferClosed(_("The seats changed meanwhile: this move is no longer the next one."), code="stale_move")
    if old is not None:
        seats.release(team_id=old.team_id)
    seats.take(team_id=team.pk, code=team.code)
    pending = old is not None and old.status == OfferStatus.PENDING
    if pending:  # never sent: moved in place (a superseded offer must have been sent, see Offer's constraints)
        old.team, old.rank, old.choice = team, move.rank, move.choice
        old.save(update_fields=["team", "rank", "choice"])
        new = old
    else:
        if old is not None:
            old.status = OfferStatus.SUPERSEDED
            old.save(update_fields=["status"])
        new = Offer.objects.create(
            run=run, call=run.call, team=team, application_id=move.applicant, rank=move.rank, choice=move.choice,
            status=OfferStatus.OPEN, sent_at=now, replaces=old,
            respond_by=now + timedelta(days=offer_response_days(call=run.call)),
        )
    new = Offer.objects.select_related("application__applicant", "team__institute", "call").get(pk=new.pk)
    if not pending and new.application.status != ApplicationStatus.OFFERED:
        application_status_change(application=new.application, to=ApplicationStatus.OFFERED, by=by, now=now,
                                  reason=_("Offered a seat of %(team)s freed down the waiting list")
                                  % {"team": team.code})
    _record(offer=new, by=by, action=AuditAction.OFFER_MOVE,
            data={"from_team": move.from_team, "replaces": old.pk if old and not pending else None,
                  "cause": cause.pk if cause else None})
    if not pending:
        offer_email_queue(offer=new, kind="open", previous=old)
    return new
