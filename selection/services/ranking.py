"""The ranking's seed (drawn once per call, then fixed) and the refresh of a call's ranking by a worker.

The posterior draws behind the expected ranks and intervals depend on the seed; recording
it makes the ranking reproducible (same reviews, same seed, same page), and fixing it
means nobody can re-draw the ranking until it suits them. There is deliberately no
"draw a new seed": a fixed recorded seed is what the issue asks for, and a PostgreSQL
trigger (selection 0009) refuses to change it once recorded.
"""
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from innocore.models import Call
from innocore.services.outbox import outbox_enqueue_unless_recent
from selection.models import ReviewSettings
from selection.ranking import RankingInputError
from selection.selectors.ranking import call_ranking

# A page that finds its ranking not current asks for a refresh at most this often per call and scope.
REFRESH_PAUSE = timedelta(seconds=20)

# Seeds below 2**31: readable on the page, accepted by every random generator.
SEED_BOUND = 2**31


@transaction.atomic
def ranking_seed_record(*, call: Call) -> int:
    """The call's recorded seed, drawn now (``secrets``) if it has none; creates the call's ReviewSettings row
    with the defaults if missing. Two staff members ranking the call at once record one seed: the call row is
    locked first (the settings row may not exist yet), then the settings are read again under the lock."""
    Call.objects.select_for_update().filter(pk=call.pk).first()
    settings, _created = ReviewSettings.objects.select_for_update().get_or_create(call=call)
    if settings.ranking_seed is None:
        settings.ranking_seed = secrets.randbelow(SEED_BOUND)
        settings.save(update_fields=["ranking_seed"])
    return settings.ranking_seed


def ranking_refresh_queue(*, call: Call, team_code: str = "") -> None:
    """Ask a worker to compute the call's (or a team's) ranking from the reviews as they are now, unless that
    was asked within ``REFRESH_PAUSE`` and is still pending or recent (many staff on the page ask once)."""
    from selection.tasks import ranking_refresh as task  # the tasks module imports this one

    outbox_enqueue_unless_recent(task=task.name, kwargs_list=[{"call_id": call.pk, "team_code": team_code}],
                                 since=timezone.now() - REFRESH_PAUSE)


def ranking_refresh(*, call: Call, team_code: str = "") -> bool:
    """Compute and keep the ranking from the current reviews with the call's recorded seed (the worker's side of
    ``ranking_refresh_queue``); False when the reviews cannot be ranked (the reason is kept for the page)."""
    seed = ranking_seed_record(call=call)
    try:
        call_ranking(call=call, team_code=team_code or None, seed=seed, compute=True)
    except RankingInputError:
        return False
    return True
