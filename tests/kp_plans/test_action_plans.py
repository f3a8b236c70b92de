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


def admin_post(admin_client, url, year, codes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data({
        "title": "Akční plán 2014", "slug": "akcni-plan-2014", "year": year, "intro": "",
        "items": inline_formset([
            {"measure_code": code, "activities": "Aktivita", "responsible": "", "budget": "",
             "status": "not_started", "evaluation": ""} for code in codes
        ]),
    })
    return admin_client.post(url, data)


def test_admin_refuses_unknown_measures_when_creating_an_action_plan(admin_client, tree):
    plan = tree["plan"]
    url = f"/admin/pages/add/kp_plans/actionplanpage/{plan.pk}/"
    refused = admin_post(admin_client, url, 2014, ["1.1", "8.8"])
    assert refused.status_code == 200
    assert "Plán nemá opatření 8.8." in refused.content.decode()
    assert not ActionPlanPage.objects.filter(slug="akcni-plan-2014").exists()
    out_of_period = admin_post(admin_client, url, 2030, ["1.1"])
    assert "Rok musí ležet v období plánu." in out_of_period.content.decode()
    accepted = admin_post(admin_client, url, 2014, ["1.1", "1.2"])
    assert accepted.status_code == 302
    created = ActionPlanPage.objects.get(slug="akcni-plan-2014")
    assert [item.measure_code for item in created.items.all()] == ["1.1", "1.2"]
