"""Slow-downs for the kill tests, installed in the test worker process only (never in production code).

``tests.worker.start_worker`` starts ``celery worker -I tests.worker_hooks``: Celery imports
this module in the worker's main process once Django is set up and before the pool forks,
so every pool process (the first ones and those that replace a killed one) inherits the
wrappers. A wrapper is installed only when the test that started the worker set its
environment variable; a worker started without it runs the production code untouched.

- ``PORTAL_TEST_ELIGIBILITY_DELAY_SECONDS``: a check sleeps right after it has read the
  applicant facts of the rows it locked, before it writes anything, inside its transaction
  (wraps the ``eligibility_inputs`` selector as the service calls it), so a kill there
  lands while the check holds its row locks and has written nothing yet.
- ``record_execution``: a task of the tests' own, which appends who ran it to a Redis list
  (tests/innocore/test_queues.py: two workers share the tasks and none runs one twice).
- ``PORTAL_TEST_ASSIGNMENT_DELAY_SECONDS``: a run sleeps inside the solver call (wraps
  ``selection.planning.solve_keeping_fixed``), at its solving stage, while the run's
  heartbeat thread keeps stamping it.
"""
import functools
import json
import logging
import os
import time

from celery import shared_task
from django.conf import settings
from django.db import connection

ELIGIBILITY_DELAY_ENV = "PORTAL_TEST_ELIGIBILITY_DELAY_SECONDS"
ASSIGNMENT_DELAY_ENV = "PORTAL_TEST_ASSIGNMENT_DELAY_SECONDS"
ELIGIBILITY_DELAY_LOG = "eligibility check: test delay of"
ASSIGNMENT_DELAY_LOG = "assignment run: test delay of"

logger = logging.getLogger(__name__)


def _after(function, *, seconds: float, message: str):
    """``function`` that sleeps after it returns (its reads done, its caller's writes not begun)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        logger.warning("%s %s s (in a transaction: %s)", message, seconds, connection.in_atomic_block)
        time.sleep(seconds)
        return result
    return wrapper


def _before(function, *, seconds: float, message: str):
    """``function`` that sleeps before it starts."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        logger.warning("%s %s s", message, seconds)
        time.sleep(seconds)
        return function(*args, **kwargs)
    return wrapper


def install() -> None:
    if seconds := os.environ.get(ELIGIBILITY_DELAY_ENV):
        from applications.services import eligibility

        eligibility.eligibility_inputs = _after(eligibility.eligibility_inputs, seconds=float(seconds),
                                                message=ELIGIBILITY_DELAY_LOG)
    if seconds := os.environ.get(ASSIGNMENT_DELAY_ENV):
        from selection import planning  # looked up by the service at each solve

        planning.solve_keeping_fixed = _before(planning.solve_keeping_fixed, seconds=float(seconds),
                                               message=ASSIGNMENT_DELAY_LOG)


@shared_task(bind=True, acks_late=True, name="tests.worker_hooks.record_execution")
def record_execution(self, *, key: str, number: int, seconds: float = 0.0) -> str:
    """Take ``seconds``, then append {number, hostname, pid} to the Redis list ``key``."""
    import redis

    time.sleep(seconds)
    redis.Redis.from_url(settings.REDIS_URL).rpush(
        key, json.dumps({"number": number, "hostname": self.request.hostname, "pid": os.getpid()}))
    return self.request.hostname


install()
