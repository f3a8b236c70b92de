"""The benchmark: one command, both databases, ratios to the floor measured in the same run.

    make bench                      # SQLite and PostgreSQL with Redis, SQLite with the file cache
    .venv/bin/python -m bench.run --databases sqlite --duration 3
    .venv/bin/python -m bench.run --databases sqlite --caches file --skip-import   # embedded only

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
from dataclasses import dataclass
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
    # "hit": served as a repeat visitor is (the warm-up fills the caches); "miss": every request
    # misses every cache, as the first visitor after an edit (bench/cachemiss.py); "write":
    # a POST, which stores something and is never cached; "" for the floors.
    cache: str = "hit"
    # For a miss, the value of X-Bench-Miss: "1" (the catalogue's and the comments' tokens, as a
    # provider's edit or a new comment replaces them) or "publish" (the page tree's too).
    miss: str = "1"
    # The ratios to the floor we aim for, each with where it comes from (reported, never
    # asserted).
    goals: tuple = ()


COMMENT = json.dumps({"text": "Navrhujeme rozšířit pečovatelskou službu i o víkendech.",
                      "section": "oddil-1", "role": "public"})

# Issue 17, item 2: the cache-miss goals; the hit goals are the first round's.
HIT, MISS = "round 1, hit", "issue 17, miss"


def both(name, path, hit_goal=None, miss_goal=None, scaling=False):
    """A page or API route measured from the cache and as a miss."""
    return [
        Scenario(name, path, scaling=scaling, goals=((hit_goal, HIT),) if hit_goal else ()),
        Scenario(f"{name}_miss", path, scaling=scaling, cache="miss",
                 goals=((miss_goal, MISS),) if miss_goal else ()),
    ]


SCENARIOS = [
    Scenario("floor_get", "/bench/floor/", cache=""),
    Scenario("floor_post", "/bench/floor-post/", method="POST", body=COMMENT,
             floor="floor_post", cache=""),
    *both("home_page", "/", miss_goal=0.25),
    # After a page publish: the menu, the Site, the routes and the kept page parts are read and
    # rendered again (bench/cachemiss.py). Reported, no goal: editors publish a few times a day.
    Scenario("home_page_publish_miss", "/", cache="miss", miss="publish"),
    *both("catalogue_page", "{catalogue_path}?{catalogue_query}", 0.35, 0.10, scaling=True),
    *both("service_detail", "{service_path}", miss_goal=0.20),
    *both("services_api", "/api/v3/catalogue/services/?{api_query}", 0.5, 0.20, scaling=True),
    # Issue 17, item 3: the same filters and search in a town whose services do not grow with
    # the catalogue (bench/generate.py, LOCAL_TOWN): the answer is 50 services at every size,
    # where the scenarios above find 50, 1,000 and 5,000.
    Scenario("catalogue_local_miss", "{catalogue_path}?{local_catalogue_query}", scaling=True,
             cache="miss"),
    Scenario("services_api_local_miss", "/api/v3/catalogue/services/?{local_api_query}",
             scaling=True, cache="miss"),
    *both("draft_page", "{draft_path}", 0.3, 0.30),
    *both("comments_api", "/api/v3/consultations/{draft_id}/comments/"),
    # Last: every request stores a comment (pending moderation) on the draft.
    Scenario("comment_post", "/api/v3/consultations/{draft_id}/comments/", method="POST",
             body=COMMENT, floor="floor_post", cache="write",
             goals=((0.5, "round 1"), (0.25, "issue 17"))),
]

# Issue 17, item 6: throughput with more gunicorn workers, these scenarios side by side.
WORKER_SCENARIOS = ("floor_get", "catalogue_page", "catalogue_page_miss", "services_api_miss")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChildProcess:
    """A server this run starts, waits for and stops; ``self.process`` is its Popen."""

    def wait_until(self, ready, seconds, name):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                ready()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{name} did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Redis(ChildProcess):
    """A private Redis on loopback, without persistence: production's shared cache."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--loglevel", "warning"], stdout=subprocess.DEVNULL)
        self.wait_until(lambda: socket.create_connection(("127.0.0.1", self.port), 1).close(),
                        seconds=10, name="redis-server")


REDIS = None


