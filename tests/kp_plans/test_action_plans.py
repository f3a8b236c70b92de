"""Annual action plans: items pointing at the plan's measures, fulfilment summary and chart."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from kp_plans.models import ActionPlanItem, ActionPlanPage
from tests.factories.plans import ActionPlanItemFactory, ActionPlanPageFactory

pytestmark = pytest.mark.django_db


def test_fulfilment_counts_every_status(tree):
    summary = tree["action"].fulfilment
    assert summary["total"] == 3 and summary["done"] == 2 and summary["done_percent"] == 67
    counts = {row["status"]["value"]: row["count"] for row in summary["by_status"]}
    assert counts == {"not_started": 0, "in_progress": 1, "done": 2, "not_done": 0,
                      "cancelled": 0}


def test_page_shows_items_with_measure_titles_and_an_accessible_chart(client, tree):
    response = client.get(tree["action"].url)
    html = BeautifulSoup(response.content, "html.parser")
    rows = html.select("section[aria-labelledby=polozky] tbody tr")
    assert rows[0].th.get_text(" ", strip=True) == "1.1 Opatření 1"
    assert "splněno" in rows[0].get_text()
    chart = html.find("svg", class_="chart")
    assert chart["role"] == "img"
    assert "splněno: 2" in chart.find("desc").get_text()
    bars = chart.find_all("rect")
    assert len(bars) == 5
    widths = {bar["class"][1]: int(bar["width"]) for bar in bars}
    assert widths["chart__bar--done"] == 300 and widths["chart__bar--in_progress"] == 150
    assert [t.get_text() for t in chart.select("text.chart__value")] == ["0", "1", "2", "0", "0"]
    assert "Splněno 2 z 3 položek (67 %)." in html.get_text()
    # No inline styles anywhere: the CSP forbids them.
    assert not html.select("[style]")
    assert b"<style" not in response.content


def test_items_must_point_at_measures_of_the_parent_plan(tree):
    action = ActionPlanPage.objects.get(pk=tree["action"].pk)
    action.items.add(ActionPlanItem(measure_code="9.9", activities="Neexistuje"))
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "9.9" in str(error.value)


def test_year_must_lie_within_the_plan(tree):
    action = ActionPlanPage.objects.get(pk=tree["action"].pk)
    action.year = 2020
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "year" in error.value.message_dict


def test_empty_action_plan_renders(client, tree):
    empty = ActionPlanPageFactory(parent=tree["plan"], slug="prazdny", year=2014)
    assert client.get(empty.url).status_code == 200
    assert empty.fulfilment["done_percent"] == 0


def test_action_plan_api_has_items_and_fulfilment(client, tree):
    ActionPlanItemFactory(page=tree["action"], measure_code="1.4", status="cancelled",
                          evaluation="Zrušeno kvůli financím")
    data = client.get(f"/api/v3/pages/{tree['action'].pk}/").json()
    assert data["year"] == 2013
    assert data["items"][-1]["evaluation"] == "Zrušeno kvůli financím"
    assert data["fulfilment"]["total"] == 4
