"""End-to-end eligibility checks: PostgreSQL, a Redis broker and real Celery worker processes.

Creates its own PostgreSQL database (dropped afterwards unless --keep), migrates it,
seeds N submitted applications with complete dossiers in bulk (documents, referee
letters, team preferences, some career breaks and some duplicate people), starts
one `celery worker` with a prefork pool of --workers processes, then times a
call-wide re-check from the staff's click (``call_eligibility_recheck``) until the
run is finished and every verdict is stored. Seeding and worker start-up are not
timed.

Also reported, for comparison: the pure rule engine alone (one process, no I/O),
and the Django layer alone (the chunk service run in this process, no queue), so
the cost of the database and of the queue are each visible.

Worker memory is the peak resident set (VmHWM in /proc/<pid>/status) of the
worker's main process and of each pool process, and the proportional set size of
all of them after the run (smaps_rollup; pages shared after fork counted once).

Run: .venv/bin/python -m benchmarks.eligibility_pipeline --applications 10000 --workers 2
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def _recreate_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(urlunparse(parsed._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _drop_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    admin = psycopg2.connect(urlunparse(parsed._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
    admin.close()


SEED_BATCH = 2000


def seed(*, applications: int, seed_value: int):
    """A call with 8 teams and the default rules, and ``applications`` submitted, complete dossiers."""
    from django.utils import timezone

    from applications.demo_profiles import synthetic_applicant
    from applications.models import Application

    rng = random.Random(seed_value)
    now = timezone.now()
    call, staff, teams = _seed_call(now=now)
    profiles = [synthetic_applicant(index) for index in range(applications)]
    users = _seed_applicants(profiles=profiles)
    rows = _application_rows(profiles=profiles, users=users, call=call, now=now, rng=rng)
    created = Application.objects.bulk_create(rows, batch_size=SEED_BATCH)
    _seed_dossier_parts(applications=created, teams=teams, now=now, rng=rng)
    return call, staff


def _seed_call(*, now):
    """Ministry staff, 4 institutes, 8 teams with keywords, and an open call over them with the default rules."""
    from applications.demo_data import FIELDS
    from applications.services.eligibility import call_eligibility_rules_create_defaults
    from innocore.models import Call, CallTeamQuota, Institute, ResearchTeam, User, UserRole

    staff = User.objects.create_user("bench-staff@example.org", is_staff=True, role=UserRole.MINISTRY_STAFF)
    institutes = [Institute.objects.create(code=code, name_en=code) for code in ("KAIST", "UNIST", "DGIST", "GIST")]
    teams = [
        ResearchTeam.objects.create(code=f"T{index}", institute=institutes[index % 4], name_en=f"Team {index}",
                                    keywords=", ".join(FIELDS[index::8]))
        for index in range(8)
    ]
    call = Call.objects.create(code="BENCH", title_en="Benchmark call", opens_at=now - timedelta(days=20),
                               closes_at=now + timedelta(days=10),
                               appointment_starts_on=(now + timedelta(days=70)).date())
    CallTeamQuota.objects.bulk_create([CallTeamQuota(call=call, team=team, quota=50) for team in teams])
    call_eligibility_rules_create_defaults(call=call, by=staff)
    return call, staff, teams


def _seed_applicants(*, profiles) -> list:
    """One account per profile with a verified email; every other one has an ORCID."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from innocore.models import User

    password = make_password("bench-password")
    users = User.objects.bulk_create(
        [User(email=f"bench{p.index}@example.org", first_name=p.given_name, last_name=p.family_name,
              orcid=f"0000-0001-{p.index // 10000:04d}-{p.index % 10000:04d}" if p.index % 2 else "",
              password=password) for p in profiles],
        batch_size=SEED_BATCH,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
        batch_size=SEED_BATCH,
    )
    return users


