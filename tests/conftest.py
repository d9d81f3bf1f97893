import pytest

from tests.services import missing_for, redis_problem, require_services

SERVICE_MARKERS = {"postgres", "redis", "worker", "browser"}
_not_run: list[tuple[str, str]] = []


def pytest_collection_modifyitems(config, items):
    for item in items:
        markers = {m.name for m in item.iter_markers()} & SERVICE_MARKERS
        if not markers:
            continue
        problem = missing_for(markers)
        if problem is None:
            continue
        if require_services():
            item.add_marker(pytest.mark.usefixtures("_fail_missing_service"))
            item.user_properties.append(("missing_service", problem))
        else:
            _not_run.append((item.nodeid, problem))
            item.add_marker(pytest.mark.skip(reason=f"SERVICE MISSING: {problem}"))


@pytest.fixture
def _fail_missing_service(request):
    problem = dict(request.node.user_properties).get("missing_service")
    pytest.fail(f"PORTAL_REQUIRE_SERVICES is set but a service is missing: {problem}", pytrace=False)


def pytest_terminal_summary(terminalreporter):
    if not _not_run:
        return
    write = terminalreporter.write_line
    write("")
    write("!" * 78, red=True, bold=True)
    write(f"!! {len(_not_run)} TESTS NEEDING REAL SERVICES DID NOT RUN", red=True, bold=True)
    reasons = sorted({problem for _node, problem in _not_run})
    for problem in reasons:
        write(f"!!   - {problem}", red=True)
    write("!! Set DATABASE_URL=postgres://... and REDIS_URL=redis://... to run them", red=True)
    write("!! (CI sets PORTAL_REQUIRE_SERVICES=1, which makes them fail instead).", red=True)
    write("!" * 78, red=True, bold=True)


@pytest.fixture(autouse=True)
def _fast_and_eager(settings):
    """Fast password hashing, no TOTP set-up, in-process Celery tasks unless a test asks for a real worker."""
    from innocore.celery import app

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PORTAL_ENFORCE_MFA = False  # tests/innocore/test_mfa.py turns it back on
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request in Korean leaves Korean active in the
    thread (LocaleMiddleware does not undo it), which would change the messages the next test reads."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """An empty cache for each test (allauth's login limits and used TOTP codes live there): the configured
    backend (Redis when REDIS_URL answers, as in production) under a key prefix of the test's own,
    whose keys are deleted afterwards. Yields the prefix (a subprocess can share the test's cache)."""
    import uuid

    from django.core.cache import cache

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    conf = dict(settings.CACHES["default"])
    on_redis = conf["BACKEND"].endswith("RedisCache") and redis_problem() is None
    if not on_redis:
        conf = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}
    settings.CACHES = {"default": {**conf, "KEY_PREFIX": prefix}}
    yield prefix
    if on_redis:
        import redis

        client = redis.Redis.from_url(conf["LOCATION"])
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture
def celery_worker(transactional_db):
    """A real worker process consuming a queue of its own; tasks sent in the test go to it."""
    from innocore.celery import app
    from tests.worker import start_worker

    worker = start_worker()
    previous_queue = app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = worker.queue
    try:
        yield worker
    finally:
        app.conf.task_default_queue = previous_queue
        worker.stop()


@pytest.fixture
def workers(transactional_db):
    """Start real workers on a queue of their own with a two-second run lease, so that killed-worker tests
    finish in seconds: ``start(**env)`` starts one more; all are stopped at the end."""
    import uuid

    from innocore.celery import app
    from tests.worker import start_worker

    queue = f"test-runs-{uuid.uuid4().hex[:8]}"
    started = []
    previous = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue

    def start(**env):
        worker = start_worker(queue=queue, extra_env={"PORTAL_RUN_LEASE_SECONDS": "2", **env})
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        app.conf.task_default_queue, app.conf.task_always_eager = previous
        for worker in started:
            worker.stop()
