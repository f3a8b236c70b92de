"""Public API of the coverage page: ``/api/v3/coverage/{page_id}/`` with the same filters
(``skupina``, ``druh``) and numbers as the page; cached with the catalogue's responses (its
version token drops on every catalogue change and page publication, and on population
changes, see ``kp_plans.signals``). No personal data: counts, names of services and measures."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from wagtail.api.v3.auth import AllowAnonymous

from kp_catalogue.caching import cached_api_view
from kp_plans.models.coverage import CoverageFilter, CoveragePage
from kp_plans.survey_results import min_group

router = Router(tags=["coverage"], auth=AllowAnonymous())


class CoverageServiceOut(Schema):
    """A published service; details at /api/v3/catalogue/services/{id}/."""

    id: int
    name: str
    service_type: str


class CapacityOut(Schema):
    unit: str
    maximum: int
    available: int | None
    per_1000: Decimal | None


class CoverageMeasureOut(Schema):
    code: str
    title: str
    url: str


class CoverageCellOut(Schema):
    municipality_id: int
    municipality_code: str
    municipality: str
    target_group: str
    target_group_label: str
    gap: bool
    services: list[CoverageServiceOut]
    capacities: list[CapacityOut]
    age_band: str
    age_band_label: str
    population: int | None
    population_approximate: bool
    survey_answers: int | None
    survey_answers_suppressed: bool
    measures: list[CoverageMeasureOut]


class CoverageOut(Schema):
    page_id: int
    title: str
    survey_minimum_group: int
    gaps: int
    cells: list[CoverageCellOut]


def cell_out(cell):
    answers = cell.answers
    return CoverageCellOut(
        municipality_id=cell.municipality.pk, municipality_code=cell.municipality.code,
        municipality=cell.municipality.name, target_group=cell.group,
        target_group_label=str(cell.group_label), gap=cell.gap,
        services=[CoverageServiceOut(id=s.pk, name=s.name, service_type=s.service_type.name)
                  for s in cell.services],
        capacities=[CapacityOut(unit=c.unit, maximum=c.maximum, available=c.available,
                                per_1000=c.per_1000) for c in cell.capacities],
        age_band=cell.band, age_band_label=str(cell.band_label), population=cell.population,
        population_approximate=cell.approximate,
        survey_answers=answers.value if answers else None,
        survey_answers_suppressed=bool(answers and answers.suppressed),
        measures=[CoverageMeasureOut(code=m["code"], title=m["title"], url=url)
                  for m, url in cell.measures])


@router.get("/{page_id}/", response=CoverageOut,
            summary="Services, capacity, population, survey answers and measures per "
                    "municipality and target group; gaps first")
@cached_api_view(CoverageOut)
def coverage_detail(request, page_id: int, skupina: str = "", druh: str = ""):
    page = get_object_or_404(CoveragePage.objects.live().public(), pk=page_id)
    form = CoverageFilter({"skupina": skupina[:50], "druh": druh[:50]})
    if not form.is_valid():
        raise HttpError(400, _("Unknown target group or service type."))
    coverage = page.coverage(group=form.cleaned_data["skupina"] or None,
                             service_type=form.cleaned_data["druh"])
    return CoverageOut(page_id=page.pk, title=page.title, survey_minimum_group=min_group(),
                       gaps=len(coverage.gaps()), cells=[cell_out(c) for c in coverage.cells])


def register(api):
    if getattr(api, "_kp_plans_coverage_registered", False):
        return
    api.add_router("/coverage/", router)
    api._kp_plans_coverage_registered = True
