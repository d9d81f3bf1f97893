"""Issue 9, item 11: the first request after a database restart is answered, not a 500.

A real gunicorn worker keeps its PostgreSQL connection between requests
(CONN_MAX_AGE) and reaches the database through a TCP proxy (tests/faults.py). The
test cuts every connection and restores the proxy, as a database restart would:
with CONN_HEALTH_CHECKS the kept connection is found dead and replaced; without, the
next request fails. Both are run, so the test shows the setting is what matters.
"""
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from tests.faults import TcpProxy, free_port
from tests.worker import test_database_url as worker_database_url


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.postgres
@pytest.mark.parametrize(("health_checks", "after_restart"), [("1", 200), ("0", 500)])
def test_the_first_request_after_a_database_restart(transactional_db, health_checks, after_restart, tmp_path):
    db = connection.settings_dict
    proxy = TcpProxy(db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432).start()
    port = free_port()
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "innocore.settings", "DEBUG": "1",
        "DATABASE_URL": worker_database_url().replace(f":{db.get('PORT') or 5432}/", f":{proxy.port}/"),
        "DB_CONN_MAX_AGE": "600", "DB_CONN_HEALTH_CHECKS": health_checks,
    }
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "innocore.wsgi:application", "--workers", "1", "--bind",
         f"127.0.0.1:{port}", "--access-logfile", "-"],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                first = _get(url)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(f"gunicorn did not start:\n{log.read_text()}") from None
                time.sleep(0.2)
        assert first == 200, log.read_text()
        proxy.cut()
        proxy.restore()
        assert _get(url) == after_restart, log.read_text()
        assert _get(url) == 200, log.read_text()  # either way, the request after that reconnects
    finally:
        server.terminate()
        server.wait(10)
        proxy.close()
