"""The staff dashboard with N applications in PostgreSQL: the selector, the page and ``/api/v1/stats/``.

Creates its own PostgreSQL database (dropped afterwards unless --keep), migrates it, seeds
the demo programme (four institutes, eight teams, the 400-place 2025 call) and N
applications in bulk (``bulk_create``: statuses across the whole pipeline, one to three
team preferences, nationalities, countries of residence and channels shaped like the 2025
cohort, submissions spread over the call's two weeks), a published match run with offers
up to each team's quota, then ANALYZE. Seeding is not timed.

Timed, each --runs times after one untimed warm-up, median reported (and min / max):
``dashboard_figures`` for the whole call and for one institute, then the page
(``GET /staff/?call=CODE``) and the API (``GET /api/v1/stats/?call=CODE``) through
Django's test client as ministry staff (the whole request: middleware, session, template
or serializer), with their query counts. Settings are the development ones (DEBUG on: the
static files need no collectstatic; Django then also keeps each query's SQL, a few
microseconds per query).

Run: .venv/bin/python -m benchmarks.dashboard --applications 100000 --runs 7
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from datetime import timedelta

from benchmarks.eligibility_pipeline import DEFAULT_SERVER, _drop_database, _recreate_database

STATUSES = {"draft": 3, "submitted": 2, "withdrawn": 2, "ineligible": 8, "awaiting_review": 10, "under_review": 25,
            "reviewed": 20, "waitlisted": 10, "not_selected": 15, "declined": 1}
SEAT_STATUSES = ("selected", "offered", "accepted")
NATIONALITIES = {"KR": 75, "IN": 7, "CN": 5, "VN": 2, "PK": 2, "US": 2, "IR": 2, "DE": 1, "FR": 1, "JP": 1, "BD": 2}
ABROAD = {"US": 45, "DE": 8, "GB": 8, "JP": 6, "CN": 8, "IN": 10, "SG": 5, "CA": 5, "FR": 5}
CHANNELS = ("nature", "science", "linkedin", "kosen", "ksea", "student_association", "session_boston",
            "session_new_york", "session_silicon_valley", "colleague", "other", "")


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()), k=1)[0]


def seed(*, applications: int, seed_value: int):
    """The demo programme, N applications, preferences and offers; returns (call, ministry staff user)."""
    from django.db import connection
    from django.utils import timezone

    from applications.models import Application, TeamPreference
    from innocore.demo import demo_programme_seed
    from innocore.models import CallTeamQuota, User, UserRole
    from selection.models import MatchRun, MatchRunStatus, Offer, OfferStatus

    rng = random.Random(seed_value)
    call = demo_programme_seed()
    quotas = {q.team_id: q.quota for q in CallTeamQuota.objects.filter(call=call)}
    teams = list(quotas)
    staff = User.objects.create_user(email="bench.staff@msit.example", password="bench-password-2025",
                                     role=UserRole.MINISTRY_STAFF)
    users = User.objects.bulk_create(
        [User(email=f"bench{i}@apply.example", password="!") for i in range(applications)], batch_size=5000)
    now, held = timezone.now(), dict.fromkeys(teams, 0)
    rows, choices, seats = [], [], []
    for i, user in enumerate(users):
        chosen = rng.sample(teams, rng.randint(1, 3))
        status = _pick(rng, STATUSES)
        if status in ("reviewed", "waitlisted") and held[chosen[0]] < quotas[chosen[0]] - 2 and rng.random() < 0.3:
            status = rng.choice(SEAT_STATUSES)
            held[chosen[0]] += 1
            seats.append((i, chosen[0], status))
        nationality = _pick(rng, NATIONALITIES)
        abroad = rng.random() < (0.3 if nationality == "KR" else 0.8)
        rows.append(Application(
            call=call, applicant=user, reference=f"BENCH-{i:07d}", status=status,
            submitted_at=None if status == "draft" else now - timedelta(minutes=rng.randint(0, 13 * 24 * 60)),
            nationality=nationality, country_of_residence=_pick(rng, ABROAD) if abroad else "KR",
            heard_via=rng.choice(CHANNELS), given_name="Bench", family_name=f"Applicant {i}",
        ))
        choices.append(chosen)
    created = Application.objects.bulk_create(rows, batch_size=5000)
    TeamPreference.objects.bulk_create(
        [TeamPreference(application=a, rank=rank, team_id=team)
         for a, chosen in zip(created, choices) for rank, team in enumerate(chosen, start=1)], batch_size=10000)
    run = MatchRun.objects.create(call=call, status=MatchRunStatus.PUBLISHED, ranking_seed=seed_value,
                                  created_by=staff, published_at=now)
    offer_status = {"selected": OfferStatus.PENDING, "offered": OfferStatus.OPEN, "accepted": OfferStatus.ACCEPTED}
    Offer.objects.bulk_create([
        Offer(run=run, call=call, team_id=team, application=created[i], status=offer_status[status], rank=1, choice=1,
              **({} if status == "selected" else {"sent_at": now, "respond_by": now + timedelta(days=14)}),
              **({"responded_at": now} if status == "accepted" else {}))
        for i, team, status in seats
    ], batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return call, staff


def _time(fn, runs: int) -> tuple[float, float, float]:
    fn()  # warm-up: caches, compiled templates, the first plan
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000, min(seconds) * 1000, max(seconds) * 1000


def measure(*, call, staff, runs: int) -> list[tuple[str, float, float, float, int]]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from selection.selectors.dashboard import dashboard_figures

    institute = call.team_quotas.select_related("team__institute").first().team.institute
    client = Client()
    client.force_login(staff)

    def get(url: str):
        def fetch():
            response = client.get(url, {"call": call.code})
            assert response.status_code == 200, response.status_code
        return fetch

    cases = [
        ("selector, whole call", lambda: dashboard_figures(call=call)),
        (f"selector, one institute ({institute.code})", lambda: dashboard_figures(call=call, institute=institute)),
        ("page GET /staff/?call=", get("/staff/")),
        ("API GET /api/v1/stats/?call=", get("/api/v1/stats/")),
    ]
    results = []
    for name, fn in cases:
        reset_queries()  # DEBUG keeps the last 9,000 queries: a full log would count nothing new
        with CaptureQueriesContext(connection) as queries:
            fn()
        results.append((name, *_time(fn, runs), len(queries)))
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=f"{DEFAULT_SERVER}/innocore_bench_dashboard",
                        help="a PostgreSQL database this benchmark may drop and re-create")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args(argv)
    if args.applications < 1 or args.runs < 1:
        parser.error("--applications and --runs must be at least 1")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "innocore.settings", "DATABASE_URL": args.database_url,
                       "CELERY_TASK_ALWAYS_EAGER": "1", "LOG_LEVEL": "WARNING",
                       "PORTAL_ENFORCE_MFA": "0"})  # the staff user logs in without a TOTP device
    _recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        call, staff = seed(applications=args.applications, seed_value=args.seed)
        print(f"seeded {args.applications:,} applications in {time.perf_counter() - start:.1f} s (not timed)")
        print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"Django {django.get_version()}")
        print(f"{'case':<38} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'queries':>8}")
        for name, median, low, high, queries in measure(call=call, staff=staff, runs=args.runs):
            print(f"{name:<38} {median:>10.1f} {low:>8.1f} {high:>8.1f} {queries:>8}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(args.database_url)


if __name__ == "__main__":
    main()