def _application_rows(*, profiles, users, call, now, rng: random.Random) -> list:
    """A submitted application per profile (unsaved); 1 % share the name and birth date of the one before."""
    from applications.demo_data import FIELDS
    from applications.models import Application

    today = now.date()
    rows = []
    for profile, user in zip(profiles, users):
        twin = profile.index % 100 == 99  # 1 %: same name and birth date as the applicant before
        source = profiles[profile.index - 1] if twin else profile
        born = date(1985, 1, 1) + timedelta(days=(source.index * 7919) % 5000)
        phd_status = rng.choices(("awarded", "expected"), weights=(88, 12))[0]
        phd_date = today + timedelta(days=rng.randint(-3400, -30) if phd_status == "awarded" else rng.randint(10, 120))
        rows.append(Application(
            call=call, applicant=user, reference=f"BENCH-{profile.index:06d}", status="submitted", submitted_at=now,
            given_name=source.given_name, family_name=source.family_name, nationality=profile.nationality,
            country_of_residence=profile.country_of_residence, date_of_birth=born, phd_institution="KAIST",
            phd_country="KR", phd_status=phd_status, phd_date=phd_date, current_position="Postdoc",
            current_institution="KAIST", research_field=profile.research_field,
            keywords=", ".join(rng.sample(FIELDS, 3)), research_summary="Summary.", research_plan="Plan.",
            heard_via="linkedin", consent_collection_at=now, consent_overseas_transfer_at=now,
        ))
    return rows


def _seed_dossier_parts(*, applications, teams, now, rng: random.Random) -> None:
    """Documents (0.5 % missing), 1-3 received letters, 1-3 team preferences and, for 20 %, a career break."""
    from applications.documents.validation import DocumentKind
    from applications.models import CareerBreak, Document, Referee, TeamPreference

    documents, referees, preferences, breaks = [], [], [], []
    for application in applications:
        for kind in DocumentKind.values:
            if rng.random() < 0.995:
                documents.append(Document(application=application, kind=kind, original_name=f"{kind}.pdf",
                                          storage_name=f"{application.reference}-{kind}.pdf", size=100_000, pages=5,
                                          sha256="0" * 64))
        for number in range(rng.choices((1, 2, 3), weights=(5, 60, 35))[0]):
            referees.append(Referee(application=application, name=f"Referee {number}", email=f"r{number}@uni.example",
                                    status="received", letter_received_at=now))
        for rank, team in enumerate(rng.sample(teams, rng.randint(1, 3)), start=1):
            preferences.append(TeamPreference(application=application, rank=rank, team=team))
        if rng.random() < 0.2:
            start = application.phd_date + timedelta(days=rng.randint(30, 900))
            breaks.append(CareerBreak(application=application, kind=rng.choice(("parental_leave", "military_service")),
                                      start=start, end=start + timedelta(days=rng.randint(30, 700))))
    for model, objects in ((Document, documents), (Referee, referees), (TeamPreference, preferences),
                           (CareerBreak, breaks)):
        model.objects.bulk_create(objects, batch_size=SEED_BATCH)


def start_worker(*, env: dict, queue: str, concurrency: int) -> subprocess.Popen:
    from innocore.celery import app
    from innocore.queues import queue_names

    # Every queue of this run: the eligibility tasks go to "<queue>.eligibility" (innocore/queues.py).
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "innocore", "worker", "--loglevel=WARNING", "--pool=prefork",
         f"--concurrency={concurrency}", "-Q", ",".join(queue_names(default=queue)), "-n", f"{queue}@localhost", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=BASE_DIR, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("error: the Celery worker exited during start-up")
        if app.control.ping(destination=[f"{queue}@localhost"], timeout=0.5):
            return process
    process.terminate()
    raise SystemExit("error: the Celery worker did not answer within 60 s")


def peak_rss_mb(pid: int) -> dict[int, float]:
    """VmHWM of the process and its direct children, in MB."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    peaks = {}
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks[each] = int(line.split()[1]) / 1024
    return peaks


def pss_total_mb(pid: int) -> float:
    """Proportional set size of the process and its children now: shared pages counted once in total."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    total = 0
    for each in pids:
        for line in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
    return total / 1024


