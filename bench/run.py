"""The benchmark: one command, both databases, ratios to the floor measured in the same run.

    make bench                      # SQLite and PostgreSQL
    .venv/bin/python -m bench.run --databases sqlite --duration 3

For each database it builds a fresh database with generated data, serves the site with gunicorn
(production-like settings, bench/settings.py) on 127.0.0.1, drives each scenario with wrk from a
second process (bounded duration, loopback only), reads each scenario's SQL query count from the
X-Query-Count header, and prints a table; results also go to bench/results/<time>.json.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/kpss_bench")


@dataclass
class Scenario:
    name: str
    path: str  # may contain {placeholders} filled from the generator's context
    floor: str = "floor_get"  # the scenario whose throughput this one is compared with
    method: str = "GET"
    body: str = ""
    scaling: bool = False  # also measured at the small and large sizes
    goal: float | None = None  # the ratio to the floor we aim for (reported, never asserted)
    extra: dict = field(default_factory=dict)


SCENARIOS = [
    Scenario("floor_get", "/bench/floor/"),
    Scenario("floor_post", "/bench/floor-post/", method="POST", body='{"text": "hello"}',
             floor="floor_post"),
    Scenario("home_page", "/"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_env(database, workdir):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    if database == "sqlite":
        env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    else:
        env["DATABASE_URL"] = PG_URL
    return env


def fresh_database(database, env):
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
        return
    name = PG_URL.rsplit("/", 1)[1]
    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)


def generate(env, services):
    result = subprocess.run(
        [PYTHON, "-m", "bench.generate", "--services", str(services)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class Server:
    def __init__(self, env, workers):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "kpsite.wsgi:application", "--bind",
             f"127.0.0.1:{self.port}", "--workers", str(workers), "--log-level", "error"],
            cwd=ROOT, env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz/", timeout=2)  # noqa: S310
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def query_count(server, scenario, path):
    request = urllib.request.Request(  # noqa: S310 - loopback only
        server.base + path, method=scenario.method,
        data=scenario.body.encode() if scenario.method == "POST" else None,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return int(response.headers["X-Query-Count"]), response.status


def drive(server, scenario, path, duration, connections):
    env = {**os.environ}
    if scenario.method == "POST":
        env |= {"BENCH_METHOD": "POST", "BENCH_BODY": scenario.body}
    # A short warm-up fills caches and opens the workers' database connections.
    subprocess.run(["wrk", "-t1", f"-c{connections}", "-d1s", server.base + path],
                   capture_output=True, check=True, env=env)
    result = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "wrk" / "report.lua"), server.base + path],
        capture_output=True, text=True, check=True, env=env,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(database, services, scenarios, args, workdir):
    env = database_env(database, workdir)
    fresh_database(database, env)
    context = generate(env, services)
    server = Server(env, args.workers)
    rows = {}
    try:
        for scenario in scenarios:
            path = scenario.path.format(**context)
            queries, status = query_count(server, scenario, path)
            stats = drive(server, scenario, path, args.duration, args.connections)
            rows[scenario.name] = {"path": path, "status": status, "queries": queries, **stats}
            print(f"  {database:8} {services:>6} {scenario.name:22} {stats['rps']:8.1f} req/s "
                  f"p50 {stats['p50_us'] / 1000:7.2f} ms  queries {queries}", flush=True)
    finally:
        server.stop()
    return rows


def ratios(rows):
    for name, row in rows.items():
        scenario = next(s for s in SCENARIOS if s.name == name)
        floor = rows.get(scenario.floor)
        row["ratio_to_floor"] = round(row["rps"] / floor["rps"], 3) if floor else None
        row["goal"] = scenario.goal
    return rows


def print_table(results):
    print()
    header = (f"{'database':9} {'scenario':22} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'queries':>7} {'÷floor':>7} {'goal':>6} {'errors':>6}")
    print(header)
    print("-" * len(header))
    for database, sizes in results["runs"].items():
        for name, row in sizes["main"].items():
            goal = f"≥{row['goal']}" if row["goal"] else ""
            met = ""
            if row["goal"]:
                met = " ✓" if row["ratio_to_floor"] >= row["goal"] else " ✗"
            print(f"{database:9} {name:22} {row['rps']:8.1f} {row['p50_us'] / 1000:8.2f} "
                  f"{row['p95_us'] / 1000:8.2f} {row['queries']:7} "
                  f"{row['ratio_to_floor']:7.3f} {goal:>6}{met} {row['errors']:6}")
        for name, scaling in sizes.get("scaling", {}).items():
            print(f"{database:9} {name:22} scaling p50 ratio {scaling['p50_ratio']:.3f} "
                  f"(goal ≤1.3{' ✓' if scaling['p50_ratio'] <= 1.3 else ' ✗'}), queries "
                  f"{scaling['queries']} (equal: {'yes' if scaling['queries_equal'] else 'NO'})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    started = time.monotonic()
    results = {"started": dt.datetime.now(dt.UTC).isoformat(), "args": vars(args), "runs": {}}
    with tempfile.TemporaryDirectory(prefix="kpss-bench-") as tmp:
        for database in args.databases.split(","):
            print(f"== {database}: {args.services} services", flush=True)
            main_rows = ratios(measure(database, args.services, SCENARIOS, args, Path(tmp)))
            run = {"main": main_rows, "scaling": {}}
            scaled = [s for s in SCENARIOS if s.scaling]
            if scaled:
                small = measure(database, args.small, scaled, args, Path(tmp))
                large = measure(database, args.large, scaled, args, Path(tmp))
                for scenario in scaled:
                    s, lg = small[scenario.name], large[scenario.name]
                    run["scaling"][scenario.name] = {
                        "p50_ratio": round(lg["p50_us"] / s["p50_us"], 3),
                        "queries": [s["queries"], main_rows[scenario.name]["queries"],
                                    lg["queries"]],
                        "queries_equal": s["queries"] == lg["queries"]
                        == main_rows[scenario.name]["queries"],
                    }
            results["runs"][database] = run
    results["seconds"] = round(time.monotonic() - started, 1)
    print_table(results)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    path = out / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\n{results['seconds']} s in all; results in {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
