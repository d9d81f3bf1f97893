"""The staff decision pages: proposal, adjustments, explanations, publish, outbox and send."""
import pytest
from hypothesis import given
from hypothesis import strategies as st
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from innocore.models import AuditAction, AuditEntry
from selection.models import MatchRun, MatchRunStatus, Offer, OfferStatus, RankingAdjustment
from selection.selectors.decisions import explanation_sentences
from selection.services.decisions import decisions_send, match_run_publish
from selection.services.match import match_run_propose, ranking_adjustment_set
from selection.services.offers import offer_accept
from tests.factories import InstituteStaffFactory, MinistryStaffFactory
from tests.selection.decisions import match_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(client):
    user = MinistryStaffFactory()
    client.force_login(user)
    return user


def url(name, call):
    return reverse(f"selection:{name}", args=[call.code])


def test_run_adjust_and_read_the_proposal(client, ministry):
    call, teams, apps = match_call(scores=[5, 4, 3], choices=[[0], [0, 1], [1]], quotas=[1, 1])
    page = client.get(url("decisions", call))
    assert page.status_code == 200 and "Run the match" in page.content.decode()
    response = client.post(url("decisions_run", call))
    assert response.status_code == 302 and response["Location"] == url("decisions", call)
    run = MatchRun.objects.get(status=MatchRunStatus.PROPOSED)
    html = client.get(url("decisions", call)).content.decode()
    assert f"Match #{run.pk}" in html and apps[0].reference in html and teams[1].team.code in html
    response = client.post(url("decisions_adjust", call), {"reference": apps[2].reference.lower(), "kind": "exclude",
                                                           "reason": "Holds another fellowship"})
    assert response.status_code == 302
    adjustment = RankingAdjustment.objects.get()
    html = client.get(url("decisions", call)).content.decode()
    assert "Holds another fellowship" in html and str(ministry) in html
    response = client.post(url("decisions_adjust_remove", call), {"adjustment": adjustment.pk, "reason": "Checked"})
    assert response.status_code == 302 and not RankingAdjustment.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.RANKING_ADJUST).count() == 2


@pytest.mark.parametrize("data, status", [
    ({"reference": "NOPE", "kind": "pin", "reason": "x"}, 400),
    ({"reference": "", "kind": "pin", "reason": "x"}, 400),
    ({"reference": "REF", "kind": "promote", "reason": "x"}, 400),
    ({"kind": "pin"}, 400),
])
def test_bad_adjustments_answer_with_form_errors(client, ministry, data, status):
    call, _teams, _apps = match_call(scores=[5], choices=[[0]], quotas=[1])
    response = client.post(url("decisions_adjust", call), data)
    assert response.status_code == status and not RankingAdjustment.objects.exists()
    assert 'class="errorlist' in response.content.decode()


def test_stale_or_forged_run_ids_are_refused(client, ministry):
    call, _teams, _apps = match_call(scores=[5, 4], choices=[[0], [0]], quotas=[1])
    first = match_run_propose(call=call, by=ministry)
    match_run_propose(call=call, by=ministry)
    for name, data in (("decisions_publish", {"run": first.pk, "confirm": "on"}), ("decisions_discard", {"run": first.pk}),
                       ("decisions_publish", {"run": "x"}), ("decisions_send", {"run": first.pk}),
                       ("decisions_adjust_remove", {"adjustment": 999, "reason": "x"})):
        assert client.post(url(name, call), data).status_code == 400, name
    assert not Offer.objects.exists()


def test_publish_needs_confirmation_then_outbox_then_send(client, ministry, django_capture_on_commit_callbacks):
    call, _teams, apps = match_call(scores=[5, 4, 3], choices=[[0], [0], [1]], quotas=[1, 1])
    run = match_run_propose(call=call, by=ministry)
    page = client.get(url("decisions_publish", call))
    assert page.status_code == 200 and "Publishing match" in page.content.decode()
    assert client.post(url("decisions_publish", call), {"run": run.pk}).status_code == 400  # not confirmed
    response = client.post(url("decisions_publish", call), {"run": run.pk, "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == url("decisions_outbox", call)
    html = client.get(url("decisions_outbox", call)).content.decode()
    assert "Send all" in html and apps[0].applicant.email in html and "selected" in html and "Language" in html
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("decisions_send", call), {"run": run.pk})
    assert response.status_code == 302 and len(mail.outbox) == 3
    html = client.get(url("decisions_outbox", call)).content.decode()
    assert "Every decision has been sent" in html
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.OPEN}