def in_process_rate(*, call) -> float:
    """The chunk service in this process, no queue: verdicts cleared, statuses reset, then all chunks checked."""
    from django.db import connection, transaction

    from applications.models import Application, EligibilityVerdict
    from applications.services.eligibility import CHUNK_SIZE, eligibility_check_many
    from applications.services.status import STATUS_WRITER_SETTING, STATUS_WRITER_TOKEN

    EligibilityVerdict.objects.filter(application__call=call).delete()
    # Back to "submitted", which no transition allows: on this throwaway database the benchmark marks the
    # transaction as the status service would (migration applications/0006), instead of going through it.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [STATUS_WRITER_SETTING, STATUS_WRITER_TOKEN])
        Application.objects.filter(call=call).update(status="submitted")
    ids = list(Application.objects.filter(call=call).order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    for start in range(0, len(ids), CHUNK_SIZE):
        eligibility_check_many(application_ids=ids[start:start + CHUNK_SIZE])
    return len(ids) / (time.perf_counter() - started)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="pool processes of the worker (default 2)")
    parser.add_argument("--database-url", default=f"{DEFAULT_SERVER}/innocore_bench_eligibility",
                        help="a PostgreSQL database this benchmark may drop and re-create")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args(argv)
    if args.applications < 1 or args.workers < 1:
        parser.error("--applications and --workers must be at least 1")
    return args


def pipeline_recheck(*, call, staff, worker: subprocess.Popen, applications: int, workers: int) -> None:
    """Time a call-wide re-check through the queue until every verdict is stored, and print it with worker memory."""
    from django.db.models import Count

    from applications.models import EligibilityRun, EligibilityVerdict
    from applications.services.eligibility import CHUNK_SIZE, call_eligibility_recheck

    started = time.perf_counter()
    run = call_eligibility_recheck(call=call, by=staff)
    while not EligibilityRun.objects.filter(pk=run.pk, status="finished").exists():
        time.sleep(0.05)
    wall = time.perf_counter() - started
    run.refresh_from_db()
    verdicts = EligibilityVerdict.objects.filter(application__call=call).count()
    peaks = peak_rss_mb(worker.pid)
    pss = pss_total_mb(worker.pid)
    outcomes = dict(EligibilityVerdict.objects.filter(application__call=call).values_list("outcome")
                    .annotate(n=Count("id")).values_list("outcome", "n"))
    if verdicts != applications or run.failed:
        raise SystemExit(f"error: {verdicts} verdicts for {applications} applications, {run.failed} failed")
    print(f"pipeline: {applications} applications, {run.chunks} chunks of {CHUNK_SIZE}, "
          f"1 worker x {workers} processes")
    print(f"  verdicts: {', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))}")
    print(f"  wall time {wall:.2f} s, {applications / wall:,.0f} checks/s end to end")
    print(f"  worker peak RSS: main {peaks.get(worker.pid, 0):.0f} MB, pool "
          + ", ".join(f"{mb:.0f} MB" for pid, mb in peaks.items() if pid != worker.pid)
          + f"; largest {max(peaks.values()):.0f} MB; PSS of all {len(peaks)} after the run {pss:.0f} MB")


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innocore.settings", "DATABASE_URL": args.database_url,
           "REDIS_URL": args.redis_url, "CELERY_BROKER_URL": args.redis_url, "CELERY_RESULT_BACKEND": args.redis_url,
           "CELERY_TASK_ALWAYS_EAGER": "0", "CELERY_TASK_DEFAULT_QUEUE": queue}
    os.environ.update(env)
    _recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.eligibility_engine import measure

    worker = None
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call, staff = seed(applications=args.applications, seed_value=args.seed)
        print(f"seeded {args.applications} applications in {time.perf_counter() - started:.1f} s")
        worker = start_worker(env=env, queue=queue, concurrency=args.workers)

        pipeline_recheck(call=call, staff=staff, worker=worker, applications=args.applications, workers=args.workers)
        worker.terminate()
        worker.wait(30)
        worker = None
        print(f"django layer in one process, no queue: {in_process_rate(call=call):,.0f} checks/s")
        rate, _counts = measure(applications=max(args.applications, 20_000), seed=args.seed)
        print(f"pure engine in one process: {rate:,.0f} checks/s")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(args.database_url)


if __name__ == "__main__":
    main()
