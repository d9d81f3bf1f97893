"""The ranking's seed: drawn once per call, at random, the first time the call is ranked, then fixed.

The posterior draws behind the expected ranks and intervals depend on the seed; recording
it makes the ranking reproducible (same reviews, same seed, same page), and fixing it
means nobody can re-draw the ranking until it suits them. There is deliberately no
"draw a new seed": a fixed recorded seed is what the issue asks for, and a PostgreSQL
trigger (selection 0009) refuses to change it once recorded.
"""
import secrets

from django.db import transaction

from innocore.models import Call
from selection.models import ReviewSettings

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