def test_explanations_in_words():
    explanation = {"team": "T2", "choice": 2, "rank": 12, "preferred": [
        {"team": "T1", "reason": "full", "own_rank": 41, "lowest_admitted_rank": 30}]}
    with translation.override("en"):
        assert explanation_sentences(explanation=explanation) == [
            "Team T2, your 2nd choice, at rank 12 of its list.",
            "Team T1 (1st choice) was full: its last admitted was rank 30, you were 41.",
        ]
        unmatched = {"team": None, "preferred": [{"team": "T1", "reason": "not_on_list"},
                                                 {"team": "T2", "reason": "no_seats", "own_rank": 3}]}
        assert explanation_sentences(explanation=unmatched)[1:] == [
            "Team T1 (1st choice) did not have you on its list.",
            "Team T2 (2nd choice) had no seats in this call.",
        ]


refusals = st.fixed_dictionaries({
    "team": st.text(min_size=1, max_size=8), "reason": st.sampled_from(["full", "no_seats", "not_on_list", "other"]),
    "own_rank": st.none() | st.integers(1, 10**6), "lowest_admitted_rank": st.none() | st.integers(1, 10**6),
})


@given(team=st.none() | st.text(min_size=1, max_size=8), choice=st.none() | st.integers(1, 3),
       rank=st.none() | st.integers(1, 10**6), preferred=st.lists(refusals, max_size=3))
def test_every_explanation_reads_as_one_sentence_per_team(team, choice, rank, preferred):
    explanation = {"team": team, "choice": choice, "rank": rank, "preferred": preferred}
    with translation.override("ko"):
        sentences = explanation_sentences(explanation=explanation)
    assert len(sentences) == 1 + len(preferred) and all(sentences)


def test_explanations_page_renders_each_applicant(client, ministry):
    call, teams, apps = match_call(scores=[5, 4, 3], choices=[[0], [0, 1], [1]], quotas=[1, 1])
    ranking_adjustment_set(call=call, application=apps[2], kind="exclude", reason="Funded elsewhere", by=ministry)
    match_run_propose(call=call, by=ministry)
    html = client.get(url("decisions_explanations", call)).content.decode()
    assert apps[1].reference in html and "2nd choice" in html and "was full" in html
    assert "did not have you on its list" in html and "Funded elsewhere" in html
    assert AuditEntry.objects.filter(action=AuditAction.LIST_VIEW).exists()


def test_institute_staff_may_not_open_the_decision_pages(client):
    call, teams, _apps = match_call(scores=[5], choices=[[0]], quotas=[1])
    client.force_login(InstituteStaffFactory(institute=teams[0].team.institute))
    assert client.get(url("decisions", call)).status_code == 403


def test_links_from_the_ranking_and_the_overview(client, ministry):
    call, _teams, _apps = match_call(scores=[5], choices=[[0]], quotas=[1])
    target = url("decisions", call)
    assert target in client.get(url("ranking", call)).content.decode()
    assert target in client.get(reverse("selection:overview")).content.decode()


@pytest.mark.parametrize("name", ["decisions", "decisions_explanations", "decisions_outbox", "decisions_publish"])
def test_list_pages_run_the_same_queries_for_few_and_many_applicants(client, ministry, name):
    def count(n):
        call, _teams, _apps = match_call(scores=[(i % 5) + 1 for i in range(n)], choices=[[0, 1]] * n, quotas=[2, 2])
        run = match_run_propose(call=call, by=ministry)
        if name == "decisions_outbox":
            match_run_publish(run=run, by=ministry)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, call)).status_code == 200
        return len(queries)

    assert count(3) == count(12)


def test_the_offers_page_lists_each_offer_with_its_answer(client, ministry):
    call, teams, apps = match_call(scores=[5, 4, 3], choices=[[0], [0], [1]], quotas=[1, 1])
    match_run_publish(run=match_run_propose(call=call, by=ministry), by=ministry)
    decisions_send(run=MatchRun.objects.get(call=call), by=ministry)
    accepted = offer_accept(offer=Offer.objects.get(application=apps[0]), by=apps[0].applicant)
    html = client.get(url("decisions_offers", call)).content.decode()
    assert apps[0].reference in html and apps[2].reference in html and teams[0].team.code in html
    assert "Offer sent, awaiting an answer" in html and "Accepted" in html
    assert reverse("selection:offer_letter", args=[accepted.pk]) in html
    assert url("decisions_offers", call) in client.get(url("decisions_outbox", call)).content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.LIST_VIEW, data__page="selection:decisions_offers").exists()


def test_the_offers_page_runs_the_same_queries_for_few_and_many_offers(client, ministry):
    def count(n):
        call, _teams, _apps = match_call(scores=[(i % 5) + 1 for i in range(n)], choices=[[0, 1]] * n,
                                         quotas=[n, n])
        match_run_publish(run=match_run_propose(call=call, by=ministry), by=ministry)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("decisions_offers", call)).status_code == 200
        return len(queries)

    assert count(3) == count(12)
