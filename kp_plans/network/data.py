"""The network as plain data: services, capacities, municipalities served, and each
municipality's share of each service's cost, computed in a fixed number of queries.

The same dictionary is what an adoption freezes (``NetworkAdoption.snapshot``), so the public
page, the exports and the statements read one shape, whether adopted or still a proposal.
Population weights are the latest figures at the time of computing; an adoption keeps the
figures it was computed with.
"""

from decimal import Decimal

from django.utils import timezone

from kp_plans.network.split import split_cost
from kp_plans.population.figures import population_for

POPULATION = "population"


def weights_for(entry, municipality_ids, population, inputs):
    """(weights, names of municipalities missing a population figure) of one service."""
    if entry.split_key == POPULATION:
        weights = {pk: population[pk].total for pk in municipality_ids if pk in population}
        return weights, [pk for pk in municipality_ids if pk not in population]
    return {row.municipality_id: row.number for row in inputs.get(entry.service_id, [])}, []


def compute(page):
    """The network of ``page`` as it is now (its published rows), as a JSON-ready dict."""
    entries = list(page.network_services.select_related(
        "service__provider", "service__service_type", "capacity_unit",
    ).prefetch_related("municipalities").order_by("sort_order", "pk"))
    inputs = {}
    shares = list(page.share_inputs.select_related("municipality").order_by("sort_order", "pk"))
    for row in shares:
        inputs.setdefault(row.service_id, []).append(row)
    municipalities = {}
    for entry in entries:
        for municipality in entry.municipalities.all():
            municipalities[municipality.pk] = municipality
    for row in shares:
        municipalities[row.municipality_id] = row.municipality
    population = population_for(list(municipalities)) if municipalities else {}
    measures = page.plan.measures_by_code
    years = list(range(page.period_start, page.period_end + 1))

    services, by_municipality = [], {}
    for entry in entries:
        served = sorted((m for m in entry.municipalities.all()), key=lambda m: (m.sort_order, m.name))
        weights, missing = weights_for(entry, [m.pk for m in served], population, inputs)
        parts = split_cost(entry.annual_cost, weights)
        rows = []
        for pk, amount in sorted(parts.items(), key=lambda item: (
                municipalities[item[0]].sort_order, municipalities[item[0]].name)):
            municipality = municipalities[pk]
            rows.append({"municipality": municipality.code, "name": municipality.name,
                         "weight": str(weights[pk]), "amount": amount})
            record = by_municipality.setdefault(municipality.code, {
                "code": municipality.code, "name": municipality.name,
                "sort": [municipality.sort_order, municipality.name], "yearly": 0, "services": [],
            })
            record["yearly"] += amount
            record["services"].append({"name": entry.service.name, "split_key": entry.split_key,
                                       "weight": str(weights[pk]), "amount": amount})
        measure = measures.get(entry.measure_code)
        services.append({
            "service_id": entry.service_id, "name": entry.service.name,
            "provider": entry.service.provider.name,
            "service_type": entry.service.service_type.name,
            "capacity": entry.capacity,
            "capacity_unit": entry.capacity_unit.name if entry.capacity_unit else "",
            "municipalities": [m.name for m in served],
            "measure_code": entry.measure_code,
            "measure_title": measure["title"] if measure else "",
            "annual_cost": str(Decimal(entry.annual_cost).quantize(Decimal(1))),
            "split_key": entry.split_key,
            "shares": rows,
            "missing_population": [municipalities[pk].name for pk in missing],
        })
    towns = sorted(by_municipality.values(), key=lambda row: row["sort"])
    for town in towns:
        town["total"] = town["yearly"] * len(years)
        del town["sort"]
    return {
        "title": page.title, "period_start": page.period_start, "period_end": page.period_end,
        "years": years, "services": services, "municipalities": towns,
        "annual_total": sum(int(s["annual_cost"]) for s in services),
        "computed_at": timezone.now().isoformat(),
    }


def current_adoption(page):
    return page.adoptions.order_by("-created_at", "-pk").first()


def network_for_public(page):
    """(data, adoption or None): the adopted snapshot if any, else the current proposal."""
    adoption = current_adoption(page)
    if adoption is not None:
        return adoption.snapshot, adoption
    return compute(page), None


def municipality_statement(data, code):
    """The municipality's row of ``data`` with its services, or None."""
    return next((row for row in data["municipalities"] if row["code"] == code), None)


def record_adoption(sender, instance, revision=None, **kwargs):
    """On publishing, freeze the network when it carries a resolution number not yet recorded.

    Connected to Wagtail's ``page_published`` for the network page type in ``apps.ready``."""
    page = instance
    number = (page.resolution_number or "").strip()
    if not number or page.adoptions.filter(resolution_number=number).exists():
        return None
    return page.adoptions.create(
        revision=revision, resolution_number=number, adopted_by=page.adopted_by,
        adoption_date=page.adoption_date, snapshot=compute(page),
    )
