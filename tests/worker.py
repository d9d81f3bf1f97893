"""A real Celery worker, started as its own process against the test database and Redis."""
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    hostname: str
    queue: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


def test_database_url() -> str:
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_worker(*, queue: str | None = None, concurrency: int = 1, extra_env: dict | None = None) -> WorkerProcess:
    """Start `celery worker` in a subprocess and wait until it answers a ping.

    The worker loads ``tests.worker_hooks`` (``--include``): the slow-downs a test asks for through
    ``extra_env`` (see that module) are installed there, outside the production code.
    """
    from innocore.celery import app

    queue = queue or f"test-{uuid.uuid4().hex[:10]}"
    # Unique even when several workers share the queue (tests/innocore/test_queues.py starts two).
    hostname = f"{queue}-{uuid.uuid4().hex[:6]}@localhost"
    log_file = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innocore.settings",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DB_CONN_MAX_AGE": "0",
        **(extra_env or {}),
    }
    # No -Q: like production, the worker consumes every queue of its deployment (innocore/queues.py), here
    # the test's own queue and its kinds of work (<queue>.email, <queue>.eligibility, <queue>.assignment).
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "innocore", "worker", "--loglevel=INFO", "--pool=prefork",
         f"--concurrency={concurrency}", "-n", hostname, "--without-gossip", "--without-mingle",
         "--include", "tests.worker_hooks"],
        cwd=BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT,
    )
    worker = WorkerProcess(process=process, hostname=hostname, queue=queue, log_path=Path(log_file.name))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited early:\n{worker.log()}")
        if app.control.ping(destination=[hostname], timeout=0.5):
            return worker
    worker.stop()
    raise RuntimeError(f"the Celery worker did not answer within 60 s:\n{worker.log()}")


def wait_for(predicate, *, timeout: float = 30, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def child_pids(pid: int) -> list[int]:
    """The direct children of a process (a prefork worker's pool processes), from /proc."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in path.read_text().split()]
    except FileNotFoundError:
        return []


def kill_worker_hard(worker: WorkerProcess) -> None:
    """SIGKILL the worker and its pool processes at once, as a power cut or the OOM killer would."""
    import signal

    for pid in [*child_pids(worker.process.pid), worker.process.pid]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    worker.process.wait(10)
