"""Indicators with values: validation against the plan's measures, progress from baseline to
target, the measure page with its timeline and charts, the dashboard, the API, and constant
query counts."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kp_plans.models import Indicator
from kp_plans.progress import indicator_progress
from tests.factories.plans import (
    ActionPlanItemFactory,
    ActionPlanPageFactory,
    CommunityPlanPageFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    priorities,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(tree):
    """Measure 1.1 in three action plans, with an indicator of three yearly values."""
    plan = tree["plan"]
    for year, status, budget in [(2014, "in_progress", "60000"), (2015, "done", "70000")]:
        action = ActionPlanPageFactory(parent=plan, slug=f"akcni-plan-{year}", year=year)
        ActionPlanItemFactory(page=action, measure_code="1.1", status=status,
                              budget=Decimal(budget))
    indicator = IndicatorFactory(plan=plan, measure_code="1.1", name="Počet obsloužených obcí",
                                 unit="obce", baseline_value=Decimal("4"), baseline_year=2012,
                                 target_value=Decimal("12"), target_year=2016)
    for year, value in [(2013, "5"), (2014, "8"), (2015, "10")]:
        IndicatorValueFactory(indicator=indicator, year=year, value=Decimal(value),
                              source=f"Evidence svazku {year}")
    return {**tree, "indicator": indicator}


def value(year, amount):
    return type("V", (), {"year": year, "value": Decimal(amount)})()


@pytest.mark.parametrize("baseline,target,latest,expected", [
    ("4", "12", "10", 75),       # (10 − 4) / (12 − 4)
    ("4", "12", "20", 100),      # beyond the target counts as reached
    ("4", "12", "2", 0),         # below the baseline is no progress
    ("30", "10", "25", 25),      # a falling target: (25 − 30) / (10 − 30)
    (None, "50", "20", 40),      # no baseline: from zero
    ("5", "5", "5", 100),
])
def test_progress_is_the_share_of_the_way_from_baseline_to_target(baseline, target, latest,
                                                                   expected):
    indicator = Indicator(baseline_value=Decimal(baseline) if baseline else None,
                          target_value=Decimal(target))
    assert indicator_progress(indicator, [value(2014, latest)]) == expected


def test_no_progress_without_target_or_values():
    assert indicator_progress(Indicator(target_value=None), [value(2014, "3")]) is None
    assert indicator_progress(Indicator(target_value=Decimal(3)), []) is None


def test_indicator_must_name_a_measure_of_its_plan(tree):
    indicator = IndicatorFactory.build(plan=tree["plan"], measure_code="9.9")
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "measure_code" in error.value.message_dict
    assert "9.9" in str(error.value)
    IndicatorFactory.build(plan=tree["plan"], measure_code="1.2").full_clean()


def test_target_year_cannot_precede_the_baseline(tree):
    indicator = IndicatorFactory.build(plan=tree["plan"], baseline_year=2015, target_year=2013)
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "target_year" in error.value.message_dict


def test_years_are_bounded(measured):
    value = measured["indicator"].values.first()
    value.year = 1899
    with pytest.raises(ValidationError):
        value.full_clean()


def test_measure_page_shows_timeline_and_indicator_chart_with_the_same_numbers(client, measured):
    plan = measured["plan"]
    response = client.get(plan.url + "opatreni/1-1/")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.h1.get_text(" ", strip=True).startswith("Opatření 1.1")
    rows = html.select("section[aria-labelledby=prubeh] tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == ["2013", "2014", "2015"]
    assert "70\u00a0000\u00a0Kč" in rows[2].get_text()
    assert "splněno" in rows[2].get_text()
    chart = html.select_one("section.indicator svg.chart")
    assert chart["role"] == "img"
    assert chart.find("desc").get_text() == \
        "2012 (výchozí hodnota): 4; 2013: 5; 2014: 8; 2015: 10; 2016 (cílová hodnota): 12"
    assert [t.get_text() for t in chart.select("text.chart__value")] == ["4", "5", "8", "10", "12"]
    widths = [int(bar["width"]) for bar in chart.find_all("rect")]
    assert widths == [100, 125, 200, 250, 300]  # scaled to the target 12 = 300
    table = html.select_one("section.indicator table")
    cells = [[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
             for row in table.tbody.find_all("tr")]
    assert cells[0] == ["2012 (výchozí hodnota)", "4", ""]
    assert cells[3] == ["2015", "10", "Evidence svazku 2015"]
    assert cells[4] == ["2016 (cílová hodnota)", "12", ""]
    assert "75 % cesty od výchozí k cílové hodnotě." in html.get_text()
    assert not html.select("[style]")


def test_unknown_or_malformed_measure_answers_404(client, measured):
    plan = measured["plan"]
    assert client.get(plan.url + "opatreni/9-9/").status_code == 404
    assert client.get(plan.url + "opatreni/abc/").status_code == 404
    assert client.get(plan.url + "opatreni/99999999999999999999999-1/").status_code in (400, 404)


def test_measure_without_values_lists_its_plain_indicators(client, tree):
    html = BeautifulSoup(client.get(tree["plan"].url + "opatreni/1-2/").content, "html.parser")
    section = html.select_one("section[aria-labelledby=indikatory]")
    assert "Počet klientů" in section.get_text()
    assert "Zatím žádné hodnoty" in section.get_text()


def test_draft_action_plans_stay_out_of_the_timeline(client, measured):
    draft = ActionPlanPageFactory(parent=measured["plan"], slug="akcni-plan-2016", year=2016)
    ActionPlanItemFactory(page=draft, measure_code="1.1", activities="Tajný koncept")
    draft.unpublish()
    response = client.get(measured["plan"].url + "opatreni/1-1/")
    assert "Tajný koncept" not in response.content.decode()


def test_dashboard_shows_fulfilment_per_priority(client, measured):
    rows = measured["plan"].dashboard
    first = rows[0]
    # 2013: 1.1 done, 1.2 in progress, 1.3 done; 2014: 1.1 in progress; 2015: 1.1 done.
    assert (first["items_total"], first["items_done"], first["done_percent"]) == (5, 3, 60)
    assert first["indicator_progress_percent"] == 75
    assert first["measures"][0]["latest_status"]["value"] == "done"
    assert first["measures"][0]["latest_year"] == 2015
    html = BeautifulSoup(client.get(measured["plan"].url + "prehled/").content, "html.parser")
    chart = html.select_one("svg.chart")
    assert "Priorita 1: 60 %" in chart.find("desc").get_text()
    assert "3 z 5" in html.select_one("table").get_text()
    assert html.select_one(f"a[href='{measured['plan'].url}opatreni/1-1/']")


def test_plan_page_links_to_measure_pages_and_dashboard(client, measured):
    html = BeautifulSoup(client.get(measured["plan"].url).content, "html.parser")
    assert html.select_one(f"a[href='{measured['plan'].url}opatreni/1-1/']")
    assert html.select_one(f"a[href='{measured['plan'].url}prehled/']")


def test_api_has_measure_progress_and_dashboard(client, measured):
    data = client.get(f"/api/v3/pages/{measured['plan'].pk}/").json()
    progress = {row["code"]: row for row in data["measure_progress"]}
    first = progress["1.1"]
    assert first["url"].endswith("/opatreni/1-1/")
    assert [entry["year"] for entry in first["timeline"]] == [2013, 2014, 2015]
    indicator = first["indicators"][0]
    assert indicator["unit"] == "obce" and indicator["progress_percent"] == 75
    assert [v["year"] for v in indicator["values"]] == [2013, 2014, 2015]
    assert data["dashboard"][0]["done_percent"] == 60


def test_openapi_documents_the_new_fields(client):
    document = client.get("/api/v3/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert {"MeasureProgressOut", "IndicatorOut", "PriorityProgressOut"} <= set(schemas)


def build_plan(section_page, measures):
    plan = CommunityPlanPageFactory(parent=section_page, priorities=priorities(measures))
    for year in (2013, 2014, 2015):
        action = ActionPlanPageFactory(parent=plan, slug=f"ap-{year}", year=year)
        for code in plan.measures_by_code:
            ActionPlanItemFactory(page=action, measure_code=code)
    for code in plan.measures_by_code:
        indicator = IndicatorFactory(plan=plan, measure_code=code)
        for year in (2013, 2014, 2015):
            IndicatorValueFactory(indicator=indicator, year=year)
    return plan


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("suffix", ["opatreni/1-1/", "prehled/"])
def test_measure_page_and_dashboard_run_constant_queries(client, section_page, suffix):
    small = build_plan(section_page, 5)
    large = build_plan(section_page, 50)
    # Warm the site and settings caches and each page's kept header and breadcrumbs.
    count_queries(client, small.url + suffix), count_queries(client, large.url + suffix)
    assert count_queries(client, small.url + suffix) == count_queries(client, large.url + suffix)


def test_api_runs_constant_queries(client, section_page):
    small = build_plan(section_page, 5)
    large = build_plan(section_page, 50)
    count_queries(client, f"/api/v3/pages/{small.pk}/")
    assert count_queries(client, f"/api/v3/pages/{small.pk}/") == \
        count_queries(client, f"/api/v3/pages/{large.pk}/")
