"""How the catalogue search scales: the search function itself at 100 and at 10,000 services.

    python -m bench.search                                   # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpss_bench_search python -m bench.search

It migrates a fresh database (SQLite: a temporary file; PostgreSQL: the database named by
DATABASE_URL, which it drops and creates), adds the demo's search synonyms, then for each size
generates the services of bench/generate.py (bulk inserts, the search documents built once) and
times what a cache miss of the catalogue page asks of the search: the filtered queryset's
``count()`` and the ids of its first page of 20 services (loading the page's rows and their
relations costs the same at every size and is not the search). Each query runs
``--repeat`` times after one warm-up; the table gives the median (p50) per size and the ratio
large ÷ small. For comparison it times the same for the old ``LIKE '%term%'`` scan on the
normalised text column.

Queries: selective ones (one service by its number, one provider's ten services, a service
type in one municipality, a synonym) find about the same number of services at every size, so
their ratio shows the index; "domacnost" matches half of all services, so its cost grows with
the number it finds (counting them), with or without an index.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

import django

QUERIES = ["00042", "poskytovatel 0007", "pečovatelka v Kelči", "bezdomovec", "domacnost"]
PAGE = 20


def median_ms(function, repeat):
    function()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def fresh_postgres(url):
    import psycopg

    admin, name = url.rsplit("/", 1)
    with psycopg.connect(admin + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    workdir = tempfile.TemporaryDirectory(prefix="kpss-bench-search-")
    if os.environ.get("DATABASE_URL"):
        fresh_postgres(os.environ["DATABASE_URL"])
    else:
        os.environ["SQLITE_PATH"] = os.path.join(workdir.name, "search.sqlite3")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.generate import build_catalogue
    from kp_catalogue.models import Provider, SearchSynonym, Service
    from kp_catalogue.public.filtering import ServiceFilter, public_services
    from kp_catalogue.search.text import search_terms
    from kpsite.base.demo.search import SYNONYMS

    call_command("migrate", verbosity=0, interactive=False)
    for term, expansions in SYNONYMS:
        SearchSynonym.objects.create(term=term, expansions=expansions)

    def indexed(query):
        queryset = ServiceFilter(q=query).apply(public_services())
        return lambda: (queryset.count(), list(queryset.values_list("pk", flat=True)[:PAGE]))

    def like_scan(query):
        queryset = public_services()
        for term in search_terms(query):
            queryset = queryset.filter(search_text__contains=term)
        return lambda: (queryset.count(), list(queryset.values_list("pk", flat=True)[:PAGE]))

    results = {}
    for size in sorted(args.sizes):
        with transaction.atomic():
            Service.objects.all().delete()
            Provider.objects.all().delete()
            build_catalogue(size, timezone.now())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for query in QUERIES:
            found = ServiceFilter(q=query).apply(public_services()).count()
            results[(query, size)] = (found, median_ms(indexed(query), args.repeat),
                                      median_ms(like_scan(query), args.repeat))
        sys.stdout.write(f"{size} services generated and measured\n")

    small, large = min(args.sizes), max(args.sizes)
    sys.stdout.write(f"\n{connection.vendor}: p50 of count() + first {PAGE} ids, ms "
                     f"(found at {small} / {large})\n")
    sys.stdout.write(f"{'query':24} {'index ' + str(small):>11} {'index ' + str(large):>12} "
                     f"{'ratio':>6}   {'LIKE ' + str(small):>10} {'LIKE ' + str(large):>11} "
                     f"{'ratio':>6}   found\n")
    for query in QUERIES:
        found_small, fast_small, like_small = results[(query, small)]
        found_large, fast_large, like_large = results[(query, large)]
        sys.stdout.write(
            f"{query:24} {fast_small:11.2f} {fast_large:12.2f} {fast_large / fast_small:6.2f}"
            f"   {like_small:10.2f} {like_large:11.2f} {like_large / like_small:6.2f}"
            f"   {found_small} / {found_large}\n")
    connection.close()
    workdir.cleanup()


if __name__ == "__main__":
    main()
