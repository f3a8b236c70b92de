"""Counting the queries of a public page, for the constant-query tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def counted_get(client, url):
    """(number of queries, response) of a GET after a warm-up request (site root paths,
    translations)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), response


def assert_constant_queries(build, measure, small, large):
    """``measure()`` -> (queries, items shown) is the same for ``small`` and ``large`` items
    made by ``build(count)``, and every item is shown."""
    build(small)
    queries_small, shown_small = measure()
    build(large - small)
    queries_large, shown_large = measure()
    assert (shown_small, shown_large) == (small, large)
    assert queries_small == queries_large
