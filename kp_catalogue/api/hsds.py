"""HSDS 3.1 (Human Services Data Specification, Open Referral) read API of the published
catalogue.

The routes are defined once and mounted twice from ``hsds_router()``: on Wagtail's NinjaAPI at
/api/v3/hsds/ (so the one OpenAPI document describes them) and at the canonical /api/hsds/ by
``kp_catalogue.urls``. Only published services that have not ended, public contacts and
non-secret locations appear; a facility with a secret address is not even a service_at_location.

HSDS identifiers are UUIDs. Ours are derived from the primary key so that they are stable and
can be read back without a lookup table: ``6b70TTTT-0000-4000-8000-<pk in 12 hex digits>``,
where TTTT tells the kind of record.
"""

import datetime as dt
import math
import uuid

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from pydantic import field_validator
from wagtail.api.v3.auth import AllowAnonymous

from kp_catalogue.models import (
    AgeGroup,
    Location,
    Provider,
    Service,
    ServiceForm,
    ServiceProvision,
    ServiceType,
    TargetGroup,
)
from kp_catalogue.models.hours import BYDAY
from kp_catalogue.public.filtering import public_services
from kp_catalogue.search.text import search_terms

HSDS_VERSION = "3.1"
PROFILE_URL = "https://docs.openreferral.org/en/latest/hsds/"
MAX_PER_PAGE = 100
# Far beyond any catalogue, and page * per_page stays within a database integer.
MAX_PAGE = 10**6
KIND_PREFIX = {"service": 0x0001, "organization": 0x0002, "location": 0x0003,
               "service_at_location": 0x0004, "taxonomy": 0x0005, "capacity": 0x0006,
               "phone": 0x0007, "address": 0x0008, "contact": 0x0009, "attribute": 0x000A,
               "area": 0x000B, "schedule": 0x000C, "language": 0x000D,
               "accessibility": 0x000E}
# Code lists published as HSDS taxonomies: (key, model, name, description).
TAXONOMIES = [
    ("service_type", ServiceType, "Druhy sociálních služeb",
     "Druhy sociálních služeb podle zákona č. 108/2006 Sb., o sociálních službách."),
    ("target_group", TargetGroup, "Cílové skupiny", "Cílové skupiny sociálních služeb."),
    ("age_group", AgeGroup, "Věkové skupiny", "Věkové skupiny uživatelů."),
    ("form", ServiceForm, "Formy poskytování", "Pobytová, ambulantní a terénní forma."),
]
TERM_PREFIX_BASE = 0x0100  # + the taxonomy's index


def make_id(kind, pk):
    prefix = KIND_PREFIX[kind] if isinstance(kind, str) else kind
    return f"6b70{prefix:04x}-0000-4000-8000-{int(pk):012x}"


def read_id(value, kind):
    """The primary key inside one of our UUIDs, or None when it is not ours or not of kind."""
    try:
        parsed = str(uuid.UUID(str(value)))
    except ValueError:
        return None
    prefix = KIND_PREFIX[kind] if isinstance(kind, str) else kind
    if not parsed.startswith(f"6b70{prefix:04x}-0000-4000-8000-"):
        return None
    return int(parsed[-12:], 16)


def term_id(taxonomy_index, item):
    return make_id(TERM_PREFIX_BASE + taxonomy_index, item.pk)


def read_term_id(value):
    for index, (_key, model, _name, _description) in enumerate(TAXONOMIES):
        pk = read_id(value, TERM_PREFIX_BASE + index)
        if pk is not None:
            return model, pk
    return None, None


def taxonomy_of(model):
    return next(index for index, entry in enumerate(TAXONOMIES) if entry[1] is model)


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE)