def database_env(database, workdir, prefix="bench", cache="redis"):
    """``cache``: "redis" (several servers) or "file" (the embedded default of one server: the
    file cache its workers share, see docs/deployment.md)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT),
           "STATIC_ROOT": str(workdir / "static")}
    env.pop("REDIS_URL", None)
    if cache == "redis" and REDIS:
        # One key prefix per database and size: a fresh database never meets old entries.
        env |= {"REDIS_URL": REDIS.url, "CACHE_KEY_PREFIX": prefix}
    else:
        # One directory per database and size, for the same reason.
        env |= {"KPSS_CACHE_DIR": str(workdir / f"cache-{prefix}")}
    env.pop("DATABASE_URL", None)
    if database == "sqlite":
        env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    else:
        env["DATABASE_URL"] = PG_URL
    return env


def psql(sql):
    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)


def fresh_database(database, env, template=None):
    """An empty database, or a copy of ``template`` (the migrated demo, built once per run:
    migrating takes longer than generating the data)."""
    if database == "sqlite":
        path = Path(env["SQLITE_PATH"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if template:
            shutil.copyfile(template, path)
        return
    name = PG_URL.rsplit("/", 1)[1]
    psql(f'DROP DATABASE IF EXISTS "{name}"')
    psql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def base_database(database, workdir):
    """Migrate and load the demo once; returns what ``fresh_database`` copies from."""
    env = database_env(database, workdir)
    fresh_database(database, env)
    run_generator(env, "--base-only")
    if database == "sqlite":
        template = str(workdir / "base.sqlite3")
        shutil.copyfile(env["SQLITE_PATH"], template)
        return template
    name = PG_URL.rsplit("/", 1)[1]
    template = f"{name}_base"
    psql(f'DROP DATABASE IF EXISTS "{template}"')
    psql(f'ALTER DATABASE "{name}" RENAME TO "{template}"')
    return template


def run_generator(env, *options):
    result = subprocess.run(
        [PYTHON, "-m", "bench.generate", *options],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if result.returncode:
        sys.exit(f"bench.generate failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def generate(env, services):
    return run_generator(env, "--no-base", "--services", str(services))


class Server(ChildProcess):
    def __init__(self, env, workers):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "kpsite.wsgi:application", "--bind",
             f"127.0.0.1:{self.port}", "--workers", str(workers), "--log-level", "error"],
            cwd=ROOT, env=env,
        )
        self.wait_until(lambda: urllib.request.urlopen(self.base + "/healthz/", timeout=2),  # noqa: S310
                        seconds=60, name="gunicorn")


def query_count(server, scenario, path):
    """SQL statements of a request as this scenario serves it: the least of four requests, so
    a worker's first-request look-ups (content types, site root paths) do not count, and for a
    hit the first request fills the cache. A miss that runs no query did not miss."""
    counts, status, reads = [], None, None
    for _attempt in range(4):
        headers = {"Content-Type": "application/json"}
        if scenario.cache == "miss":
            headers["X-Bench-Miss"] = scenario.miss
        request = urllib.request.Request(  # noqa: S310 - loopback only
            server.base + path, method=scenario.method,
            data=scenario.body.encode() if scenario.method == "POST" else None,
            headers=headers,
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            counts.append(int(response.headers["X-Query-Count"]))
            status = response.status
            if scenario.cache == "miss":
                reads = int(response.headers["X-Bench-Miss-Reads"])
    return min(counts), status, reads


def drive(server, scenario, path, duration, connections):
    env = {**os.environ}
    if scenario.method == "POST":
        env |= {"BENCH_METHOD": "POST", "BENCH_BODY": scenario.body}
    if scenario.cache == "miss":
        env["BENCH_MISS"] = scenario.miss
    # A short warm-up fills caches and opens the workers' database connections.
    subprocess.run(["wrk", "-t1", f"-c{connections}", "-d1s", server.base + path],
                   capture_output=True, check=True, env=env)
    result = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "wrk" / "report.lua"), server.base + path],
        capture_output=True, text=True, check=True, env=env,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(database, services, scenarios, args, workdir, template, cache="redis", workers=None):
    workers = workers or args.workers
    env = database_env(database, workdir,
                       prefix=f"bench-{database}-{cache}-{services}-{workers}", cache=cache)
    fresh_database(database, env, template)
    context = generate(env, services)
    print(f"  {database:8} {services:>6} services generated in {context['seconds']} s",
          flush=True)
    server = Server(env, workers)
    rows = {}
    try:
        # Every worker imports and connect before anything is measured.
        subprocess.run(["wrk", "-t1", f"-c{args.connections}", "-d2s", server.base + "/"],
                       capture_output=True, check=True)
        for scenario in scenarios:
            path = scenario.path.format(**context)
            queries, status, reads = query_count(server, scenario, path)
            stats = drive(server, scenario, path, args.duration, args.connections)
            rows[scenario.name] = {"path": path, "status": status, "queries": queries,
                                   "cache": scenario.cache, "workers": workers, **stats}
            if scenario.cache == "miss":
                rows[scenario.name]["miss_reads"] = reads
                if reads == 0:
                    print(f"  .. {scenario.name}: reads none of the replaced tokens, so its "
                          "miss is its hit", flush=True)
                elif not queries:
                    print(f"  !! {scenario.name}: no SQL query, so not a cache miss", flush=True)
            if stats["errors"]:
                print(f"  !! {scenario.name}: {stats['errors']} errors, statuses "
                      f"{stats['statuses']}", flush=True)
            print(f"  {database:8} {services:>6} {workers}w {scenario.name:22} "
                  f"{stats['rps']:8.1f} req/s "
                  f"p50 {stats['p50_us'] / 1000:7.2f} ms  queries {queries}", flush=True)
        # The floors again at the end: their mean is the ratios' denominator, their
        # difference shows how much the machine drifted during the run.
        for scenario in scenarios:
            if scenario.name in rows and scenario.name == scenario.floor:
                row = rows[scenario.name]
                again = drive(server, scenario, row["path"], args.duration, args.connections)
                row["rps_first"], row["rps_last"] = row["rps"], again["rps"]
                row["rps"] = round((row["rps"] + again["rps"]) / 2, 1)
                print(f"  {database:8} {services:>6} {scenario.name:22} again "
                      f"{again['rps']:8.1f} req/s", flush=True)
    finally:
        server.stop()
    return rows


def ratios(rows):
    for name, row in rows.items():
        scenario = next(s for s in SCENARIOS if s.name == name)
        floor = rows.get(scenario.floor)
        row["ratio_to_floor"] = round(row["rps"] / floor["rps"], 3) if floor else None
        row["goals"] = [{"goal": goal, "source": source,
                         "met": row["ratio_to_floor"] is not None
                         and row["ratio_to_floor"] >= goal}
                        for goal, source in scenario.goals]
        if scenario.cache == "miss":
            # A miss runs SQL; where the route is cached, more of it than the hit. A page that
            # read none of the replaced tokens had nothing to miss (``nothing_to_miss``).
            hit = rows.get(name.removesuffix("_miss"), {})
            row["hit_queries"] = hit.get("queries")
            row["nothing_to_miss"] = row.get("miss_reads") == 0
            row["verified_miss"] = row["nothing_to_miss"] or row["queries"] > 0
    return rows


def verdicts(row):
    return "; ".join(f"≥{g['goal']} {'met' if g['met'] else 'MISSED'}" for g in row["goals"])


def print_table(results):
    print()
    header = (f"{'run':14} {'scenario':30} {'cache':5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'queries':>7} {'÷floor':>7} {'errors':>6}  goal")
    print(header)
    print("-" * (len(header) + 26))
    for run_name, sizes in results["runs"].items():
        for name, row in sizes["main"].items():
            if "rps_first" in row:
                name = f"{name} ({row['rps_first']:.0f}/{row['rps_last']:.0f})"
            queries = str(row["queries"])
            if row.get("verified_miss") is False:
                queries += "!"
            elif row.get("nothing_to_miss"):
                queries += "="
            print(f"{run_name:14} {name:30} {row['cache']:5} {row['rps']:8.1f} "
                  f"{row['p50_us'] / 1000:8.2f} {row['p95_us'] / 1000:8.2f} {queries:>7} "
                  f"{row['ratio_to_floor']:7.3f} {row['errors']:6}  {verdicts(row)}")
        for name, scaling in sizes.get("scaling", {}).items():
            print(f"{run_name:14} {name:30} scaling p50 ratio {scaling['p50_ratio']:.3f} "
                  f"(goal ≤1.3 {'met' if scaling['p50_ratio'] <= 1.3 else 'MISSED'}), queries "
                  f"{scaling['queries']} (equal: {'yes' if scaling['queries_equal'] else 'NO'})")
    print_goals(results)
    print_workers(results)


def print_goals(results):
    """Every goal of every run, one line each: the summary issue 17 asks for."""
    print()
    print("goals (ratio to the floor of the same run):")
    for run_name, sizes in results["runs"].items():
        for name, row in sizes["main"].items():
            for goal in row["goals"]:
                print(f"  {run_name:14} {name:22} ≥{goal['goal']:<5} ({goal['source']:15}) "
                      f"{row['ratio_to_floor']:7.3f}  {'met' if goal['met'] else 'MISSED'}")
    unverified = [f"{run_name} {name}" for run_name, sizes in results["runs"].items()
                  for name, row in sizes["main"].items() if row.get("verified_miss") is False]
    print("  every miss ran SQL (a real miss): "
          + ("yes" if not unverified else "NO: " + ", ".join(unverified)))
    same = sorted({name for sizes in results["runs"].values()
                   for name, row in sizes["main"].items() if row.get("nothing_to_miss")})
    if same:
        print("  read none of the replaced tokens, so the miss is the hit (marked =): "
              + ", ".join(same))


def print_workers(results):
    comparison = results.get("workers")
    if not comparison:
        return
    counts = list(comparison["rows"])
    print()
    print(f"workers ({comparison['run']}, {os.cpu_count()} CPUs): req/s and ratio to that "
          f"run's floor_get")
    print(f"  {'scenario':22} " + " ".join(f"{f'{n} workers':>20}" for n in counts)
          + f" {'gain':>6}")
    for name in WORKER_SCENARIOS:
        cells = [comparison["rows"][n].get(name) for n in counts]
        if not all(cells):
            continue
        text = " ".join(f"{c['rps']:9.1f} ({c['ratio_to_floor']:6.3f})  " for c in cells)
        print(f"  {name:22} {text} {cells[-1]['rps'] / cells[0]['rps']:5.2f}×")


# django-import-export's default import takes about a quarter of a second a row; the whole
# 5,000 rows would take longer than the whole benchmark may (python -m bench.import_catalogue
# runs them all).
IMPORT_DEFAULT_ROWS = 200


def measure_in_own_process(workdir, module, call, prefix="bench"):
    """Run ``module``'s ``call`` (a ``measure(...)`` expression) on a fresh migrated SQLite
    database in a Python process of its own, like the generator, and return its JSON; a process
    of its own also makes its peak memory the measurement's alone."""
    env = database_env("sqlite", workdir, prefix=prefix)
    fresh_database("sqlite", env)
    code = ("import json, django; django.setup(); "
            "from django.core.management import call_command; "
            "call_command('migrate', verbosity=0, interactive=False); "
            f"from bench.{module} import measure; "
            f"print(json.dumps({call}))")
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    if result.returncode:
        raise RuntimeError(f"bench/{module}.py failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def import_figures(workdir):
    """bench/import_catalogue.py measures the catalogue import (another issue)."""
    return measure_in_own_process(
        workdir, "import_catalogue",
        f"measure(services=5000, default_rows={IMPORT_DEFAULT_ROWS})")


def register_figures(workdir):
    """bench/register_national.py: the national register synced twice."""
    return measure_in_own_process(workdir, "register_national", "measure()", prefix="register")


def print_register(figures, skipped):
    print()
    if skipped:
        print("register figures: skipped (--skip-import)")
        return
    met = figures["met"]

    def word(ok):
        return "met" if ok else "MISSED"

    print(f"national register ({figures['services']} services, {figures['locations']} "
          f"places, {figures['file_mb']} MB): sync {figures['sync_s']:.1f} s (goal <= 60 s: "
          f"{word(met['sync_s'])}), peak {figures['peak_rss_mb']:.0f} MB (goal <= 1024 MB: "
          f"{word(met['peak_rss_mb'])}); second run {figures['second_sync_s']:.1f} s with "
          f"{figures['second_sync_changed']} changes (goal <= 30 s and none: "
          f"{word(met['second_sync_s'] and met['second_sync_changes_nothing'])})")


def print_import(figures, skipped):
    print()
    if skipped:
        print("import figures: skipped (--skip-import)")
        return
    print(f"import of {figures['services']} services (CSV, Windows-1250): ours dry run "
          f"{figures['ours_dry_run_s']:.1f} s + import {figures['ours_import_s']:.1f} s = "
          f"{figures['ours_total_s']:.1f} s (goal < 30 s)")
    measured = (f"measured on the first {figures['default_rows']} rows and scaled"
                if figures["default_rows"] < figures["services"] else "measured on all rows")
    print(f"django-import-export's default row-by-row import, dry run + import: "
          f"{figures['default_total_s']:.0f} s ({measured}); ratio {figures['ratio']:.1f}x "
          f"(goal >= 5x)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=4, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare-workers", default="2,4",
                        help="worker counts measured side by side on the first database with "
                             "Redis (floor, catalogue hit and miss, services API miss); "
                             "empty to leave out")
    parser.add_argument("--caches", default="redis,file",
                        help="redis: each database with Redis; file: also the embedded default "
                             "(file cache shared by the workers, no Redis) on the first database")
    parser.add_argument("--skip-import", action="store_true",
                        help="leave out the import and register figures "
                             "(bench/import_catalogue.py, bench/register_national.py)")
    args = parser.parse_args(argv)
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install {tool}")

    started = time.monotonic()
    results = {"started": dt.datetime.now(dt.UTC).isoformat(), "args": vars(args),
               "load_before": os.getloadavg(), "runs": {}}
    global REDIS
    REDIS = Redis()
    try:
        run_all(args, results)
    finally:
        REDIS.stop()
    results["seconds"] = round(time.monotonic() - started, 1)
    results["load_after"] = os.getloadavg()
    print_table(results)
    print_import(results["import"], args.skip_import)
    print_register(results["register"], args.skip_import)
    print(f"\nload average before {results['load_before'][0]:.2f}, after "
          f"{results['load_after'][0]:.2f} ({os.cpu_count()} CPUs)")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    path = out / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\n{results['seconds']} s in all; results in {path.relative_to(ROOT)}")


def run_all(args, results):
    with tempfile.TemporaryDirectory(prefix="kpss-bench-") as tmp:
        (Path(tmp) / "static").mkdir()
        caches = args.caches.split(",")
        templates = {}
        for database in args.databases.split(",") if "redis" in caches else []:
            print(f"== {database} + Redis: {args.services} services", flush=True)
            template = templates[database] = base_database(database, Path(tmp))
            main_rows = ratios(measure(database, args.services, SCENARIOS, args, Path(tmp),
                                       template))
            run = {"main": main_rows, "scaling": {}}
            scaled = [s for s in SCENARIOS if s.scaling]
            if scaled:
                small = measure(database, args.small, scaled, args, Path(tmp), template)
                large = measure(database, args.large, scaled, args, Path(tmp), template)
                for scenario in scaled:
                    s, lg = small[scenario.name], large[scenario.name]
                    run["scaling"][scenario.name] = {
                        "p50_ratio": round(lg["p50_us"] / s["p50_us"], 3),
                        "queries": [s["queries"], main_rows[scenario.name]["queries"],
                                    lg["queries"]],
                        "queries_equal": s["queries"] == lg["queries"]
                        == main_rows[scenario.name]["queries"],
                    }
            results["runs"][f"{database}+redis"] = run
        if "redis" in caches and args.compare_workers:
            database = args.databases.split(",")[0]
            counts = [int(n) for n in args.compare_workers.split(",")]
            print(f"== {database} + Redis: workers {counts}", flush=True)
            scenarios = [s for s in SCENARIOS if s.name in WORKER_SCENARIOS]
            results["workers"] = {"run": f"{database}+redis", "rows": {
                n: ratios(measure(database, args.services, scenarios, args, Path(tmp),
                                  templates[database], workers=n))
                for n in counts}}
        if "file" in caches:
            # The embedded default is a one-server install, typically on SQLite: the same
            # scenarios at the main size, without Redis.
            database = args.databases.split(",")[0]
            print(f"== {database} + file cache (no Redis): {args.services} services", flush=True)
            template = templates.get(database) or templates.setdefault(
                database, base_database(database, Path(tmp)))
            rows = ratios(measure(database, args.services, SCENARIOS, args, Path(tmp), template,
                                  cache="file"))
            results["runs"][f"{database}+file"] = {"main": rows, "scaling": {}}
        for database, template in templates.items():
            if database != "sqlite":
                psql(f'DROP DATABASE IF EXISTS "{template}"')
        results["import"] = None if args.skip_import else import_figures(Path(tmp))
        results["register"] = None if args.skip_import else register_figures(Path(tmp))


if __name__ == "__main__":
    main()
