"""Deadline day on this machine: gunicorn, a Celery worker, PostgreSQL and Redis under locust, then a check
that no acknowledged autosave was lost.

    python -m benchmarks.load [--users 200] [--spawn-rate 4] [--run-time 4m] [--workers 2] [--threads 8]
    make load                  (the same, with the defaults)

DATABASE_URL (default postgres://postgres@127.0.0.1:5432/innocore_load) is created if missing and migrated;
REDIS_URL defaults to redis://127.0.0.1:6379/15. The demo is seeded (``seed_demo --applications 1260``,
idempotent), fixture.py adds this run's applicants, then three phases run against the same server:

1. ``home``: the home page with no pauses (the cheapest existing page: the machine's ceiling);
2. ``autosave``: autosaves with no pauses (the capacity for the portal's hottest write);
3. ``scenario``: deadline day (locustfile.py) with --users users arriving at --spawn-rate per second.

Then the web workers' resident memory is read, the Celery queue is left to drain, fixture.py verify compares
every acknowledged autosave with the database, and everything started here is stopped. Figures go to
var/load/<time>/results.json and results.md. Exit status 1 if a save was lost.
"""
import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

from benchmarks.load.report import phase_rates, phase_table, render

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
BIN = Path(PY).parent
SCENARIO = ["ApplicantUser", "RefereeUser", "ReviewerUser", "StaffUser"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=4.0, help="users arriving per second (default 4)")
    parser.add_argument("--run-time", default="4m", help="scenario length, locust syntax (default 4m)")
    parser.add_argument("--capacity-users", type=int, default=32)
    parser.add_argument("--capacity-time", type=int, default=40, help="seconds of each capacity phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2: the cores)")
    parser.add_argument("--threads", type=int, default=8, help="threads per gthread worker (default 8)")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--malloc-arenas", type=int, default=2, help="MALLOC_ARENA_MAX of the web workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--applications", type=int, default=1260)
    parser.add_argument("--reviewers", type=int, default=300)
    parser.add_argument("--skip-seed", action="store_true", help="the database is already seeded")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "load")
    return parser.parse_args(argv)


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def database_ensure(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            password=parts.password, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def run(cmd: list[str], env: dict, log: Path) -> None:
    with log.open("a") as out:
        subprocess.run(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=True)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.255.0.1"})
    while True:
        try:
            urllib.request.urlopen(request, timeout=5).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def worker_rss_mb(master: subprocess.Popen) -> list[float]:
    import psutil

    return [round(child.memory_info().rss / 2**20, 1) for child in psutil.Process(master.pid).children()]


def locust(*, classes: list[str], users: int, rate: float, seconds: str, csv_prefix: Path, env: dict,
           host: str, log: Path) -> None:
    cmd = [str(BIN / "locust"), "-f", str(ROOT / "benchmarks" / "load" / "locustfile.py"), "--headless",
           "--host", host, "-u", str(users), "-r", str(rate), "--run-time", seconds, "--stop-timeout", "10",
           "--csv", str(csv_prefix), "--csv-full-history", "--only-summary", "--exit-code-on-error", "0", *classes]
    run(cmd, env, log)


def queue_drain(env: dict, seconds: int = 120) -> int:
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    deadline = time.monotonic() + seconds
    while (left := client.llen("celery")) and time.monotonic() < deadline:
        time.sleep(2)
    return left


def environment(args: argparse.Namespace, *, started: datetime, out: Path, host: str) -> dict:
    """What every process of the run shares: production settings behind one proxy, this run's files."""
    return {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/innocore_load"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(40), "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": host, "MEDIA_ROOT": str(args.out / "media"), "STATIC_ROOT": str(args.out / "static"),
        "EMAIL_URL": "memorymail://", "CACHE_KEY_PREFIX": f"load{started:%H%M%S}",
        # One reverse proxy in front (it sets X-Forwarded-For and -Proto); reviewers and staff without
        # TOTP may work (the demo's accounts have none), as in `make run`.
        "PORTAL_TRUSTED_PROXIES": "1", "PORTAL_ENFORCE_MFA": "0",
        "LOAD_FIXTURE": str(out / "fixture.json"), "LOAD_SAVES": str(out / "saves.jsonl"),
        "LOAD_PDF": str(out / "publications.pdf"),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = datetime.now(timezone.utc)
    out = args.out / started.strftime("%Y%m%dT%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    log = out / "run.log"
    host = f"http://127.0.0.1:{args.port}"
    env = environment(args, started=started, out=out, host=host)
    setup = {**env, "CELERY_TASK_ALWAYS_EAGER": "1"}
    print(f"[load] {started:%Y-%m-%d %H:%M} UTC, load average {loadavg()}; logs in {out}", flush=True)
    database_ensure(env["DATABASE_URL"])
    run([PY, "manage.py", "migrate", "--noinput"], setup, log)
    run([PY, "manage.py", "collectstatic", "--noinput"], setup, log)
    if not args.skip_seed:
        print("[load] seeding the demo", flush=True)
        run([PY, "manage.py", "seed_demo", "--applications", str(args.applications), "--reviewers",
             str(args.reviewers), "--allow-production"], setup, log)
    run([PY, "-m", "benchmarks.load.fixture", "prepare", "--applicants", str(max(args.users, args.capacity_users)),
         "--tag", f"{started:%m%d%H%M%S}", "--out", env["LOAD_FIXTURE"], "--pdf", env["LOAD_PDF"]], setup, log)
    processes = []
    try:
        processes.append(subprocess.Popen(
            [str(BIN / "celery"), "-A", "innocore", "worker", "--loglevel=WARNING", "--pool=prefork",
             "--concurrency=1"], env=env, cwd=ROOT, stdout=(out / "celery.log").open("w"), stderr=subprocess.STDOUT))
        gunicorn_cmd = [str(BIN / "gunicorn"), "innocore.wsgi:application", "-b", f"127.0.0.1:{args.port}",
                        "-w", str(args.workers), "-k", args.worker_class, "--no-control-socket"]
        if args.worker_class == "gthread":
            gunicorn_cmd += ["--threads", str(args.threads)]
        # One malloc arena per thread (glibc's default) lets a threaded worker's memory grow with its threads.
        web = subprocess.Popen(gunicorn_cmd, env={**env, "MALLOC_ARENA_MAX": str(args.malloc_arenas)}, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=(out / "gunicorn.log").open("w"))
        processes.append(web)
        wait_for(host + "/")
        results = phases(args, env=env, host=host, out=out, log=log, web=web)
        print("[load] waiting for the Celery queue to drain", flush=True)
        results["queue_left"] = queue_drain(env)
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
    verdict = subprocess.run([PY, "-m", "benchmarks.load.fixture", "verify", "--fixture", env["LOAD_FIXTURE"],
                              "--saves", env["LOAD_SAVES"], "--out", str(out / "verify.json")], env=setup, cwd=ROOT)
    results["verify"] = json.loads((out / "verify.json").read_text())
    results["setup"] = {"started": started.isoformat(timespec="seconds"), "cpus": os.cpu_count(),
                        "worker_class": args.worker_class, "workers": args.workers,
                        "threads": args.threads if args.worker_class == "gthread" else 1, "users": args.users,
                        "malloc_arenas": args.malloc_arenas,
                        "spawn_rate": args.spawn_rate, "run_time": args.run_time,
                        "capacity_users": args.capacity_users, "capacity_time": args.capacity_time,
                        "command": "python -m benchmarks.load " + " ".join(argv if argv is not None else sys.argv[1:])}
    (out / "results.json").write_text(json.dumps(results, indent=2))
    (out / "results.md").write_text(render(results))
    print(render(results), flush=True)
    return verdict.returncode


def phases(args, *, env: dict, host: str, out: Path, log: Path, web: subprocess.Popen) -> dict:
    results: dict = {"load_before": loadavg(), "rss_before_mb": worker_rss_mb(web)}
    for name, classes in (("home", ["HomeUser"]), ("autosave", ["AutosaveUser"])):
        print(f"[load] capacity phase {name}: {args.capacity_users} users, {args.capacity_time} s", flush=True)
        locust(classes=classes, users=args.capacity_users, rate=args.capacity_users, seconds=f"{args.capacity_time}s",
               csv_prefix=out / name, env=env, host=host, log=log)
        results[name] = phase_rates(out / name, warmup=min(15, args.capacity_time // 3))
        results[f"load_after_{name}"] = loadavg()
    print(f"[load] scenario: {args.users} users at {args.spawn_rate}/s for {args.run_time}", flush=True)
    cpu_before = _cpu_seconds(web)
    wall = time.monotonic()
    locust(classes=SCENARIO, users=args.users, rate=args.spawn_rate, seconds=args.run_time,
           csv_prefix=out / "scenario", env=env, host=host, log=log)
    results["scenario"] = phase_table(out / "scenario")
    results["scenario_web_cpu_share"] = round((_cpu_seconds(web) - cpu_before) / (time.monotonic() - wall), 2)
    results["load_after_scenario"] = loadavg()
    results["rss_after_mb"] = worker_rss_mb(web)
    return results


def _cpu_seconds(master: subprocess.Popen) -> float:
    import psutil

    total = 0.0
    for process in [psutil.Process(master.pid), *psutil.Process(master.pid).children()]:
        times = process.cpu_times()
        total += times.user + times.system
    return total


if __name__ == "__main__":
    sys.exit(main())