def drop_empty(value):
    """HSDS schemas type optional fields without null: an unknown value is left out."""
    if isinstance(value, dict):
        return {key: drop_empty(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [drop_empty(item) for item in value]
    return value


def page_envelope(queryset, page, per_page, serialise=dict):
    """HSDS's Page around one page of a queryset (or of a list)."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    total = len(queryset) if isinstance(queryset, list) else queryset.count()
    pages = max(1, math.ceil(total / per_page))
    items = [drop_empty(serialise(obj))
             for obj in queryset[(page - 1) * per_page: page * per_page]]
    return {"total_items": total, "total_pages": pages, "page_number": page,
            "size": len(items), "first_page": page == 1, "last_page": page >= pages,
            "empty": not items, "contents": items}


# -- serialisation ---------------------------------------------------------------------------
def organization_data(provider):
    return {
        "id": make_id("organization", provider.pk), "name": provider.name,
        "description": provider.description or provider.name,
        "email": provider.email or None, "website": provider.website or None,
        "tax_id": provider.ico, "legal_status": provider.legal_status or None,
        "uri": None,
    }


def term_data(item, taxonomy_index):
    key, _model, name, _description = TAXONOMIES[taxonomy_index]
    return {"id": term_id(taxonomy_index, item), "code": item.code, "name": item.name,
            "description": str(item), "taxonomy": name,
            "taxonomy_id": make_id("taxonomy", taxonomy_index + 1), "language": "cs"}


def attribute(service, item, model):
    index = taxonomy_of(model)
    term = term_data(item, index)
    return {"id": make_id("attribute", service.pk * 1000 + index * 100 + item.pk % 100),
            "link_id": make_id("service", service.pk), "link_type": "service",
            "link_entity": "service", "taxonomy_term_id": term["id"], "value": item.code,
            "label": item.name, "taxonomy_term": term}


def location_data(location):
    return {
        "id": make_id("location", location.pk), "location_type": "physical",
        "name": location.name or None,
        "organization_id": make_id("organization", location.service.provider_id),
        "latitude": float(location.latitude) if location.latitude is not None else None,
        "longitude": float(location.longitude) if location.longitude is not None else None,
        "addresses": [{
            "id": make_id("address", location.pk), "location_id": make_id("location", location.pk),
            "address_1": location.address_1, "city": location.city
            or (location.municipality.name if location.municipality else ""),
            "state_province": "", "postal_code": location.postal_code, "country": "CZ",
            "address_type": "physical",
        }],
        "accessibility": accessibility_data(location),
        "schedules": schedules_data(location),
    }


def accessibility_data(location):
    """The code-list features, one entry each, then the free-text note."""
    lid = make_id("location", location.pk)
    entries = [{"id": make_id("accessibility", location.pk * 1000 + 1 + feature.pk % 999),
                "location_id": lid, "description": feature.name, "details": feature.code}
               for feature in location.accessibility_features.all()]
    if location.accessibility:
        entries.append({"id": make_id("accessibility", location.pk * 1000),
                        "location_id": lid, "description": location.accessibility})
    return entries


def schedules_data(location):
    """Weekly hours as iCal-style rules, one per time range with the days it applies on, then
    each exception as a one-day schedule (valid_from = valid_to). Times are local (Prague)."""
    lid = make_id("location", location.pk)
    days_by_range = {}
    for row in location.opening_hours or []:
        days_by_range.setdefault((row["opens"], row["closes"]), []).append(row["weekday"])
    schedules = []
    for opens, closes in sorted(days_by_range):
        schedules.append({
            "location_id": lid, "freq": "WEEKLY", "wkst": "MO",
            "byday": ",".join(BYDAY[day] for day in days_by_range[(opens, closes)]),
            "opens_at": opens, "closes_at": closes, "notes": "Místní čas (Europe/Prague).",
        })
    for row in location.hours_exceptions or []:
        base = {"location_id": lid, "valid_from": row["date"], "valid_to": row["date"],
                "dtstart": row["date"]}
        note = row["note"]
        if row["closed"]:
            schedules.append({**base, "description": "Zavřeno" + (f" – {note}" if note else "")})
        for opens, closes in row["hours"]:
            schedules.append({**base, "opens_at": opens, "closes_at": closes,
                              "description": note or "Změněná provozní doba"})
    for index, schedule in enumerate(schedules):
        schedule["id"] = make_id("schedule", location.pk * 1000 + index % 1000)
    return schedules


def languages_data(service):
    """The languages from the code list; the free text only when none is ticked."""
    sid = make_id("service", service.pk)
    languages = [{"id": make_id("language", service.pk * 1000 + language.pk % 1000),
                  "service_id": sid, "name": language.name, "code": language.code}
                 for language in service.spoken_languages.all()]
    if not languages and service.languages:
        languages.append({"id": make_id("language", service.pk * 1000), "service_id": sid,
                          "name": service.languages})
    return languages


def service_summary(service):
    return {
        "id": make_id("service", service.pk),
        "organization_id": make_id("organization", service.provider_id),
        "name": service.name, "description": service.description or None,
        "url": service.url or None, "email": service.email or None,
        "status": service.status,
        "application_process": service.application_process or None,
        "fees_description": service.fees_description or None,
        "eligibility_description": service.eligibility_description or None,
        "assured_date": service.assured_date.isoformat() if service.assured_date else None,
        "last_modified": service.updated_at.isoformat(),
        "organization": organization_data(service.provider),
    }


def service_full(service):
    data = service_summary(service)
    sid = data["id"]
    attributes = [attribute(service, service.service_type, ServiceType)]
    attributes += [attribute(service, item, TargetGroup) for item in service.target_groups.all()]
    attributes += [attribute(service, item, AgeGroup) for item in service.age_groups.all()]
    attributes += [attribute(service, p.form, ServiceForm) for p in service.provisions.all()]
    data.update({
        "phones": [{"id": make_id("phone", service.pk), "service_id": sid,
                    "number": service.phone}] if service.phone else [],
        "service_areas": [{"id": make_id("area", service.pk * 1000 + m.pk % 1000),
                           "service_id": sid, "name": m.name, "extent_type": "geojson"}
                          for m in service.service_areas.all()],
        "service_at_locations": [
            {"id": make_id("service_at_location", loc.pk), "service_id": sid,
             "location_id": make_id("location", loc.pk), "location": location_data(loc)}
            for loc in service.public_locations()
        ],
        "contacts": [{"id": make_id("contact", c.pk), "service_id": sid, "name": c.name,
                      "title": c.title or None, "email": c.email or None,
                      "phones": [{"id": make_id("phone", 10**9 + c.pk), "number": c.phone}]
                      if c.phone else []}
                     for c in service.public_contacts()],
        "capacities": [
            {"id": make_id("capacity", p.pk), "service_id": sid,
             "unit": {"id": make_id(TERM_PREFIX_BASE + 0x80, p.unit.pk), "name": p.unit.name,
                      "scheme": "TypKapacitySocialniSluzby", "identifier": p.unit.code},
             "available": p.available if p.available is not None else 0,
             "maximum": p.maximum, "description": p.form.name,
             "updated": (p.available_updated or service.updated_at.date()).isoformat()}
            for p in service.provisions.all() if p.unit is not None
        ],
        "languages": languages_data(service),
        "attributes": attributes,
    })
    return data


# -- queries ---------------------------------------------------------------------------------
def filtered_services(search="", taxonomy_term_id="", organization_id="", modified_after=None):
    queryset = public_services().order_by("name", "pk")
    for term in search_terms(search):
        queryset = queryset.filter(Q(search_text__contains=term)
                                   | Q(provider__search_text__contains=term))
    if organization_id:
        queryset = queryset.filter(provider_id=read_id(organization_id, "organization") or 0)
    if taxonomy_term_id:
        model, pk = read_term_id(taxonomy_term_id)
        if model is ServiceType:
            queryset = queryset.filter(service_type_id=pk)
        elif model is ServiceForm:
            queryset = queryset.filter(Exists(ServiceProvision.objects.filter(
                service_id=OuterRef("pk"), form_id=pk)))
        elif model in (TargetGroup, AgeGroup):
            relation = "target_groups" if model is TargetGroup else "age_groups"
            through = getattr(Service, relation).through
            column = "targetgroup_id" if model is TargetGroup else "agegroup_id"
            queryset = queryset.filter(Exists(through.objects.filter(
                service_id=OuterRef("pk"), **{column: pk})))
        else:
            queryset = queryset.none()
    if modified_after:
        queryset = queryset.filter(updated_at__gte=modified_after)
    return queryset


def public_organizations():
    return Provider.objects.filter(
        Exists(public_services().filter(provider_id=OuterRef("pk")))).order_by("name", "pk")


def public_service_locations():
    return (Location.objects.filter(secret_address=False,
                                    service__in=public_services().values("pk"))
            .select_related("service__provider", "municipality")
            .prefetch_related("accessibility_features").order_by("pk"))


class ServiceQuery(PageParams):
    search: str = ""
    taxonomy_term_id: str = ""
    organization_id: str = ""
    modified_after: dt.datetime | None = None

    @field_validator("modified_after", mode="before")
    @classmethod
    def iso_only(cls, value):
        # pydantic would also read a bare number as seconds since 1970; the document promises
        # an ISO 8601 date-time, so only that is accepted.
        if isinstance(value, str) and value and not value[:4].isdigit():
            raise ValueError("not an ISO 8601 date-time")
        if isinstance(value, (int, float)) or (isinstance(value, str) and value.lstrip("+-")
                                               .replace(".", "", 1).isdigit()):
            raise ValueError("not an ISO 8601 date-time")
        return value

    @field_validator("modified_after", mode="after")
    @classmethod
    def in_utc(cls, value):
        # ISO 8601 allows offsets up to ±23:59, PostgreSQL only ±15:59 (a DataError, so a 500):
        # the instant is the same in UTC, which every database takes.
        if value is None:
            return value
        if dt.datetime.min.year == value.year or dt.datetime.max.year == value.year:
            raise ValueError("date-time out of range")
        if value.tzinfo is None:
            return value
        return value.astimezone(dt.UTC)


class OrganizationQuery(PageParams):
    search: str = ""


class TermQuery(PageParams):
    taxonomy_id: str = ""


# -- views -----------------------------------------------------------------------------------
def api_root(request):
    return {"version": HSDS_VERSION, "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("wagtailapi_v3:openapi-json"))}


def list_services(request, params: Query[ServiceQuery]):
    queryset = filtered_services(params.search, params.taxonomy_term_id,
                                 params.organization_id, params.modified_after)
    return page_envelope(queryset, params.page, params.per_page, service_summary)


def get_service(request, service_id: str):
    pk = read_id(service_id, "service")
    if pk is None:
        raise Http404
    return drop_empty(service_full(get_object_or_404(public_services(), pk=pk)))


def list_organizations(request, params: Query[OrganizationQuery]):
    queryset = public_organizations()
    for term in search_terms(params.search):
        queryset = queryset.filter(search_text__contains=term)
    return page_envelope(queryset, params.page, params.per_page, organization_data)


def get_organization(request, organization_id: str):
    pk = read_id(organization_id, "organization")
    if pk is None:
        raise Http404
    provider = get_object_or_404(public_organizations(), pk=pk)
    data = organization_data(provider)
    services = public_services().filter(provider_id=provider.pk).order_by("name", "pk")
    data["services"] = [service_summary(service) for service in services]
    data["phones"] = [{"id": make_id("phone", 2 * 10**9 + provider.pk), "number": provider.phone,
                       "organization_id": data["id"]}] if provider.phone else []
    return drop_empty(data)


def list_taxonomies(request, params: Query[PageParams]):
    items = [{"id": make_id("taxonomy", index + 1), "name": name, "description": description,
              "version": "1"}
             for index, (_key, _model, name, description) in enumerate(TAXONOMIES)]
    return page_envelope(items, params.page, params.per_page)


def list_taxonomy_terms(request, params: Query[TermQuery]):
    items = []
    for index, (_key, model, _name, _description) in enumerate(TAXONOMIES):
        if params.taxonomy_id and read_id(params.taxonomy_id, "taxonomy") != index + 1:
            continue
        items += [term_data(item, index) for item in model.objects.all()]
    return page_envelope(items, params.page, params.per_page)


def service_at_location_data(location):
    return {"id": make_id("service_at_location", location.pk),
            "service_id": make_id("service", location.service_id),
            "location_id": make_id("location", location.pk),
            "location": location_data(location), "service": service_summary(location.service)}


def list_service_at_locations(request, params: Query[PageParams]):
    return page_envelope(public_service_locations(), params.page, params.per_page,
                         service_at_location_data)


ROUTES = [
    ("/", api_root, "HSDS API information"),
    ("/services", list_services, "Published services (HSDS Page of service_list)"),
    ("/services/{service_id}", get_service, "One published service, fully nested"),
    ("/organizations", list_organizations, "Providers with published services"),
    ("/organizations/{organization_id}", get_organization, "One provider and its services"),
    ("/taxonomies", list_taxonomies, "The code lists used to classify services"),
    ("/taxonomy_terms", list_taxonomy_terms, "Items of the code lists"),
    ("/service_at_locations", list_service_at_locations,
     "Public (non-secret) facilities of published services"),
]


def hsds_router():
    """A fresh router with every HSDS route; Ninja allows a router on one API only."""
    router = Router(tags=["HSDS 3.1"], auth=AllowAnonymous())
    for path, view, summary in ROUTES:
        router.add_api_operation(path, ["GET"], view, response=dict, summary=summary,
                                 url_name=f"hsds_{view.__name__}")
    return router



