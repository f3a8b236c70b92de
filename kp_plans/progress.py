"""How far the plan got: each measure's timeline across the annual action plans, its
indicators against baseline and target, and the fulfilment per priority.

Everything is read in a fixed number of queries (the action plan items of the plan's live
action plans, the indicators, their values) and joined in Python, so a plan with fifty
measures costs what a plan with five does.
"""

from decimal import Decimal

from django.db.models import Prefetch

from kp_plans.choices import ItemStatus
from kp_plans.models.action_plans import ActionPlanItem, ActionPlanPage
from kp_plans.models.indicators import Indicator, IndicatorValue
from kp_plans.models.mixins import choice

CHART_WIDTH = 300
ROW_HEIGHT = 36


def indicator_progress(indicator, values) -> int | None:
    """Per cent of the way from baseline to target reached by the latest value, 0–100.

    None when there is no target or no value yet. A target below the baseline (fewer people
    waiting, say) counts the other way round. Without a baseline the way starts at zero.
    """
    if indicator.target_value is None or not values:
        return None
    start = indicator.baseline_value if indicator.baseline_value is not None else Decimal(0)
    latest = values[-1].value
    distance = indicator.target_value - start
    if distance == 0:
        return 100 if latest == indicator.target_value else 0
    share = (latest - start) / distance
    return max(0, min(100, round(100 * share)))


def indicator_data(indicator):
    values = indicator.sorted_values()
    return {
        "id": indicator.pk,
        "measure_code": indicator.measure_code,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline_value": indicator.baseline_value,
        "baseline_year": indicator.baseline_year,
        "target_value": indicator.target_value,
        "target_year": indicator.target_year,
        "values": [{"year": v.year, "value": v.value, "source": v.source} for v in values],
        "latest": values[-1].value if values else None,
        "progress_percent": indicator_progress(indicator, values),
    }


def indicator_chart(data):
    """Rows of a horizontal bar chart: the baseline, each year's value and the target."""
    rows = []
    if data["baseline_value"] is not None:
        rows.append({"kind": "baseline", "year": data["baseline_year"],
                     "value": data["baseline_value"]})
    rows += [{"kind": "value", "year": v["year"], "value": v["value"]} for v in data["values"]]
    if data["target_value"] is not None:
        rows.append({"kind": "target", "year": data["target_year"], "value": data["target_value"]})
    biggest = max([abs(row["value"]) for row in rows] + [Decimal(1)])
    for number, row in enumerate(rows):
        row["y"] = 10 + number * ROW_HEIGHT
        row["width"] = round(CHART_WIDTH * abs(row["value"]) / biggest)
    return {"rows": rows, "height": 20 + ROW_HEIGHT * len(rows)}


def plan_items(plan):
    """(year, action plan, item) for the items of the plan's live, public action plans, one
    query, ordered by year."""
    action_plans = ActionPlanPage.objects.child_of(plan).live().public()
    items = (ActionPlanItem.objects.filter(page__in=action_plans)
             .select_related("page").order_by("page__year", "page__path", "sort_order"))
    return [(item.page.year, item.page, item) for item in items]


def plan_indicators(plan):
    """The plan's indicators with their values, two queries."""
    return list(Indicator.objects.filter(plan=plan).prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))))


class PlanProgress:
    """The plan's measures with their timelines and indicators, read once."""

    def __init__(self, plan):
        self.plan = plan
        self.timelines = {}
        for year, action_plan, item in plan_items(plan):
            self.timelines.setdefault(item.measure_code, []).append({
                "year": year, "action_plan": action_plan, "action_plan_id": action_plan.pk,
                "status": choice(ItemStatus, item.status), "budget": item.budget,
                "activities": item.activities, "evaluation": item.evaluation,
            })
        self.indicators = {}
        for indicator in plan_indicators(plan):
            self.indicators.setdefault(indicator.measure_code, []).append(indicator_data(indicator))

    def measure(self, code):
        """Everything about one measure, or None when the plan has no such measure."""
        measure = self.plan.measures_by_code.get(code)
        if measure is None:
            return None
        indicators = self.indicators.get(code, [])
        for data in indicators:
            data["chart"] = indicator_chart(data)
        return {**measure, "indicator_names": measure["indicators"],
                "timeline": self.timelines.get(code, []), "indicators": indicators}

    def priorities(self):
        """Fulfilment per priority: action plan items done out of all, and the mean progress
        of its indicators that have a target and a value."""
        rows = []
        for priority in self.plan.priority_list:
            items = [entry for m in priority["measures"] for entry in self.timelines.get(m["code"], [])]
            done = sum(1 for entry in items if entry["status"]["value"] == ItemStatus.DONE)
            progress = [data["progress_percent"] for m in priority["measures"]
                        for data in self.indicators.get(m["code"], [])
                        if data["progress_percent"] is not None]
            measures = []
            for m in priority["measures"]:
                timeline = self.timelines.get(m["code"], [])
                indicators = self.indicators.get(m["code"], [])
                measures.append({
                    "code": m["code"], "title": m["title"],
                    "latest_status": timeline[-1]["status"] if timeline else None,
                    "latest_year": timeline[-1]["year"] if timeline else None,
                    "indicators": [{"name": d["name"], "unit": d["unit"], "latest": d["latest"],
                                    "target_value": d["target_value"],
                                    "progress_percent": d["progress_percent"]} for d in indicators],
                })
            rows.append({
                "number": priority["number"], "title": priority["title"],
                "items_total": len(items), "items_done": done,
                "done_percent": round(100 * done / len(items)) if items else 0,
                "indicator_progress_percent": round(sum(progress) / len(progress)) if progress else None,
                "measures": measures,
            })
        return rows


def dashboard_chart(rows):
    """Bars of the dashboard: per cent of action plan items done, per priority."""
    return {
        "rows": [{**row, "y": 10 + n * ROW_HEIGHT, "width": round(CHART_WIDTH * row["done_percent"] / 100)}
                 for n, row in enumerate(rows)],
        "height": 20 + ROW_HEIGHT * len(rows),
    }
