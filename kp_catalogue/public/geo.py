"""GeoJSON of the public places of services. Secret addresses never get here."""


def services_geojson(services, service_url):
    features = []
    for service in services:
        for location in service.public_locations():
            if location.latitude is None or location.longitude is None:
                continue
            features.append({
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(location.longitude), float(location.latitude)],
                },
                "properties": {
                    "service_id": service.pk,
                    "name": service.name,
                    "provider": service.provider.name,
                    "service_type": service.service_type.name,
                    "address": ", ".join(
                        part for part in [location.address_1, location.postal_code,
                                          location.city] if part
                    ),
                    "accessibility": location.accessibility,
                    "url": service_url(service),
                },
            })
    return {"type": "FeatureCollection", "features": features}
