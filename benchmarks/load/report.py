"""Figures of a load run from locust's CSV files, and their Markdown summary."""
import csv
from collections import defaultdict
from pathlib import Path

PERCENTILES = ("50%", "95%", "99%")


def _number(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def phase_table(prefix: Path) -> list[dict]:
    """Per request name (and "Aggregated"): count, failures, requests/s, p50/p95/p99 and max in ms."""
    with Path(f"{prefix}_stats.csv").open() as f:
        return [{"name": row["Name"], "count": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                 "rps": round(_number(row["Requests/s"]), 1),
                 **{p: _number(row[p]) for p in PERCENTILES}, "max": round(_number(row["Max Response Time"]))}
                for row in csv.DictReader(f)]


def phase_rates(prefix: Path, *, warmup: int) -> dict:
    """Throughput after the first ``warmup`` seconds (the logins of the capacity users), per request name, from
    the per-second history; with the phase's own percentiles and failures."""
    series: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with Path(f"{prefix}_stats_history.csv").open() as f:
        for row in csv.DictReader(f):
            series[row["Name"]].append((int(row["Timestamp"]), int(_number(row["Total Request Count"]))))
    rates = {}
    for name, points in series.items():
        start = points[0][0] + warmup
        steady = [p for p in points if p[0] >= start]
        if len(steady) >= 2 and steady[-1][0] > steady[0][0]:
            rates[name] = round((steady[-1][1] - steady[0][1]) / (steady[-1][0] - steady[0][0]), 1)
    return {"steady_rps": rates, "table": phase_table(prefix)}


def _rows(table: list[dict]) -> list[str]:
    lines = ["| request | count | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in table:
        lines.append(f"| {row['name']} | {row['count']} | {row['failures']} | {row['rps']} | {row['50%']:.0f} | "
                     f"{row['95%']:.0f} | {row['99%']:.0f} | {row['max']} |")
    return lines


def render(results: dict) -> str:
    setup, verify = results["setup"], results["verify"]
    home = results["home"]["steady_rps"].get("home", 0.0)
    saves = results["autosave"]["steady_rps"].get("autosave", 0.0)
    scenario = {row["name"]: row for row in results["scenario"]}
    total = scenario.get("Aggregated", {}).get("rps", 0.0)
    lost = len(verify["lost_values"]) + len(verify["lost_saves"])
    lines = [
        f"Run of {setup['started']} on {setup['cpus']} CPUs: gunicorn {setup['worker_class']}, "
        f"{setup['workers']} workers x {setup['threads']} threads; `{setup['command']}`.",
        f"Load average (1, 5, 15 min): before {results['load_before']}, after the home phase "
        f"{results['load_after_home']}, after the autosave phase {results['load_after_autosave']}, after the "
        f"scenario {results['load_after_scenario']}.",
        "",
        f"Capacity ({setup['capacity_users']} users without pauses, {setup['capacity_time']} s each, "
        f"steady part): home page {home} req/s; autosave {saves} saves/s = "
        f"{saves / home if home else 0:.2f} x the home page.",
        "",
        f"Scenario: {setup['users']} users arriving at {setup['spawn_rate']}/s for {setup['run_time']}: "
        f"{total} req/s overall = {total / home if home else 0:.2f} x the home page's capacity; web workers used "
        f"{results['scenario_web_cpu_share']} CPU cores on average.",
        "",
        *_rows(results["scenario"]),
        "",
        f"No lost save: {verify['acknowledged_saves']} autosaves acknowledged with a 200 on "
        f"{verify['applications_saved']} applications, {verify['values_checked']} last values compared with the "
        f"database: {lost} lost. {verify['submitted']} applications submitted; Celery queue left: "
        f"{results.get('queue_left')}.",
        f"Web worker RSS (MB): {results['rss_before_mb']} at start, {results['rss_after_mb']} after the run.",
    ]
    return "\n".join(lines) + "\n"
