"""The catalogue map's base layer is a local file (no external host) and its markers cluster."""

import json
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

from kpsite.base.demo.catalogue import PLACES
from kpsite.base.management.commands import demo_outlines
from tests.factories.catalogue import CatalogueIndexPageFactory

pytestmark = pytest.mark.django_db


def outlines_file():
    path = finders.find(settings.KP_CATALOGUE_MAP_OUTLINES)
    assert path, settings.KP_CATALOGUE_MAP_OUTLINES
    return Path(path)


def test_demo_outlines_cover_each_municipality_centre_once():
    data = json.loads(outlines_file().read_text())
    assert data["type"] == "FeatureCollection"
    names = [f["properties"]["name"] for f in data["features"]]
    assert sorted(names) == sorted(name for name, *_ in PLACES.values())

    def inside(point, ring):  # ray casting
        x, y = point
        hit = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
        return hit

    for name, _postcode, lat, lon in PLACES.values():
        containing = [f["properties"]["name"] for f in data["features"]
                      if inside((lon, lat), f["geometry"]["coordinates"][0])]
        assert containing == [name]


def test_the_committed_outlines_are_what_the_command_makes(tmp_path, monkeypatch):
    committed = outlines_file().read_text()
    monkeypatch.setattr(demo_outlines, "OUTPUT", tmp_path / "obce.geojson")
    call_command("demo_outlines", stdout=StringIO())
    assert (tmp_path / "obce.geojson").read_text() == committed


def test_map_page_loads_outlines_and_clustering_from_this_site(client, home_page):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    html = BeautifulSoup(client.get(catalogue.url + "mapa/").content, "html.parser")
    element = html.find(id="catalogue-map")
    assert element["data-outlines"].startswith(settings.STATIC_URL)
    assert element["data-outlines"].endswith(".geojson")
    scripts = [s["src"] for s in html.find_all("script", src=True)]
    assert any("leaflet.markercluster.js" in src for src in scripts)
    assert all(src.startswith(settings.STATIC_URL) for src in scripts)
