"""The community plan: structured priorities and measures, rendering, validation, queries."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kp_plans.blocks import PrioritiesBlock
from tests.factories.plans import (
    CommunityPlanPageFactory,
    measure,
    priorities,
    priority,
)

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_measure_codes_come_from_priority_and_measure_numbers(section_page):
    plan = CommunityPlanPageFactory(parent=section_page, priorities=[
        priority(1, [measure(1), measure(2)]),
        priority(2, [measure(1), measure(3, "Odlehčovací služba")]),
    ])
    assert list(plan.measures_by_code) == ["1.1", "1.2", "2.1", "2.3"]
    assert plan.measures_by_code["2.3"]["title"] == "Odlehčovací služba"


def test_plan_page_shows_facts_toc_and_measures(client, section_page):
    plan = CommunityPlanPageFactory(parent=section_page, slug="plan", priorities=[
        priority(2, [measure(3, "Terénní služby pro seniory", estimated_cost="1200000")],
                 title="Senioři doma"),
    ], regional_plan_url="https://kraj.example.cz/plan", regional_plan_title="Plán kraje")
    html = soup(client.get(plan.url))
    text = html.get_text(" ", strip=True)
    assert "2012–2016" in text and "VH/3/2012" in text
    assert html.find("a", href="#priorita-2")
    article = html.find(id="opatreni-2-3")
    assert "Opatření 2.3" in article.get_text(" ", strip=True)
    assert "Terénní služby pro seniory" in article.get_text()
    assert "1\u00a0200\u00a0000\u00a0Kč" in article.get_text()
    assert "Senioři" in article.get_text()  # the target group, in Czech
    assert html.find("a", href="https://kraj.example.cz/plan")


def test_priority_numbers_and_measure_numbers_must_be_unique():
    block = PrioritiesBlock()
    value = block.to_python([
        {"type": "priority", "value": {"number": 1, "kind": "group", "title": "A",
                                       "description": "", "measures": [measure(1), measure(1)]}},
    ])
    with pytest.raises(ValidationError):
        block.clean(value)
    value = block.to_python([
        {"type": "priority", "value": {"number": 1, "kind": "group", "title": "A",
                                       "description": "", "measures": [measure(1)]}},
        {"type": "priority", "value": {"number": 1, "kind": "group", "title": "B",
                                       "description": "", "measures": [measure(2)]}},
    ])
    with pytest.raises(ValidationError):
        block.clean(value)


def test_measure_cannot_end_before_it_starts():
    block = PrioritiesBlock()
    value = block.to_python([
        {"type": "priority", "value": {"number": 1, "kind": "group", "title": "A",
                                       "description": "",
                                       "measures": [measure(1, start_year=2015, end_year=2013)]}},
    ])
    with pytest.raises(ValidationError):
        block.clean(value)


def test_plan_period_must_be_ordered(section_page):
    plan = CommunityPlanPageFactory.build(period_start=2016, period_end=2012)
    with pytest.raises(ValidationError) as error:
        plan.clean()
    assert "period_end" in error.value.message_dict


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize("size", [100, 500])
@pytest.mark.parametrize("kind", ["html", "api"])
def test_plan_queries_do_not_grow_with_measures(client, section_page, kind, size):
    small = CommunityPlanPageFactory(parent=section_page, slug="maly", priorities=priorities(5))
    big = CommunityPlanPageFactory(parent=section_page, slug="velky", priorities=priorities(size))
    assert len(big.measures_by_code) == size

    def url(page):
        return page.url if kind == "html" else f"/api/v3/pages/{page.pk}/"

    # Warm caches (content types, site) and each page's kept header and breadcrumbs.
    queries_for(client, url(small)), queries_for(client, url(big))
    small_count, _ = queries_for(client, url(small))
    big_count, response = queries_for(client, url(big))
    assert small_count == big_count
    if kind == "html":
        assert len(soup(response).select("article.measure")) == size
    else:
        assert sum(len(p["measures"]) for p in response.json()["priority_list"]) == size
