"""Publishing a match's decisions and sending them.

``match_run_publish`` decides: under the call's seat lock (``seats_lock``) each placed
application takes a seat and gets a pending ``Offer``; the statuses move through the
status service (under review -> reviewed first, then selected, waitlisted or not
selected); one email per applicant is composed in their language and HELD in the
outbox. Nothing reaches an applicant until ``decisions_send`` releases the emails and
opens the offers with their response deadline.

Applications under review or reviewed that the run does not hold (no usable review,
or no team chosen) are left alone and returned as such, for staff to see.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.services.status import applications_status_change
from innocore.models import AuditAction, EmailMessage, User
from innocore.models.email import EmailStatus
from innocore.services.audit import audit_record
from innocore.services.emails import emails_release
from selection.models import DecisionSettings, MatchRun, MatchRunStatus, Offer, OfferStatus, Placement
from selection.models import PlacementOutcome as Outcome
from selection.selectors.match_input import MATCHED_STATUSES
from selection.services.decision_emails import decision_email_hold, decision_topic_prefix
from selection.services.seats import SeatsFull, seats_lock

# A call without DecisionSettings answers offers in the model's default time.
DEFAULT_RESPONSE_DAYS = DecisionSettings._meta.get_field("offer_response_days").default
S = ApplicationStatus
TARGET_STATUS = {Outcome.PLACED: S.SELECTED, Outcome.WAITLISTED: S.WAITLISTED, Outcome.NOT_PLACED: S.NOT_SELECTED}


@dataclass
class Publication:
    run: MatchRun
    offers: int = 0
    emails: int = 0
    moved: dict[str, int] = field(default_factory=dict)  # target status -> applications moved
    left_alone: list[Application] = field(default_factory=list)


def _label(run: MatchRun) -> str:
    return f"{run.call.code} match run {run.pk}"


def _locked_run(run: MatchRun) -> MatchRun:
    return MatchRun.objects.select_for_update().select_related("call").get(pk=run.pk)


def response_days(*, run: MatchRun) -> int:
    settings = DecisionSettings.objects.filter(call_id=run.call_id).first()
    return settings.offer_response_days if settings else DEFAULT_RESPONSE_DAYS


def applications_left_alone(*, run: MatchRun) -> list[Application]:
    """The call's applications under review or reviewed that the run holds no placement for."""
    return list(Application.objects.filter(call_id=run.call_id, status__in=MATCHED_STATUSES)
                .exclude(pk__in=Placement.objects.filter(run=run).values("application_id")).order_by("reference"))


@transaction.atomic
def match_run_publish(*, run: MatchRun, by: User) -> Publication:
    """Decide along the proposal; refuses (ValidationError, nothing saved) a run that is no longer the
    proposal, applications that have moved since, or a seat the quota does not have."""
    seats = seats_lock(call=run.call)  # first: the lock every seat-giving service takes, in the same order
    run = _locked_run(run)
    if run.status != MatchRunStatus.PROPOSED:
        raise ValidationError(_("This match is no longer the proposal (it is %(status)s): run it again.")
                              % {"status": run.get_status_display()}, code="not_proposed")
    placements = list(Placement.objects.filter(run=run).select_related("application__applicant", "team__institute")
                      .order_by("team_id", "rank", "pk"))
    moved = sorted(p.application.reference for p in placements if p.application.status not in MATCHED_STATUSES)
    if moved:
        raise ValidationError(_("These applications changed status since the match ran: %(refs)s. Run it again.")
                              % {"refs": ", ".join(moved[:20])}, code="stale")
    offers = []
    for placement in placements:
        if placement.outcome != Outcome.PLACED:
            continue
        try:
            seats.take(team_id=placement.team_id, code=placement.team.code)
        except SeatsFull as exc:
            raise ValidationError(str(exc), code="seats_full") from exc
        offers.append(Offer(run=run, call_id=run.call_id, team_id=placement.team_id,
                            application_id=placement.application_id, rank=placement.rank, choice=placement.choice))
    Offer.objects.bulk_create(offers)
    result = Publication(run=run, offers=len(offers), left_alone=applications_left_alone(run=run))
    result.moved = _move_statuses(run=run, placements=placements, by=by)
    days = response_days(run=run)
    for placement in placements:
        decision_email_hold(run=run, placement=placement, response_days=days)
    result.emails = len(placements)
    run.status, run.published_at, run.published_by = MatchRunStatus.PUBLISHED, timezone.now(), by
    run.save(update_fields=["status", "published_at", "published_by"])
    audit_record(by=by, action=AuditAction.MATCH_PUBLISH, target=run, label=_label(run), call_code=run.call.code,
                 data={"offers": result.offers, "emails_held": result.emails, "moved": result.moved,
                       "left_alone": [application.reference for application in result.left_alone][:200]})
    return result


def _move_statuses(*, run: MatchRun, placements: list[Placement], by: User) -> dict[str, int]:
    reason = _("Decision of match run %(run)s") % {"run": run.pk}
    ids = [placement.application_id for placement in placements]
    applications_status_change(application_ids=ids, to=S.REVIEWED, by=by, reason=reason, only_from=[S.UNDER_REVIEW])
    moved = {}
    for outcome, target in TARGET_STATUS.items():
        chosen = [placement.application_id for placement in placements if placement.outcome == outcome]
        moved[str(target)] = len(applications_status_change(application_ids=chosen, to=target, by=by, reason=reason,
                                                             only_from=[S.REVIEWED]))
    return moved


@transaction.atomic
def decisions_send(*, run: MatchRun, by: User) -> int:
    """Release the run's held emails and open its pending offers; the number of emails released.
    Idempotent: a second call finds nothing held and nothing pending, and changes nothing."""
    run = _locked_run(run)
    if run.status != MatchRunStatus.PUBLISHED:
        raise ValidationError(_("Publish the decisions before sending them."), code="not_published")
    held = EmailMessage.objects.filter(topic__startswith=decision_topic_prefix(run=run), status=EmailStatus.HELD)
    released = emails_release(email_ids=list(held.values_list("pk", flat=True)))
    now = timezone.now()
    respond_by = now + timedelta(days=response_days(run=run))
    pending = list(Offer.objects.select_for_update().filter(run=run, status=OfferStatus.PENDING)
                   .values_list("pk", "application_id"))
    Offer.objects.filter(pk__in=[pk for pk, _app in pending]).update(
        status=OfferStatus.OPEN, sent_at=now, respond_by=respond_by)
    offered = applications_status_change(
        application_ids=[application for _pk, application in pending], to=S.OFFERED, by=by,
        reason=_("Offer sent (match run %(run)s)") % {"run": run.pk}, only_from=[S.SELECTED], now=now,
    )
    if released or pending:
        audit_record(by=by, action=AuditAction.DECISIONS_SEND, target=run, label=_label(run),
                     call_code=run.call.code, data={"emails": len(released), "offers_opened": len(pending),
                                                    "offered": len(offered), "respond_by": respond_by.isoformat()})
    return len(released)
