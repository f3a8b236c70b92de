"""One definition of the catalogue's filters, shared by the public pages, the map and the API."""

import hashlib
from dataclasses import dataclass, fields

from django.db.models import Count, Exists, Max, OuterRef, Prefetch

from kp_catalogue.models.hours import DAY_BY_KEY
from kp_catalogue.models.services import (
    Contact,
    Location,
    Service,
    ServiceProvision,
    ServiceStatus,
)
from kp_catalogue.models.taxonomies import ServiceCategory
from kp_catalogue.public.reports import open_reports_exist
from kp_catalogue.search import catalogue as catalogue_search
from kp_catalogue.search.text import normalise


@dataclass
class ServiceFilter:
    q: str = ""
    category: str = ""
    service_type: str = ""
    target_group: str = ""
    age_group: str = ""
    form: str = ""
    municipality: str = ""
    tag: str = ""
    provider: int | None = None
    has_free_capacity: bool = False
    # -- structured data (hours, accessibility, languages) ----------------------------------
    open_day: str = ""       # "po" … "ne": open on that weekday
    accessibility: str = ""  # an AccessibilityFeature code any place of the service has
    language: str = ""       # a Language code the service speaks
    # -----------------------------------------------------------------------------------------

    # Public URL parameter names (Czech, they show in the address bar) -> attribute
    URL_PARAMS = {
        "q": "q", "kategorie": "category", "druh": "service_type", "skupina": "target_group",
        "vek": "age_group", "forma": "form", "obec": "municipality", "stitek": "tag",
        "volna_mista": "has_free_capacity",
        "otevreno": "open_day", "pristup": "accessibility", "jazyk": "language",
    }

    @classmethod
    def from_query_dict(cls, data):
        values = {}
        for param, attr in cls.URL_PARAMS.items():
            raw = (data.get(param) or "").strip()[:200]
            if attr == "has_free_capacity":
                values[attr] = raw in {"1", "on", "true", "ano"}
            else:
                values[attr] = raw
        if values.get("category") not in ServiceCategory.values:
            values["category"] = ""
        values["open_day"] = normalise(values.get("open_day", ""))
        if values["open_day"] not in DAY_BY_KEY:
            values["open_day"] = ""
        return cls(**values)

    def is_active(self):
        return any(getattr(self, field.name) for field in fields(self))

    def querystring_items(self):
        items = []
        for param, attr in self.URL_PARAMS.items():
            value = getattr(self, attr)
            if value is True:
                items.append((param, "1"))
            elif value:
                items.append((param, value))
        return items

    def apply(self, queryset):
        if self.category:
            queryset = queryset.filter(service_type__category=self.category)
        if self.service_type:
            queryset = queryset.filter(service_type__code=self.service_type)
        if self.provider:
            queryset = queryset.filter(provider_id=self.provider)
        # Many-to-many filters go through EXISTS so a service never appears twice.
        through_filters = [
            (self.target_group, Service.target_groups.through, "targetgroup__code"),
            (self.age_group, Service.age_groups.through, "agegroup__code"),
            (self.municipality, Service.service_areas.through, "municipality__code"),
        ]
        among_few = False
        for value, through, lookup in through_filters:
            if value:
                condition, short = catalogue_search.short_list_or_exists(
                    through.objects.filter(**{lookup: value}))
                among_few = among_few or short
                queryset = queryset.filter(condition)
        if self.form:
            queryset = queryset.filter(Exists(ServiceProvision.objects.filter(
                service_id=OuterRef("pk"), form__code=self.form)))
        if self.tag:
            queryset = queryset.filter(Exists(Service.tags.through.objects.filter(
                content_object_id=OuterRef("pk"), tag__slug=self.tag)))
        if self.has_free_capacity:
            queryset = queryset.filter(Exists(ServiceProvision.objects.filter(
                service_id=OuterRef("pk"), available__gt=0)))
        queryset = self.apply_structured(queryset)
        if self.q:
            # Czech word forms, synonyms, municipality names and the full-text index
            # (kp_catalogue/search/catalogue.py).
            queryset = catalogue_search.apply(queryset, self.q, among_few=among_few)
        return queryset

    def apply_structured(self, queryset):
        """Open on a weekday, an accessibility feature of any place, a language spoken."""
        if self.open_day in DAY_BY_KEY:
            queryset = queryset.filter(Exists(Location.objects.filter(
                service_id=OuterRef("pk"), open_days__contains=str(DAY_BY_KEY[self.open_day]))))
        if self.accessibility:
            queryset = queryset.filter(Exists(
                Location.accessibility_features.through.objects.filter(
                    location__service_id=OuterRef("pk"),
                    accessibilityfeature__code=self.accessibility)))
        if self.language:
            queryset = queryset.filter(Exists(Service.spoken_languages.through.objects.filter(
                service_id=OuterRef("pk"), language__code=self.language)))
        return queryset


def public_service_rows():
    """Published services that have not ended, with the stale flag (freshness.py): their rows
    only."""
    return (Service.objects.filter(live=True, provider__live=True)
            .exclude(status=ServiceStatus.DEFUNCT)
            .annotate(has_open_reports=open_reports_exist()))


def public_services():
    """Published services that have not ended, with everything a listing shows, in a fixed
    number of queries."""
    return (
        public_service_rows()
        .select_related("provider", "service_type")
        .prefetch_related(
            "target_groups", "age_groups", "service_areas", "tags", "spoken_languages",
            Prefetch("provisions",
                     queryset=ServiceProvision.objects.select_related("form", "unit")),
            Prefetch("locations", queryset=Location.objects.select_related("municipality")
                     .prefetch_related("accessibility_features")),
            Prefetch("contacts", queryset=Contact.objects.filter(is_public=True)),
        )
    )


def card_services():
    """``public_services()`` with only the relations a service card shows
    (includes/service_card.html) and distance sorting reads. Django builds a queryset per
    service and relation when it hands out prefetched rows, so the nine relations of the full
    set cost a page of 20 cards more than its queries; four are enough here."""
    return public_services().prefetch_related(None).prefetch_related(
        "target_groups", "service_areas",
        Prefetch("provisions", queryset=ServiceProvision.objects.select_related("form")),
        Prefetch("locations", queryset=Location.objects.select_related("municipality")),
    )


def catalogue_version(queryset=None):
    """Changes whenever a published service is added, removed or saved."""
    queryset = public_services() if queryset is None else queryset
    figures = queryset.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"),
                                            latest_provider=Max("provider__updated_at"))
    raw = f"{figures['count']}-{figures['latest']}-{figures['latest_provider']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]
