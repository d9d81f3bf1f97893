"""A web process starts without the numerical libraries: NumPy, SciPy and OR-Tools (~60-100 MB resident) are
imported by the ranking, the match and the assignment solver when they run, not by importing the views. The
deadline-day load test measured 209-211 MB per gunicorn worker with them loaded at start-up (target 200 MB)."""
import json
import os
import subprocess
import sys

from django.conf import settings

HEAVY = ("numpy", "scipy", "ortools", "weasyprint", "openpyxl")

PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocore.settings")
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
from django.urls import get_resolver
resolver = get_resolver()
resolver.url_patterns  # imports every view module, as the first request does
resolver.resolve("/")
import applications.tasks, innocore.tasks, selection.tasks  # what queueing a task imports (services import them)
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in %r)))
"""


def test_a_web_process_starts_without_the_numerical_libraries():
    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR)}
    result = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,)], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert {name.split(".")[0] for name in loaded} == set(), loaded
