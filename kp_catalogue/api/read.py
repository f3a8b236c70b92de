"""Public read API of the catalogue, mounted at /api/v3/catalogue/ on Wagtail's NinjaAPI.

Anonymous and read-only: only published services that have not ended, only public contacts and
non-secret locations. Schemas are explicit, so a private field cannot slip out by accident.
"""

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from wagtail.api.v3.auth import AllowAnonymous

from kp_catalogue.api.summaries import item_json, json_list, summaries
from kp_catalogue.caching import cached_api_view
from kp_catalogue.models import (
    AccessibilityFeature,
    AgeGroup,
    CapacityUnit,
    Language,
    Municipality,
    Provider,
    ServiceForm,
    ServiceProvision,
    ServiceType,
    TargetGroup,
)
from kp_catalogue.models.hours import format_weekly
from kp_catalogue.public import finder
from kp_catalogue.public.counting import with_total
from kp_catalogue.public.distance import Origin, centre, nearest_municipality, order_by_distance
from kp_catalogue.public.filtering import ServiceFilter, card_services, public_services

router = Router(tags=["catalogue"], auth=AllowAnonymous())

MAX_LIMIT = 100
# No catalogue comes near; the bound keeps OFFSET and ids within a database integer.
MAX_OFFSET = 10**9
MAX_ID = 2**63 - 1


class TermOut(Schema):
    code: str
    name: str


class ServiceTypeOut(TermOut):
    paragraph: str
    category: str


class CapacityUnitOut(TermOut):
    description: str


class TaxonomiesOut(Schema):
    service_types: list[ServiceTypeOut]
    target_groups: list[TermOut]
    age_groups: list[TermOut]
    forms: list[TermOut]
    capacity_units: list[CapacityUnitOut]
    municipalities: list[TermOut]
    languages: list[TermOut]
    accessibility_features: list[TermOut]


class ProviderSummaryOut(Schema):
    id: int
    name: str
    ico: str


class ProviderOut(ProviderSummaryOut):
    legal_status: str
    description: str
    website: str
    email: str
    phone: str
    data_box: str
    address_1: str
    city: str
    postal_code: str


class ProvisionOut(Schema):
    form: TermOut
    non_stop: bool
    unit: TermOut | None
    maximum: int | None
    available: int | None
    available_updated: dt.date | None


class OpeningHoursOut(Schema):
    weekday: int = Field(description="ISO weekday: 1 = Monday … 7 = Sunday")
    opens: str = Field(description="Local time (Europe/Prague), HH:MM")
    closes: str = Field(description="Local time, HH:MM; 24:00 is midnight at the day's end")


class HoursExceptionOut(Schema):
    date: dt.date
    closed: bool
    hours: list[list[str]] = Field(description="[opens, closes] pairs on that date")
    note: str


class LocationOut(Schema):
    name: str
    address_1: str
    city: str
    postal_code: str
    municipality: TermOut | None
    latitude: float | None
    longitude: float | None
    accessibility: str
    accessibility_features: list[TermOut]
    opening_hours: list[OpeningHoursOut]
    opening_hours_text: str = Field(description="The same hours as text, e.g. \"Po–Pá 8:00–16:00\"")
    hours_exceptions: list[HoursExceptionOut]


class ContactOut(Schema):
    name: str
    title: str
    email: str
    phone: str


class ServiceSummaryOut(Schema):
    id: int
    name: str
    provider: ProviderSummaryOut
    service_type: ServiceTypeOut
    status: str
    target_groups: list[TermOut]
    forms: list[str]
    service_areas: list[TermOut]
    has_free_capacity: bool
    assured_date: dt.date | None
    distance_km: float | None = Field(
        None, description="Kilometres from the origin asked for (near, or lat and lon) to the "
                          "nearest public place of the service; 0 for a field service serving "
                          "the origin's municipality; null when no origin was asked for or "
                          "nothing can be measured.")
    comes_to_you: bool = Field(
        False, description="A field service serving the municipality of the origin.")


class ServiceOut(ServiceSummaryOut):
    identifier: str
    description: str
    eligibility_description: str
    is_free: bool
    fees_description: str
    application_process: str
    languages: str
    schedule_description: str
    email: str
    phone: str
    url: str
    age_groups: list[TermOut]
    provisions: list[ProvisionOut]
    locations: list[LocationOut]
    has_secret_location: bool = Field(
        description="A facility exists whose address is withheld to protect its clients."
    )
    contacts: list[ContactOut]
    tags: list[str]
    spoken_languages: list[TermOut]


class ServiceListOut(Schema):
    items: list[ServiceSummaryOut]
    count: int


