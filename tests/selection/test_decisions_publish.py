"""Publishing a match and sending its decisions (selection/services/decisions.py)."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.services.status import application_status_change
from innocore.models import AuditAction, AuditEntry, EmailMessage
from innocore.models.email import EmailStatus
from selection.models import DecisionSettings, MatchRun, MatchRunStatus, Offer, OfferStatus
from selection.services.decisions import decisions_send, match_run_publish
from selection.services.match import match_run_propose
from tests.factories import MinistryStaffFactory
from tests.selection.decisions import match_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return MinistryStaffFactory()


@pytest.fixture
def proposed(staff):
    """Five applicants over two teams of one seat each; one more under review has no review."""
    call, teams, apps = match_call(scores=[5, 4, 3, 2, None], choices=[[0], [0, 1], [1], [0], [0]], quotas=[1, 1],
                                   total=3)
    application_status_change(application=apps[0], to=ApplicationStatus.REVIEWED, by=staff)
    return call, teams, apps, match_run_propose(call=call, by=staff)


def statuses(apps):
    return [Application.objects.get(pk=app.pk).status for app in apps]


def test_publish_gives_seats_within_quota_moves_statuses_and_holds_one_email_each(proposed, staff,
                                                                                  django_capture_on_commit_callbacks):
    call, teams, apps, run = proposed
    with django_capture_on_commit_callbacks(execute=True):
        result = match_run_publish(run=run, by=staff)
    assert result.offers == 2 and result.emails == 4 and result.left_alone == [apps[4]]
    offers = {offer.application_id: offer for offer in Offer.objects.filter(run=run)}
    assert set(offers) == {apps[0].pk, apps[1].pk}
    assert all(offer.status == OfferStatus.PENDING and offer.call == call for offer in offers.values())
    assert (offers[apps[1].pk].team_id, offers[apps[1].pk].rank, offers[apps[1].pk].choice) == (teams[1].team_id, 1, 2)
    assert statuses(apps) == ["selected", "selected", "waitlisted", "waitlisted", "under_review"]
    assert result.moved == {"selected": 2, "waitlisted": 2, "not_selected": 0}
    emails = EmailMessage.objects.filter(topic__startswith=f"decision:{run.pk}:")
    assert emails.count() == 4 and set(emails.values_list("status", flat=True)) == {EmailStatus.HELD}
    assert mail.outbox == []
    selected = emails.get(topic=f"decision:{run.pk}:{apps[1].pk}")
    assert selected.recipient == apps[1].applicant.email and "selected" in selected.subject
    assert teams[1].team.name_en in selected.body and "14 days" in selected.body
    run.refresh_from_db()
    assert run.status == MatchRunStatus.PUBLISHED and run.published_by == staff
    entry = AuditEntry.objects.get(action=AuditAction.MATCH_PUBLISH)
    assert entry.data["offers"] == 2 and entry.data["left_alone"] == [apps[4].reference]
    # Each applicant's route is in the trail: under review -> reviewed -> decision.
    moves = AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE, target_id=str(apps[1].pk))
    assert [m.data["to"] for m in moves.order_by("pk")][-2:] == ["reviewed", "selected"]


def test_send_releases_the_held_emails_once_and_opens_the_offers(proposed, staff, django_capture_on_commit_callbacks):
    call, _teams, apps, run = proposed
    DecisionSettings.objects.create(call=call, offer_response_days=10)
    match_run_publish(run=run, by=staff)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions_send(run=run, by=staff) == 4
    assert sorted(message.to[0] for message in mail.outbox) == sorted(app.applicant.email for app in apps[:4])
    offers = list(Offer.objects.filter(run=run))
    assert all(offer.status == OfferStatus.OPEN and offer.sent_at >= before for offer in offers)
    assert all(offer.respond_by - offer.sent_at == timedelta(days=10) for offer in offers)
    assert statuses(apps)[:2] == ["offered", "offered"]
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions_send(run=run, by=staff) == 0
    assert len(mail.outbox) == 4
    assert AuditEntry.objects.filter(action=AuditAction.DECISIONS_SEND).count() == 1


def test_send_needs_a_published_run(proposed, staff):
    *_rest, run = proposed
    with pytest.raises(ValidationError):
        decisions_send(run=run, by=staff)


def test_publish_is_refused_when_the_seats_are_taken_and_nothing_is_saved(proposed, staff):
    call, teams, apps, run = proposed
    # A seat of team 1 already held (say, by an earlier round's offer).
    old = MatchRun.objects.create(call=call, ranking_seed=1, status=MatchRunStatus.DISCARDED, created_by=staff)
    Offer.objects.create(run=old, call=call, team=teams[1].team, application=apps[3], rank=1, choice=1,
                         status=OfferStatus.OPEN, sent_at=timezone.now(), respond_by=timezone.now())
    with pytest.raises(ValidationError) as error:
        match_run_publish(run=run, by=staff)
    assert teams[1].team.code in error.value.messages[0]
    assert Offer.objects.filter(run=run).count() == 0 and not EmailMessage.objects.exists()
    assert statuses(apps)[:2] == ["reviewed", "under_review"]
    assert MatchRun.objects.get(pk=run.pk).status == MatchRunStatus.PROPOSED


def test_publish_is_refused_when_the_call_total_is_reached(staff):
    call, teams, apps = match_call(scores=[5, 4, 3], choices=[[0], [1], [1]], quotas=[1, 1], total=2)
    run = match_run_propose(call=call, by=staff)
    old = MatchRun.objects.create(call=call, ranking_seed=1, status=MatchRunStatus.DISCARDED, created_by=staff)
    Offer.objects.create(run=old, call=call, team=teams[1].team, application=apps[2], rank=2, choice=1)
    with pytest.raises(ValidationError) as error:  # two placed, one seat of the call's two already held
        match_run_publish(run=run, by=staff)
    assert error.value.messages[0].startswith(f"The call {call.code} has no seat left")
    assert Offer.objects.count() == 1


def test_publish_is_refused_when_an_application_moved_since_the_proposal(proposed, staff):
    _call, _teams, apps, run = proposed
    application_status_change(application=apps[2], to=ApplicationStatus.AWAITING_REVIEW, by=staff)
    with pytest.raises(ValidationError) as error:
        match_run_publish(run=run, by=staff)
    assert apps[2].reference in error.value.messages[0]
    assert not Offer.objects.exists()


def test_a_run_is_published_once(proposed, staff):
    *_rest, run = proposed
    match_run_publish(run=run, by=staff)
    with pytest.raises(ValidationError):
        match_run_publish(run=run, by=staff)
    assert Offer.objects.count() == 2


@pytest.mark.postgres
def test_the_database_refuses_an_offer_over_the_quota(proposed, staff):
    call, teams, apps, run = proposed
    match_run_publish(run=run, by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(run=run, call=call, team=teams[0].team, application=apps[2], rank=2, choice=1)
    assert Offer.objects.filter(team=teams[0].team).count() == 1
