"""'Near me': services ordered by distance from a municipality of the area or from a point
(an address point, or the browser's location sent as lat/lon in the query).

Computed in Python over the already filtered and prefetched services (a catalogue is a few
hundred services), so the ordering costs no query and works on every database. A field
service counts as "here" (distance 0) for every municipality it serves: its workers come to
the client. Secret addresses never take part: a distance would betray them.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kp_catalogue.models.taxonomies import Municipality

EARTH_RADIUS_KM = 6371.0
FIELD_FORM = "ter"
# A point this close to a municipality's centre is taken as being in that municipality.
HERE_KM = 4.0
# (south, west, north, east): the Czech Republic with a margin; sites may narrow it.
DEFAULT_BOUNDS = (48.4, 12.0, 51.2, 19.0)


class InvalidOrigin(ValueError):
    """The query names an origin that does not exist or lies outside the area."""


@dataclass
class Origin:
    latitude: float | None
    longitude: float | None
    municipality: Municipality | None = None
    # True when the visitor sent coordinates (browser location or an address point).
    from_point: bool = False

    def querystring_items(self):
        if self.from_point:
            return [("lat", f"{self.latitude:.5f}"), ("lon", f"{self.longitude:.5f}")]
        return [("blizko", self.municipality.code)]


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _coordinate(raw):
    try:
        value = float(raw[:32])
    except ValueError:
        raise InvalidOrigin(_("The location is not a valid pair of coordinates.")) from None
    if not math.isfinite(value):
        raise InvalidOrigin(_("The location is not a valid pair of coordinates."))
    return value


def centre(municipality):
    if municipality.latitude is None or municipality.longitude is None:
        return None, None
    return float(municipality.latitude), float(municipality.longitude)


def origin_from_query(data):
    """The origin the query asks for, None when it asks for none; InvalidOrigin (with a
    message for the visitor) when it names one that does not exist or lies outside the area."""
    raw_lat, raw_lon = (data.get("lat") or "").strip(), (data.get("lon") or "").strip()
    code = (data.get("blizko") or "").strip()[:32]
    if raw_lat or raw_lon:
        latitude, longitude = _coordinate(raw_lat), _coordinate(raw_lon)
        south, west, north, east = getattr(settings, "KP_CATALOGUE_AREA_BOUNDS", DEFAULT_BOUNDS)
        if not (south <= latitude <= north and west <= longitude <= east):
            raise InvalidOrigin(_("The location lies outside the area of this catalogue."))
        return Origin(latitude, longitude, nearest_municipality(latitude, longitude), True)
    if code:
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise InvalidOrigin(_("There is no such municipality in the catalogue."))
        return Origin(*centre(municipality), municipality)
    return None


def nearest_municipality(latitude, longitude):
    best, best_distance = None, HERE_KM
    for municipality in Municipality.objects.exclude(latitude=None).exclude(longitude=None):
        distance = haversine_km(latitude, longitude, *centre(municipality))
        if distance <= best_distance:
            best, best_distance = municipality, distance
    return best


def is_field_service_for(service, municipality):
    """The service's workers come to clients in this municipality."""
    if municipality is None:
        return False
    return (any(p.form.code == FIELD_FORM for p in service.provisions.all())
            and any(m.pk == municipality.pk for m in service.service_areas.all()))


def service_distance(service, origin):
    """Kilometres from the origin to the service's nearest public place; 0 for a field
    service serving the origin's municipality; None when nothing can be measured."""
    if is_field_service_for(service, origin.municipality):
        return 0.0
    if origin.latitude is None:
        return None
    distances = [haversine_km(origin.latitude, origin.longitude, float(location.latitude),
                              float(location.longitude))
                 for location in service.public_locations()
                 if location.latitude is not None and location.longitude is not None]
    return min(distances) if distances else None


def order_by_distance(services, origin):
    """The services as a list, nearest first (unmeasurable ones last), each with
    ``distance_km`` and ``comes_to_you`` set for the templates and the API."""
    services = list(services)
    for service in services:
        service.comes_to_you = is_field_service_for(service, origin.municipality)
        service.distance_km = service_distance(service, origin)
    services.sort(key=lambda s: (s.distance_km is None, s.distance_km or 0.0, s.name, s.pk))
    return services
