"""A listing's page and its count come from one query (kp_catalogue/public/counting.py), with
the same pages, counts and errors as Django's Paginator, and the services API and catalogue page
no longer run the filters twice."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kp_catalogue.models import Service
from kp_catalogue.public.counting import CountingPaginator
from tests.factories.catalogue import ServiceFactory

pytestmark = pytest.mark.django_db


def by_pk(pks):
    return Service.objects.filter(pk__in=pks)


@pytest.mark.parametrize("per_page,orphans", [(5, 0), (5, 2), (7, 0), (50, 0)])
def test_pages_counts_and_errors_match_djangos_paginator(per_page, orphans):
    for number in range(23):
        ServiceFactory(name=f"Služba {number:02d}")
    queryset = Service.objects.order_by("name")
    plain = Paginator(queryset, per_page, orphans=orphans)
    for number in ["1", "2", "3", "4", "5", "6", "99", "0", "-1", "x", None, "2.0"]:
        counting = CountingPaginator(queryset, per_page, load=by_pk, orphans=orphans)
        expected, got = plain.get_page(number), counting.get_page(number)
        assert [s.pk for s in got] == [s.pk for s in expected], number
        assert (got.number, counting.count, counting.num_pages) == (
            expected.number, plain.count, plain.num_pages), number


def test_an_empty_result_is_one_empty_page():
    paginator = CountingPaginator(Service.objects.all(), 20, load=by_pk)
    page = paginator.get_page("3")
    assert list(page) == [] and page.number == 1 and paginator.count == 0


def test_the_page_carries_its_count_in_one_query():
    for number in range(30):
        ServiceFactory(name=f"Služba {number:02d}")
    paginator = CountingPaginator(Service.objects.order_by("name"), 10, load=by_pk)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page("2")
        assert paginator.count == 30 and len(page) == 10
    # The IDs with the total, then the page's services by ID: nothing counts apart.
    assert len(queries) == 2, [q['sql'][:120] for q in queries]
    assert not any("COUNT(*) AS" in q["sql"] for q in queries)


def test_the_services_api_counts_with_its_page(client):
    for number in range(25):
        ServiceFactory(name=f"Pečovatelská služba {number:02d}")
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v3/catalogue/services/?limit=10&offset=20").json()
    assert data["count"] == 25 and len(data["items"]) == 5
    assert not any('"__count"' in q["sql"] for q in queries)
    # Past the end there is no row to carry the total: counted apart, still right.
    data = client.get("/api/v3/catalogue/services/?limit=10&offset=40").json()
    assert data == {"items": [], "count": 25}