class ProviderListOut(Schema):
    items: list[ProviderSummaryOut]
    count: int


class ServiceFilterIn(Schema):
    q: str = Field("", max_length=200, description=(
        "Free text in Czech, as on the catalogue page: any word form, case and diacritics "
        "ignored, editors' synonyms applied; a municipality's name in any case (\"v Kelči\") "
        "filters to the services serving it."))
    category: str = Field("", description="counselling, care or prevention")
    service_type: str = Field("", description="Service type code")
    target_group: str = Field("", description="Target group code")
    age_group: str = Field("", description="Age group code")
    form: str = Field("", description="Form code: pob, amb, ter")
    municipality: str = Field("", description="Municipality code")
    tag: str = Field("", description="Tag slug")
    provider: int | None = Field(None, ge=1, le=MAX_ID)
    has_free_capacity: bool = False
    open_day: str = Field("", description="Open on a weekday: po, ut, st, ct, pa, so, ne",
                          pattern="^(|po|ut|st|ct|pa|so|ne)$")
    accessibility: str = Field("", description="Accessibility feature code, e.g. "
                               "bezbarierovy-vstup", max_length=32)
    language: str = Field("", description="Language code spoken, e.g. uk", max_length=32)
    near: str = Field("", max_length=32, description=(
        "Municipality code: order by distance from its centre, field services serving it "
        "first."))
    lat: float | None = Field(None, ge=-90, le=90, description=(
        "Latitude of a point to order by distance from (with lon; before near)."))
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude, with lat.")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class SituationOut(Schema):
    slug: str
    title: str
    question: str
    icon: str
    service_types: list[TermOut]
    target_groups: list[TermOut]
    age_groups: list[TermOut]
    forms: list[TermOut]


class SituationListOut(Schema):
    items: list[SituationOut]


class FinderResultOut(Schema):
    situation: SituationOut
    municipality: TermOut
    age_group: TermOut | None
    items: list[ServiceSummaryOut]
    count: int


def term(item):
    return {"code": item.code, "name": item.name} if item is not None else None


def location_data(location):
    return {
        "name": location.name, "address_1": location.address_1, "city": location.city,
        "postal_code": location.postal_code, "municipality": term(location.municipality),
        "latitude": float(location.latitude) if location.latitude is not None else None,
        "longitude": float(location.longitude) if location.longitude is not None else None,
        "accessibility": location.accessibility,
        "accessibility_features": [term(item) for item in location.accessibility_features.all()],
        "opening_hours": location.opening_hours,
        "opening_hours_text": format_weekly(location.opening_hours),
        "hours_exceptions": location.hours_exceptions,
    }


def service_summary(service):
    provisions = list(service.provisions.all())
    return {
        "id": service.pk, "name": service.name,
        "provider": {"id": service.provider.pk, "name": service.provider.name,
                     "ico": service.provider.ico},
        "service_type": {"code": service.service_type.code, "name": service.service_type.name,
                         "paragraph": service.service_type.paragraph,
                         "category": service.service_type.category},
        "status": service.status,
        "target_groups": [term(item) for item in service.target_groups.all()],
        "forms": [provision.form.code for provision in provisions],
        "service_areas": [term(item) for item in service.service_areas.all()],
        "has_free_capacity": any((p.available or 0) > 0 for p in provisions),
        "assured_date": service.assured_date,
        "distance_km": (round(service.distance_km, 2)
                        if getattr(service, "distance_km", None) is not None else None),
        "comes_to_you": getattr(service, "comes_to_you", False),
    }


def service_detail(service):
    data = service_summary(service)
    data.update({
        field: getattr(service, field) for field in [
            "identifier", "description", "eligibility_description", "is_free",
            "fees_description", "application_process", "languages", "schedule_description",
            "email", "phone", "url",
        ]
    })
    data.update({
        "age_groups": [term(item) for item in service.age_groups.all()],
        "provisions": [
            {"form": term(p.form), "non_stop": p.non_stop, "unit": term(p.unit),
             "maximum": p.maximum, "available": p.available,
             "available_updated": p.available_updated}
            for p in service.provisions.all()
        ],
        "locations": [location_data(location) for location in service.public_locations()],
        "has_secret_location": service.has_secret_location(),
        "contacts": [
            {"name": c.name, "title": c.title, "email": c.email, "phone": c.phone}
            for c in service.public_contacts()
        ],
        "tags": [tag.name for tag in service.tags.all()],
        "spoken_languages": [term(item) for item in service.spoken_languages.all()],
    })
    return data


