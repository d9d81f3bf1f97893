"""A run's heartbeat: while a worker works on a run, a thread stamps ``heartbeat_at`` on the run's row.

When the process dies (a pool child killed, the whole worker killed, the machine gone)
the stamps stop. A run whose heartbeat is older than ``PORTAL_RUN_LEASE_SECONDS`` is
known to have lost its worker: a redelivered task takes it over, or the beat sweeper
marks it failed, and staff can start again. The stamp is a thread so that it keeps
going while the main thread is inside a long solver call that reports nothing.
"""
import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections, models
from django.utils import timezone

logger = logging.getLogger(__name__)


def heartbeat_interval() -> float:
    return max(0.2, settings.PORTAL_RUN_LEASE_SECONDS / 4)


@contextmanager
def heartbeat(*, model: type[models.Model], pk: int, lease_token: str = ""):
    """Stamp ``model``'s row ``pk`` every quarter of the lease while the block runs.

    With ``lease_token`` only a row still holding that token is stamped; the yielded
    event is set once it no longer does (another worker took the run over).
    """
    stop, lost = threading.Event(), threading.Event()
    filters = {"pk": pk, **({"lease_token": lease_token} if lease_token else {})}

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_interval()):
                try:
                    if not model.objects.filter(**filters).update(heartbeat_at=timezone.now()):
                        lost.set()
                        return
                except DatabaseError as exc:  # the database is away: keep trying, the lease may still hold
                    logger.warning("heartbeat of %s %s not recorded: %r", model.__name__, pk, exc)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield lost
    finally:
        stop.set()
        thread.join(timeout=10)
