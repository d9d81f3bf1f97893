"""Sending Celery tasks through the transactional outbox (:mod:`innocore.models.outbox`).

``outbox_enqueue`` writes the message in the caller's transaction and dispatches it
once that commits. When the broker is down the dispatch fails quietly (logged, the
row kept pending) and the user's request still gets its normal answer; the beat task
``outbox_sweep`` sends it again later. A message can therefore reach the broker more
than once (sent, then the mark failed): every task sent this way must be idempotent.
"""
import hashlib
import json
import logging
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from innocore.models import OutboxMessage

logger = logging.getLogger(__name__)
KEEP_DISPATCHED = timedelta(days=7)
BROKER_PAUSE_SECONDS = 10
_broker_down_until = 0.0  # time.monotonic() before which this process does not try the broker again


def outbox_key(*, task: str, kwargs: dict) -> str:
    """The same task with the same arguments always gets the same key."""
    return hashlib.sha256(f"{task}|{json.dumps(kwargs, sort_keys=True)}".encode()).hexdigest()


def _eager() -> bool:
    from innocore.celery import app

    return bool(app.conf.task_always_eager)


def outbox_enqueue(*, task: str, kwargs: dict) -> OutboxMessage:
    """Record ``task(**kwargs)`` in the current transaction and send it to the broker after the commit.

    Without a broker (eager mode: the demo and most tests) the task runs in-process on
    commit and its errors propagate; with one, a failed dispatch is logged, never raised.
    """
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs, key=outbox_key(task=task, kwargs=kwargs))
    if _eager() and settings.PORTAL_EAGER_TASKS_IN_BACKGROUND:
        transaction.on_commit(partial(_dispatch_in_background, message_ids=[message.pk]))
    else:
        transaction.on_commit(partial(outbox_dispatch, message_ids=[message.pk]), robust=not _eager())
    return message


_background: ThreadPoolExecutor | None = None


def _dispatch_in_background(*, message_ids: list[int]) -> None:
    """The embedded demo has no worker: its tasks run in-process, and with this switch on they run after the
    response in one background thread, in order, as a worker would, so that no page waits for a solver run or
    for emails (``PORTAL_EAGER_TASKS_IN_BACKGROUND``, on in ``make run``; tests keep tasks in the request)."""
    global _background
    if _background is None:
        _background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-tasks")
    _background.submit(_run_in_background, message_ids)


def _run_in_background(message_ids: list[int]) -> None:
    try:
        outbox_dispatch(message_ids=message_ids)
    except Exception:
        logger.exception("background task of outbox messages %s failed", message_ids)
    finally:
        connections.close_all()  # this thread's own connection


def outbox_enqueue_unless_recent(*, task: str, kwargs_list: Iterable[dict], since: datetime) -> int:
    """Enqueue each ``task(**kwargs)`` not enqueued since ``since`` and not still pending; how many were.

    The sweepers use it to queue stuck work again without piling up a copy per sweep.
    """
    by_key = {outbox_key(task=task, kwargs=kwargs): kwargs for kwargs in kwargs_list}
    recent = set(
        OutboxMessage.objects.filter(key__in=list(by_key))
        .filter(Q(created_at__gte=since) | Q(dispatched_at__isnull=True)).values_list("key", flat=True)
    )
    for key, kwargs in by_key.items():
        if key not in recent:
            outbox_enqueue(task=task, kwargs=kwargs)
    return len(by_key) - len(recent)


def outbox_dispatch(*, message_ids: list[int], force: bool = False) -> int:
    """Send pending messages to the broker and mark them dispatched; stops at the first broker error.

    Returns how many went out. After a broker error this process does not try again for
    ``BROKER_PAUSE_SECONDS`` (each try costs the request about 0.7 s of kombu's retries),
    unless ``force`` (the sweeper) says so: the messages wait for the sweeper.
    """
    global _broker_down_until
    from innocore.celery import app

    if not force and time.monotonic() < _broker_down_until:
        return 0
    sent = 0
    for message in OutboxMessage.objects.filter(pk__in=message_ids, dispatched_at__isnull=True).order_by("pk"):
        try:
            # Nobody waits for these results: not subscribing to them keeps the result backend (the
            # same Redis, maybe down) out of the request, which would otherwise retry for 20 s.
            task = app.tasks.get(message.task)
            if task is not None:
                task.apply_async(kwargs=message.kwargs, ignore_result=True)
            else:  # a task module this process has not imported: the worker has
                app.send_task(message.task, kwargs=message.kwargs, ignore_result=True)
        except Exception as exc:  # whatever the broker raises (kombu, redis-py, socket), the row stays pending
            if app.conf.task_always_eager:
                raise  # no broker: this is the task's own error, a bug to see
            logger.warning("outbox message %s (%s) not dispatched, will retry: %r", message.pk, message.task, exc)
            _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
            OutboxMessage.objects.filter(pk=message.pk).update(
                attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            break
        OutboxMessage.objects.filter(pk=message.pk).update(
            dispatched_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
        )
        sent += 1
    return sent


def outbox_sweep(*, limit: int = 500) -> int:
    """Dispatch again what is still pending ``PORTAL_OUTBOX_RETRY_SECONDS`` after it was recorded.

    Rows are locked with SKIP LOCKED so that two sweepers never send the same message
    at once. Dispatched rows older than a week are deleted.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.PORTAL_OUTBOX_RETRY_SECONDS)
    OutboxMessage.objects.filter(dispatched_at__lt=now - KEEP_DISPATCHED).delete()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(dispatched_at__isnull=True, created_at__lt=cutoff)
            .order_by("created_at", "id").values_list("pk", flat=True)[:limit]
        )
        return outbox_dispatch(message_ids=ids, force=True) if ids else 0