@router.get("/services/", response=ServiceListOut, summary="Published services")
@cached_api_view(ServiceListOut)
def list_services(request, filters: Query[ServiceFilterIn]):
    values = filters.dict()
    limit, offset = values.pop("limit"), values.pop("offset")
    origin = api_origin(values.pop("near"), values.pop("lat"), values.pop("lon"))
    queryset = ServiceFilter(**values).apply(card_services())
    if origin is not None:
        # Ordered in Python over the whole filtered list (locations are prefetched).
        services = order_by_distance(queryset, origin)
        items = [service_summary(service) for service in services[offset:offset + limit]]
        return {"items": items, "count": len(services)}
    items, total = summaries(with_total(queryset)[offset:offset + limit], summary_services,
                             item_json(ServiceSummaryOut, service_summary))
    return json_list(items, total if total is not None else queryset.count())


def summary_services(pks):
    """The published services with these IDs and the relations a summary reads."""
    return card_services().prefetch_related(None).prefetch_related(
        "target_groups", "service_areas",
        Prefetch("provisions", queryset=ServiceProvision.objects.select_related("form")),
    ).filter(pk__in=pks)


def municipality_or_404(code):
    place = Municipality.objects.filter(code=code).first()
    if place is None:
        raise HttpError(404, _("There is no such municipality in the catalogue."))
    return place


def api_origin(near, latitude, longitude):
    """The origin of a distance ordering: a point (any valid one: a client outside the area
    still gets distances), else a municipality; None without either."""
    if latitude is not None and longitude is not None:
        return Origin(latitude, longitude, nearest_municipality(latitude, longitude), True)
    if near:
        place = municipality_or_404(near)
        return Origin(*centre(place), place)
    return None


def situation_data(situation):
    return {
        "slug": situation.slug, "title": situation.title, "question": situation.question,
        "icon": situation.icon,
        **{name: [term(item) for item in getattr(situation, name).all()]
           for name in ("service_types", "target_groups", "age_groups", "forms")},
    }


@router.get("/situations/", response=SituationListOut,
            summary="Life situations of the needs finder")
@cached_api_view(SituationListOut)
def list_situations(request):
    return {"items": [situation_data(situation) for situation in finder.situations()]}


@router.get("/situations/{slug}/services/", response=FinderResultOut,
            summary="Services for a life situation in a municipality")
@cached_api_view(FinderResultOut)
def situation_services(request, slug: str,
                       municipality: str = Query(..., max_length=32,
                                                 description="Municipality code"),
                       age_group: str = Query("", max_length=32,
                                              description="Age group code; empty for any")):
    """The needs finder's answer: services matching the situation that serve the
    municipality (and the age group), field services covering it first, then nearest."""
    situation = get_object_or_404(finder.situations(), slug=slug[:60])
    place = municipality_or_404(municipality)
    age = None
    if age_group:
        age = AgeGroup.objects.filter(code=age_group).first()
        if age is None:
            raise HttpError(404, _("There is no such age group in the catalogue."))
    answers = finder.Answers(situation=situation, municipality=place, age_group=age,
                             age_answered=True)
    services = finder.finder_services(answers)
    return {"situation": situation_data(situation), "municipality": term(place),
            "age_group": term(age), "items": [service_summary(s) for s in services],
            "count": len(services)}


@router.get("/services/{service_id}/", response=ServiceOut, summary="A published service")
@cached_api_view(ServiceOut)
def get_service(request, service_id: int):
    return service_detail(get_object_or_404(public_services(), pk=service_id))


def public_providers():
    # A provider is public once at least one of its services is.
    return Provider.objects.filter(pk__in=public_services().values("provider_id"))


@router.get("/providers/", response=ProviderListOut, summary="Providers with published services")
def list_providers(request, limit: int = Query(20, ge=1, le=MAX_LIMIT),
                   offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    queryset = public_providers().order_by("name", "pk")
    items = [{"id": p.pk, "name": p.name, "ico": p.ico}
             for p in queryset[offset:offset + limit]]
    return {"items": items, "count": queryset.count()}


@router.get("/providers/{provider_id}/", response=ProviderOut, summary="A provider")
def get_provider(request, provider_id: int):
    return get_object_or_404(public_providers(), pk=provider_id)


@router.get("/taxonomies/", response=TaxonomiesOut, summary="Code lists")
def taxonomies(request):
    return {
        "service_types": list(ServiceType.objects.all()),
        "target_groups": list(TargetGroup.objects.all()),
        "age_groups": list(AgeGroup.objects.all()),
        "forms": list(ServiceForm.objects.all()),
        "capacity_units": list(CapacityUnit.objects.all()),
        "municipalities": list(Municipality.objects.all()),
        "languages": list(Language.objects.all()),
        "accessibility_features": list(AccessibilityFeature.objects.all()),
    }
