"""Write approximate outlines of the demo's municipalities as GeoJSON, for the catalogue map.

No open boundary data can be fetched where the demo is built, so the outlines are the Voronoi
cells of the municipalities' centres, clipped to a box around them: each point of the area
belongs to the nearest centre. They show roughly where each municipality lies, not its legal
boundary; a real site ships the outlines from the RÚIAN register instead (docs/map.md).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from kpsite.base.demo.catalogue import PLACES

OUTPUT = Path(__file__).resolve().parents[3] / "static" / "geo" / "demo-obce.geojson"
MARGIN = 0.03  # degrees around the outermost centres


def clip(polygon, keep, other):
    """The part of ``polygon`` nearer to ``keep`` than to ``other`` (a half-plane clip)."""
    (kx, ky), (ox, oy) = keep, other
    # Points p with (p - mid) · (other - keep) <= 0 are nearer to keep.
    mx, my, dx, dy = (kx + ox) / 2, (ky + oy) / 2, ox - kx, oy - ky

    def side(point):
        return (point[0] - mx) * dx + (point[1] - my) * dy

    result = []
    for index, current in enumerate(polygon):
        previous = polygon[index - 1]
        inside_now, inside_before = side(current) <= 0, side(previous) <= 0
        if inside_now != inside_before:
            t = side(previous) / (side(previous) - side(current))
            result.append((previous[0] + t * (current[0] - previous[0]),
                           previous[1] + t * (current[1] - previous[1])))
        if inside_now:
            result.append(current)
    return result


def outlines(places):
    centres = {name: (lon, lat) for name, lat, lon in places}
    xs = [c[0] for c in centres.values()]
    ys = [c[1] for c in centres.values()]
    box = [(min(xs) - MARGIN, min(ys) - MARGIN), (max(xs) + MARGIN, min(ys) - MARGIN),
           (max(xs) + MARGIN, max(ys) + MARGIN), (min(xs) - MARGIN, max(ys) + MARGIN)]
    features = []
    for name, centre in centres.items():
        cell = box
        for other_name, other in centres.items():
            if other_name != name:
                cell = clip(cell, centre, other)
        ring = [[round(x, 5), round(y, 5)] for x, y in cell]
        features.append({
            "type": "Feature",
            "properties": {"name": name, "approximate": True},
            "geometry": {"type": "Polygon", "coordinates": [ring + [ring[0]]]},
        })
    return {"type": "FeatureCollection", "features": features}


class Command(BaseCommand):
    help = "Write approximate outlines of the demo municipalities (site/static/geo/)."

    def handle(self, *args, **options):
        places = [(name, lat, lon) for name, _postcode, lat, lon in PLACES.values()]
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(json.dumps(outlines(places), ensure_ascii=False, indent=1) + "\n")
        self.stdout.write(f"{OUTPUT} ({len(places)} municipalities)")
