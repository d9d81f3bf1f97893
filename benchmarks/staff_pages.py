"""Time the staff pages issue 13 found slow, on the database DATABASE_URL points at (seeded with seed_demo).

    python -m benchmarks.staff_pages [--runs 5]

For each page: the median and best server time of --runs requests through Django's test client (no network,
no gunicorn), the size of the answer and its number of queries. The pages: the call's assignment page
(latest run), the admin's applications list, the admin's assignments list (100 rows each).
"""
import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocore.settings")
    os.environ.setdefault("PORTAL_ENFORCE_MFA", "0")
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from applications.models import Application
    from innocore.demo import DEMO_LOGINS
    from innocore.models import Call, User, UserRole
    from selection.models import Assignment, AssignmentRun

    call = Call.objects.order_by("-opens_at").first()
    staff = User.objects.get(email=next(d.email for d in DEMO_LOGINS if d.role == UserRole.MINISTRY_STAFF))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    pages = {"assignment page": f"/staff/calls/{call.code}/assignment/", "admin applications": "/admin/applications/application/",
             "admin assignments": "/admin/selection/assignment/"}
    print(f"{Application.objects.count()} applications, {Assignment.objects.count()} assignments, "
          f"{AssignmentRun.objects.count()} runs; load average {os.getloadavg()[0]:.2f}")
    for name, url in pages.items():
        times, size, queries = [], 0, 0
        for _ in range(args.runs):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
            size, queries = len(response.content), len(captured.captured_queries)
        print(f"{name:20} median {statistics.median(times) * 1000:6.0f} ms, best {min(times) * 1000:6.0f} ms, "
              f"{size / 1024:6.0f} KB, {queries} queries")


if __name__ == "__main__":
    main()
