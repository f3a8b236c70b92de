"""Supply against need, per municipality × target group, from published data only.

For each municipality of the area and each target group of the plan:

- **services**: live, active catalogue services for the group that reach the municipality,
  i.e. serve it (``service_areas``: a field service counts for every municipality it serves)
  or have a facility there;
- **capacity** per unit (beds, clients, …): the registered capacity and the free places of
  those services, each service counted in full in every municipality it reaches;
- **per 1,000 inhabitants** of the group's age band: a service's capacity is shared by all
  the municipalities it serves, so each service adds ``capacity × 1000 / inhabitants of all
  the municipalities it reaches`` (those with a known population). A service for 30 seniors
  serving two villages of 100 and 200 seniors adds 100 places per 1,000 seniors to both;
- **answers**: needs-survey answers from the municipality tagged with the group;
- **measures**: the plan's measures aimed at the municipality (their ``municipalities``) for
  the group (or for every group when they name none);
- **gap**: no service reaches the municipality for the group. Gaps are listed first.

A fixed number of queries whatever the number of services: the services with their groups,
areas, facilities and capacities are prefetched (``public_services``), population comes from
``population_for`` and the plan's measures from one StreamField.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.http import Http404

from kp_catalogue.models.services import Location, ServiceProvision, ServiceStatus
from kp_catalogue.models.taxonomies import Municipality
from kp_catalogue.public.filtering import public_services
from kp_plans.coverage.groups import coverage_groups
from kp_plans.population.figures import population_for


@dataclass
class Capacity:
    unit: str
    maximum: int = 0
    available: int | None = None
    per_1000: Decimal | None = None


@dataclass
class Cell:
    municipality: Municipality
    group: str
    group_label: str
    band: str
    band_label: str
    population: int | None
    approximate: bool
    services: list = field(default_factory=list)
    capacities: list = field(default_factory=list)
    answers: int | None = None
    measures: list = field(default_factory=list)

    @property
    def gap(self):
        return not self.services


@dataclass
class Coverage:
    cells: list
    groups: list
    municipalities: list

    def gaps(self):
        return [cell for cell in self.cells if cell.gap]

    def gaps_by_municipality(self):
        """``{municipality id: number of groups without a service}`` for the map."""
        counts = {m.pk: 0 for m in self.municipalities}
        for cell in self.gaps():
            counts[cell.municipality.pk] += 1
        return counts


def reaches(service):
    """The municipality ids a service reaches: those it serves and where it has a place."""
    ids = {m.pk for m in service.service_areas.all()}
    ids.update(loc.municipality_id for loc in service.locations.all() if loc.municipality_id)
    return ids


def measure_link(plan, measure, priority_number):
    """The measure's own page when the plan has one (``<plan>opatreni/<p>-<m>/``), else its
    anchor on the plan page."""
    slug = f"{priority_number}-{measure['number']}"
    resolve = getattr(plan, "resolve_subpage", None)
    if resolve is not None:
        try:
            resolve(f"opatreni/{slug}/")
        except (Http404, ValueError):
            pass
        else:
            return f"{plan.url}opatreni/{slug}/"
    return f"{plan.url}#{measure['anchor']}"


def plan_measures(plan):
    """``[(measure dict, municipality ids, group values, url)]`` of a plan (none without)."""
    if plan is None:
        return []
    found = []
    for priority in plan.priority_list:
        for measure in priority["measures"]:
            ids = {m.pk for m in measure.get("municipalities") or []}
            if ids:
                found.append((measure, ids, {g["value"] for g in measure["target_groups"]},
                              measure_link(plan, measure, priority["number"])))
    return found


def compute_coverage(plan=None, service_type=None, group=None, answers=None):
    """``Coverage`` of every municipality × group; ``service_type`` (a ServiceType) narrows
    the services, ``group`` (a plan target group value) the groups; ``answers`` maps
    ``(municipality id, group)`` to the number of survey answers."""
    groups = [g for g in coverage_groups() if group in (None, g[0])]
    municipalities = list(Municipality.objects.order_by("sort_order", "name"))
    figures = population_for(municipalities)
    services = public_services().filter(status=ServiceStatus.ACTIVE).prefetch_related(
        None).prefetch_related(
        "target_groups", "service_areas",
        Prefetch("provisions", queryset=ServiceProvision.objects.select_related("unit")),
        Prefetch("locations", queryset=Location.objects.only("pk", "service", "municipality")))
    if service_type is not None:
        services = services.filter(service_type=service_type)
    services = list(services.order_by("name", "pk"))
    measures = plan_measures(plan)
    answers = answers or {}

    code_to_groups = defaultdict(set)
    for value, _label, codes, _band in groups:
        for code in codes:
            code_to_groups[code].add(value)
    # (municipality id, group) -> services; and each service's catchment per band
    reached = defaultdict(list)
    for service in services:
        service_groups = set().union(*(code_to_groups[t.code]
                                       for t in service.target_groups.all()))
        if not service_groups:
            continue
        area = reaches(service)
        service.kp_area = area
        for value in service_groups:
            for municipality_id in area:
                reached[(municipality_id, value)].append(service)

    cells = []
    for municipality in municipalities:
        figure = figures.get(municipality.pk)
        for value, label, _codes, band in groups:
            found = reached.get((municipality.pk, value), [])
            population = figure.band(band) if figure else None
            capacities = {}
            for service in found:
                catchment = sum(
                    (figures[pk].band(band) or 0) for pk in service.kp_area if pk in figures)
                for provision in service.provisions.all():
                    if provision.unit is None or provision.maximum is None:
                        continue
                    entry = capacities.setdefault(provision.unit.code,
                                                  Capacity(unit=provision.unit.name))
                    entry.maximum += provision.maximum
                    if provision.available is not None:
                        entry.available = (entry.available or 0) + provision.available
                    if population and catchment:
                        share = Decimal(provision.maximum) * 1000 / catchment
                        entry.per_1000 = (entry.per_1000 or Decimal(0)) + share
            for entry in capacities.values():
                if entry.per_1000 is not None:
                    entry.per_1000 = entry.per_1000.quantize(Decimal("0.1"), ROUND_HALF_UP)
            cells.append(Cell(
                municipality=municipality, group=value, group_label=label, band=band.value,
                band_label=band.label, population=population,
                approximate=bool(figure and figure.approximate), services=found,
                capacities=sorted(capacities.values(), key=lambda c: c.unit),
                answers=answers.get((municipality.pk, value)),
                measures=[(measure, url) for measure, ids, targets, url in measures
                          if municipality.pk in ids and (not targets or value in targets)],
            ))
    cells.sort(key=lambda cell: not cell.gap)  # stable: gaps first, then the area's order
    return Coverage(cells=cells, groups=groups, municipalities=municipalities)
