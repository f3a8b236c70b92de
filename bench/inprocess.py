"""In-process figures: the median time of each page and API scenario through Django's test
client, on a database made by ``bench/generate.py``, without gunicorn and wrk in between. For
comparing two trees side by side while profiling (docs/benchmarks.md); ``make bench`` is the
measurement of record.

    python -m bench.generate --services 2000 | tail -n 1 > ctx.json
    python -m bench.inprocess ctx.json

with ``DJANGO_SETTINGS_MODULE=bench.settings`` and the database and cache settings of the
generated database (``SQLITE_PATH`` or ``DATABASE_URL``, ``REDIS_URL``). Misses carry
``X-Bench-Miss`` (bench/cachemiss.py). Prints one JSON line: ``{scenario: [median ms, SQL
queries of the last request]}``. It empties the cache first and stores comments awaiting
moderation on the generated draft.
"""

import argparse
import json
import statistics
import time

import django

PAGES = {
    "home_miss": ("/", True),
    "service_detail_miss": ("{service_path}", True),
    "catalogue_page_miss": ("{catalogue_path}?{catalogue_query}", True),
    "services_api_miss": ("/api/v3/catalogue/services/?{api_query}", True),
    "draft_page_miss": ("{draft_path}", True),
    # A query string the kept draft does not keep, and the link beside a paragraph, which it does.
    "draft_page_other_query": ("{draft_path}?odstavec=x", False),
    "draft_page_paragraph": ("{draft_path}?odstavec=odst-2", False),
}


def median_ms(send, count):
    times = []
    response = None
    for _ in range(count):
        start = time.perf_counter()
        response = send()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 2), response.get("X-Query-Count")


def measure(context, requests=200):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    client = Client()
    figures = {}
    for name, (path, miss) in PAGES.items():
        url = path.format(**context)
        headers = {"HTTP_X_BENCH_MISS": "1"} if miss else {}
        for _ in range(5):
            client.get(url, **headers)
        count = requests // 5 if name.startswith("draft") else requests
        figures[name] = median_ms(lambda url=url, headers=headers: client.get(url, **headers),
                                  count)
    comments = f"/api/v3/consultations/{context['draft_id']}/comments/"
    body = json.dumps({"text": "Navrhujeme rozšířit pečovatelskou službu i o víkendech.",
                       "section": "oddil-1", "role": "public"})

    def post():
        return client.post(comments, body, content_type="application/json")

    for _ in range(5):
        post()
    figures["comment_post"] = median_ms(post, requests)
    # A comment rush on the pre-moderated draft: the first reader after each new comment.
    reader = Client()
    times = []
    for _ in range(30):
        post()
        start = time.perf_counter()
        reader.get(context["draft_path"])
        times.append(time.perf_counter() - start)
    figures["draft_page_after_a_pending_comment"] = [
        round(statistics.median(times) * 1000, 2), None]
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("context", help="the JSON line bench/generate.py printed")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    django.setup()
    with open(args.context, encoding="utf-8") as handle:
        context = json.load(handle)
    print(json.dumps(measure(context, args.requests)))


if __name__ == "__main__":
    main()
