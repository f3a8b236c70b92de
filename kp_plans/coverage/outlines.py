"""The coverage map: the area's municipalities drawn as inline SVG from a GeoJSON of outlines
that the site ships (no external host, no JavaScript), shaded by the number of target groups
without a service.

The plugin cannot know the site's files: the setting ``KP_PLANS_COVERAGE_OUTLINES`` names a
static file (e.g. ``"geo/demo-obce.geojson"``); features are matched to municipalities by the
property ``code`` or, failing that, ``name``. Without the setting or the file there is no map,
only the table (which always carries the same numbers).
"""

import json
import math

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

MAX_BYTES = 5 * 1024 * 1024
WIDTH = 600


def load_outlines():
    path = getattr(settings, "KP_PLANS_COVERAGE_OUTLINES", "")
    if not path:
        return None
    try:
        found = finders.find(path)
        if found:
            with open(found, "rb") as file:
                data = file.read(MAX_BYTES + 1)
        else:
            with staticfiles_storage.open(path) as file:
                data = file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None
        return json.loads(data)
    except (OSError, ValueError):
        return None


def rings(geometry):
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def svg_map(coverage, url=None):
    """``{"width", "height", "shapes": [{municipality, gaps, level, points, x, y}]}`` or None."""
    data = load_outlines()
    if not data:
        return None
    by_key = {}
    for municipality in coverage.municipalities:
        by_key[("code", municipality.code)] = municipality
        by_key[("name", municipality.name.casefold())] = municipality
    features = []
    for feature in data.get("features", [])[:2000]:
        props = feature.get("properties") or {}
        municipality = (by_key.get(("code", str(props.get("code", ""))))
                        or by_key.get(("name", str(props.get("name", "")).casefold())))
        shapes = rings(feature.get("geometry") or {})
        if municipality is not None and shapes:
            features.append((municipality, shapes))
    points = [point for _m, shapes in features for ring in shapes for point in ring]
    if not points:
        return None
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    scale_x = math.cos(math.radians((north + south) / 2))
    span_x, span_y = max((east - west) * scale_x, 1e-9), max(north - south, 1e-9)
    height = round(WIDTH * span_y / span_x)
    gaps = coverage.gaps_by_municipality()
    groups = max(len(coverage.groups), 1)

    def xy(point):
        return (round((point[0] - west) * scale_x / span_x * (WIDTH - 20) + 10, 1),
                round((north - point[1]) / span_y * (height - 20) + 10, 1))

    shapes = []
    for municipality, rings_ in features:
        projected = [[xy(point) for point in ring] for ring in rings_]
        flat = [p for ring in projected for p in ring]
        count = gaps.get(municipality.pk, 0)
        shapes.append({
            "municipality": municipality, "gaps": count,
            "level": 0 if count == 0 else (1 if count * 2 <= groups else 2),
            "paths": [" ".join(f"{x},{y}" for x, y in ring) for ring in projected],
            "x": round(sum(p[0] for p in flat) / len(flat), 1),
            "y": round(sum(p[1] for p in flat) / len(flat), 1),
        })
    return {"width": WIDTH, "height": height, "shapes": shapes}
