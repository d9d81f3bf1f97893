"""The ranking seed of a call: drawn at random the first time the call is ranked, recorded, never changed."""
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from selection.models import ReviewSettings
from selection.selectors.ranking import call_ranking
from selection.services.ranking import SEED_BOUND, ranking_seed_record
from tests.factories import CallFactory, MinistryStaffFactory
from tests.selection.test_ranking_page import reviewed_call


@pytest.mark.django_db
def test_first_ranking_records_a_random_seed_shown_on_the_page_and_kept(client):
    call, _apps, _teams = reviewed_call([[5, 5], [4, 4], [2, 2]], teams=1)
    assert not ReviewSettings.objects.filter(call=call).exists()
    client.force_login(MinistryStaffFactory())
    url = reverse("selection:ranking", args=[call.code])
    first = client.get(url).content.decode()
    seed = ReviewSettings.objects.get(call=call).ranking_seed
    assert seed is not None and 0 <= seed < SEED_BOUND
    assert f"Ranking seed: {seed}" in first
    assert f"Ranking seed: {seed}" in client.get(url).content.decode()
    assert ReviewSettings.objects.get(call=call).ranking_seed == seed
    assert call_ranking(call=call).seed == seed
    assert call_ranking(call=call).rows == call_ranking(call=call, seed=seed).rows


@pytest.mark.django_db
def test_settings_of_the_call_are_kept_when_the_seed_is_recorded():
    call = CallFactory()
    ReviewSettings.objects.create(call=call, blind=True)
    seed = ranking_seed_record(call=call)
    settings = ReviewSettings.objects.get(call=call)
    assert settings.blind and settings.ranking_seed == seed == ranking_seed_record(call=call)


@pytest.mark.django_db
def test_seeds_are_drawn_at_random_per_call():
    seeds = {ranking_seed_record(call=CallFactory()) for _ in range(5)}
    assert len(seeds) > 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_to_change_a_recorded_seed_and_a_stale_save_keeps_it():
    call = CallFactory()
    stale = ReviewSettings.objects.create(call=call)  # read before the seed is drawn, as by the admin's form
    seed = ranking_seed_record(call=call)
    with pytest.raises(IntegrityError, match="cannot change"), transaction.atomic():
        ReviewSettings.objects.filter(call=call).update(ranking_seed=seed + 1)
    stale.blind = True
    stale.save()
    settings = ReviewSettings.objects.get(call=call)
    assert settings.ranking_seed == seed and settings.blind


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_staff_ranking_a_call_at_once_record_one_seed(attempt):
    call = CallFactory()
    barrier = threading.Barrier(2)
    seeds: list = []

    def rank():
        try:
            barrier.wait()
            seeds.append(ranking_seed_record(call=call))
        except Exception as error:  # an IntegrityError (two settings rows) is the bug this test is for
            seeds.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=rank) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(seeds) == 2 and seeds[0] == seeds[1] == ReviewSettings.objects.get(call=call).ranking_seed, seeds
