"""Typed API fields for structured content in the v3 pages API.

Wagtail's v3 schema generator types a StreamField as ``list[Any]`` and a plain property as
``Any``. For the plan's priorities, the draft's sections, the programme and the SWOT analysis a
headless client deserves real types, so these fields go through the generator's serializer
hook, whose return annotation becomes the schema (wagtail/api/v3/schemas/generators/read.py).
"""

from datetime import datetime, time
from decimal import Decimal

from ninja import Schema
from rest_framework.fields import Field
from wagtail.api import APIField


def typed_api_field(name: str, annotation, method: str | None = None) -> APIField:
    """An APIField typed as ``annotation``: the page's attribute ``name``, or the result of
    calling its method ``method`` when given."""

    class TypedField(Field):
        def __init__(self):
            super().__init__(read_only=True, source="*" if method else None)

        def to_representation(self, value):
            return getattr(value, method)() if method else value

    TypedField.to_representation.__annotations__["return"] = annotation
    TypedField.__name__ = f"Typed_{name}"
    return APIField(name, serializer=TypedField())


class MeetingOut(Schema):
    id: int
    start: datetime
    end: datetime | None
    place: str
    agenda: str
    minutes: str
    minutes_document: int | None
    attendance: int | None


class ChoiceOut(Schema):
    value: str
    label: str


class RelatedServiceOut(Schema):
    """A published catalogue service; details at /api/v3/catalogue/services/{id}/."""

    id: int
    name: str


class MunicipalityOut(Schema):
    id: int
    code: str
    name: str


class MeasureOut(Schema):
    code: str
    anchor: str
    number: int
    title: str
    description: str
    target_groups: list[ChoiceOut]
    responsible: str
    partners: str
    funding_sources: str
    estimated_cost: Decimal | None
    indicators: list[str]
    start_year: int | None
    end_year: int | None
    related_services: list[RelatedServiceOut]
    municipalities: list[MunicipalityOut] = []


class PriorityOut(Schema):
    number: int
    kind: ChoiceOut
    title: str
    description: str
    measures: list[MeasureOut]


class DraftSectionOut(Schema):
    anchor: str
    title: str
    body: str


class SwotOut(Schema):
    strengths: list[str]
    weaknesses: list[str]
    opportunities: list[str]
    threats: list[str]


class TalkOut(Schema):
    title: str
    speaker: str
    affiliation: str
    bio: str


class ProgrammeSlotOut(Schema):
    start: time
    end: time | None
    title: str
    talks: list[TalkOut]


class StatusCountOut(Schema):
    status: ChoiceOut
    count: int


class FulfilmentOut(Schema):
    total: int
    done: int
    done_percent: int
    by_status: list[StatusCountOut]


class DraftConsultationOut(Schema):
    state: str
    state_label: str
    start: str | None
    end: str | None


class FormFieldOut(Schema):
    clean_name: str
    label: str
    field_type: str
    required: bool
    choices: str
    help_text: str


class IndicatorValueOut(Schema):
    year: int
    value: Decimal
    source: str


class IndicatorOut(Schema):
    """An indicator of a measure; progress is the per cent of the way from baseline to target
    that the latest value reached (null without a target or a value)."""

    id: int
    measure_code: str
    name: str
    unit: str
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None
    values: list[IndicatorValueOut]
    latest: Decimal | None
    progress_percent: int | None


class MeasureYearOut(Schema):
    """The measure in one annual action plan."""

    year: int
    action_plan_id: int
    status: ChoiceOut
    budget: Decimal | None


class MeasureProgressOut(Schema):
    code: str
    title: str
    url: str
    timeline: list[MeasureYearOut]
    indicators: list[IndicatorOut]


class IndicatorSummaryOut(Schema):
    name: str
    unit: str
    latest: Decimal | None
    target_value: Decimal | None
    progress_percent: int | None


class MeasureSummaryOut(Schema):
    code: str
    title: str
    latest_status: ChoiceOut | None
    latest_year: int | None
    indicators: list[IndicatorSummaryOut]


class PriorityProgressOut(Schema):
    """Fulfilment of a priority: action plan items done out of all its items in every year,
    and the mean progress of its indicators."""

    number: int
    title: str
    items_total: int
    items_done: int
    done_percent: int
    indicator_progress_percent: int | None
    measures: list[MeasureSummaryOut]


class NetworkShareOut(Schema):
    municipality: str
    name: str
    weight: str
    amount: int


class NetworkServiceOut(Schema):
    service_id: int
    name: str
    provider: str
    service_type: str
    capacity: int | None
    capacity_unit: str
    municipalities: list[str]
    measure_code: str
    measure_title: str
    annual_cost: str
    split_key: str
    shares: list[NetworkShareOut]
    missing_population: list[str]


class StatementServiceOut(Schema):
    name: str
    split_key: str
    weight: str
    amount: int


class MunicipalityStatementOut(Schema):
    """A municipality's co-financing: its yearly amount and the total for the period."""

    code: str
    name: str
    yearly: int
    total: int
    services: list[StatementServiceOut]


class NetworkOut(Schema):
    """The network as adopted (``adopted`` true, with the resolution), or the current proposal."""

    adopted: bool
    resolution_number: str
    period_start: int
    period_end: int
    years: list[int]
    annual_total: int
    services: list[NetworkServiceOut]
    municipalities: list[MunicipalityStatementOut]
