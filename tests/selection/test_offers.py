"""Offers answered: accept, decline, lapse, and the vacancy chain a decline or a lapse starts."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from innocore.models import AuditAction, AuditEntry, EmailMessage
from selection.errors import OfferClosed
from selection.match import Move
from selection.models import SEAT_HOLDING, DecisionSettings, Offer, OfferStatus
from selection.services.offers import offer_accept, offer_decline, offer_move, offers_lapse
from selection.services.seats import SeatsFull
from selection.tasks import offers_lapse_due
from tests.factories import OfferFactory, UserFactory, offer_market

pytestmark = pytest.mark.django_db


def _status(application) -> str:
    application.refresh_from_db()
    return application.status


def _holding(run) -> dict[str, str]:
    return {o.application.reference.rsplit("-", 1)[1]: o.team.code.rsplit("-", 1)[1]
            for o in Offer.objects.filter(run=run, status__in=SEAT_HOLDING).select_related("application", "team")}


def _emails(application) -> list[str]:
    return list(EmailMessage.objects.filter(topic=application.email_topic).values_list("subject", flat=True))


def _chain_of_two():
    """A holds T1 and B holds T2; B prefers T1 (ranked second there), C waits for T2 only."""
    return offer_market(
        applicants={"A": ["T1"], "B": ["T1", "T2"], "C": ["T2"]},
        teams={"T1": (1, ["A", "B", "C"]), "T2": (1, ["B", "C"])},
        holding={"A": "T1", "B": "T2"},
    )


def test_accept_makes_the_offer_and_the_application_accepted_with_audit_and_email():
    offer = OfferFactory()
    applicant = offer.application.applicant
    accepted = offer_accept(offer=offer, by=applicant, note="  Happy to join.  ")
    assert accepted.status == OfferStatus.ACCEPTED and accepted.responded_at is not None
    assert accepted.response_note == "Happy to join."
    assert _status(offer.application) == "accepted"
    entry = AuditEntry.objects.get(action=AuditAction.OFFER_ACCEPT)
    assert entry.target_id == str(offer.pk) and entry.reason == "Happy to join."
    assert AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE, data__to="accepted").exists()
    (subject,) = _emails(offer.application)
    assert subject.startswith("Offer accepted")


def test_an_answered_offer_is_refused_a_second_answer():
    offer = OfferFactory()
    offer_accept(offer=offer, by=offer.application.applicant)
    for service in (offer_accept, offer_decline):
        with pytest.raises(OfferClosed, match="cannot be answered any more"):
            service(offer=offer, by=offer.application.applicant)
    assert AuditEntry.objects.filter(action=AuditAction.OFFER_ACCEPT).count() == 1


def test_past_the_deadline_an_offer_cannot_be_answered():
    offer = OfferFactory(sent_at=timezone.now() - timedelta(days=15))
    with pytest.raises(OfferClosed, match="deadline"):
        offer_accept(offer=offer, by=offer.application.applicant)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_only_the_applicant_answers_their_offer():
    offer = OfferFactory()
    with pytest.raises(PermissionDenied):
        offer_decline(offer=offer, by=UserFactory())
    pending = OfferFactory(status=OfferStatus.PENDING, sent_at=None)
    with pytest.raises(PermissionDenied):
        offer_accept(offer=pending, by=pending.application.applicant)


def test_a_decline_moves_the_seat_down_a_chain_of_two():
    run, apps, teams = _chain_of_two()
    offer = Offer.objects.get(application=apps["A"])
    created = offer_decline(offer=offer, by=apps["A"].applicant, note="Staying in Boston.")
    assert _holding(run) == {"B": "T1", "C": "T2"}
    assert [(o.application_id, o.team.code, o.status) for o in created] == [
        (apps["B"].pk, teams["T1"].code, "open"), (apps["C"].pk, teams["T2"].code, "open")]
    b_new, c_new = created
    assert b_new.replaces.team == teams["T2"] and b_new.replaces.status == OfferStatus.SUPERSEDED
    assert (b_new.rank, b_new.choice, c_new.rank, c_new.choice) == (2, 1, 2, 1)
    assert b_new.respond_by == b_new.sent_at + timedelta(days=14)
    assert [_status(apps[n]) for n in "ABC"] == ["declined", "offered", "offered"]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.response_note == "Staying in Boston."
    assert AuditEntry.objects.filter(action=AuditAction.OFFER_MOVE).count() == 2
    assert AuditEntry.objects.get(action=AuditAction.OFFER_DECLINE).data["moves"] == 2
    assert _emails(apps["A"])[0].startswith("Offer declined")
    assert "replaces your offer" in EmailMessage.objects.get(topic=apps["B"].email_topic).body
    assert len(_emails(apps["C"])) == 1


def test_the_response_days_of_the_call_set_the_new_deadline():
    run, apps, _teams = _chain_of_two()
    DecisionSettings.objects.create(call=run.call, offer_response_days=3)
    created = offer_decline(offer=Offer.objects.get(application=apps["A"]), by=apps["A"].applicant)
    assert {o.respond_by - o.sent_at for o in created} == {timedelta(days=3)}


def test_a_lapse_declines_and_moves_the_seat():
    run, apps, _teams = _chain_of_two()
    Offer.objects.filter(application=apps["A"]).update(respond_by=timezone.now() - timedelta(minutes=1))
    assert offers_lapse() == 1
    lapsed = Offer.objects.get(application=apps["A"])
    assert lapsed.status == OfferStatus.LAPSED and lapsed.responded_at is None
    assert _status(apps["A"]) == "declined"
    assert "lapsed" in AuditEntry.objects.get(action=AuditAction.STATUS_CHANGE, data__to="declined").reason
    assert _holding(run) == {"B": "T1", "C": "T2"}
    assert _emails(apps["A"])[0].startswith("Offer lapsed")
    assert offers_lapse() == 0  # the new offers are within their deadline


def test_the_beat_task_lapses_due_offers():
    offer = OfferFactory(sent_at=timezone.now() - timedelta(days=20))
    assert offers_lapse_due() == 1
    offer.refresh_from_db()
    assert offer.status == OfferStatus.LAPSED


def test_an_accepted_fellow_is_offered_the_team_they_ranked_higher():
    run, apps, _teams = offer_market(
        applicants={"A": ["T1"], "B": ["T1", "T2"]},
        teams={"T1": (1, ["A", "B"]), "T2": (1, ["B"])},
        holding={"A": "T1", "B": "T2"}, statuses={"B": "accepted"},
    )
    (moved,) = offer_decline(offer=Offer.objects.get(application=apps["A"]), by=apps["A"].applicant)
    assert moved.status == OfferStatus.OPEN and moved.replaces.status == OfferStatus.SUPERSEDED
    assert _status(apps["B"]) == "offered"
    assert _holding(run) == {"B": "T1"}


def test_a_selected_applicant_moved_keeps_a_pending_offer_and_gets_no_email_yet():
    run, apps, teams = offer_market(
        applicants={"A": ["T1"], "B": ["T1", "T2"]},
        teams={"T1": (1, ["A", "B"]), "T2": (1, ["B"])},
        holding={"A": "T1", "B": "T2"}, statuses={"B": "selected"},
    )
    (moved,) = offer_decline(offer=Offer.objects.get(application=apps["A"]), by=apps["A"].applicant)
    assert (moved.status, moved.sent_at, moved.respond_by, moved.team) == (OfferStatus.PENDING, None, None, teams["T1"])
    assert (moved.rank, moved.choice, Offer.objects.filter(application=apps["B"]).count()) == (2, 1, 1)
    assert _status(apps["B"]) == "selected"
    assert _emails(apps["B"]) == []


def test_withdrawn_and_earlier_decliners_are_skipped():
    run, apps, _teams = offer_market(
        applicants={"A": ["T1"], "B": ["T1"], "C": ["T1"], "D": ["T1"]},
        teams={"T1": (1, ["A", "B", "C", "D"])},
        holding={"A": "T1"}, statuses={"B": "withdrawn", "C": "declined"},
    )
    (moved,) = offer_decline(offer=Offer.objects.get(application=apps["A"]), by=apps["A"].applicant)
    assert moved.application == apps["D"] and moved.rank == 4


def test_nobody_wants_the_seat_it_stays_empty():
    run, apps, _teams = offer_market(
        applicants={"A": ["T1"], "B": ["T2"]}, teams={"T1": (1, ["A", "B"]), "T2": (1, ["B"])},
        holding={"A": "T1", "B": "T2"},
    )
    assert offer_decline(offer=Offer.objects.get(application=apps["A"]), by=apps["A"].applicant) == []
    assert AuditEntry.objects.get(action=AuditAction.OFFER_DECLINE).data["empty_seat"].endswith("-T1")


def test_a_move_into_a_full_team_is_refused_and_writes_nothing():
    run, apps, teams = offer_market(
        applicants={"A": ["T1"], "B": ["T1"]}, teams={"T1": (1, ["A", "B"])}, holding={"A": "T1"},
    )
    with pytest.raises(SeatsFull, match="no seat left"):
        offer_move(run=run, move=Move(applicant=apps["B"].pk, to_team=teams["T1"].code, from_team=None, rank=2,
                                      choice=1))
    assert _holding(run) == {"A": "T1"} and _status(apps["B"]) == "waitlisted"


def test_a_stale_move_is_refused():
    run, apps, teams = offer_market(
        applicants={"A": ["T1", "T2"]}, teams={"T1": (1, ["A"]), "T2": (1, ["A"])}, holding={"A": "T2"},
    )
    with pytest.raises(OfferClosed, match="changed meanwhile"):
        offer_move(run=run, move=Move(applicant=apps["A"].pk, to_team=teams["T1"].code, from_team=None, rank=1,
                                      choice=1))


@pytest.mark.postgres
def test_the_database_refuses_a_raw_offer_over_the_quota():
    run, apps, teams = offer_market(
        applicants={"A": ["T1"], "B": ["T1"]}, teams={"T1": (1, ["A", "B"]), "T2": (5, [])}, holding={"A": "T1"},
    )
    assert connection.vendor == "postgresql"
    with pytest.raises(IntegrityError, match="more than its quota"), transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO selection_offer (run_id, call_id, team_id, application_id, status, rank, choice, created_at,"
            " sent_at, respond_by, response_note, letter_sha256) VALUES (%s, %s, %s, %s, 'open', 2, 1, now(), now(),"
            " now() + interval '1 day', '', '')",
            [run.pk, run.call_id, teams["T1"].pk, apps["B"].pk],
        )
    assert _holding(run) == {"A": "T1"}


def test_a_decline_stands_when_the_run_s_lists_no_longer_describe_the_seats():
    run, apps, teams = offer_market(
        applicants={"A": ["T1"], "B": ["T1"]}, teams={"T1": (1, ["A", "B"])}, holding={"A": "T1"},
    )
    run.lists = {teams["T1"].code: [apps["B"].pk]}  # A's seat is on no list: the chain cannot start
    run.save(update_fields=["lists"])
    assert offer_decline(offer=Offer.objects.get(application=apps["A"]), by=apps["A"].applicant) == []
    assert _status(apps["A"]) == "declined" and _holding(run) == {}
    assert AuditEntry.objects.get(action=AuditAction.OFFER_DECLINE).data["moves"] is None
