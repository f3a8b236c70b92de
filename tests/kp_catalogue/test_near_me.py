"""'Near me': the catalogue ordered by distance from a municipality or a point, field services
as "here", secret addresses never measured, bad coordinates refused, constant queries."""

import pytest
from bs4 import BeautifulSoup

from kp_catalogue.models import Municipality
from kp_catalogue.public.distance import haversine_km
from kp_catalogue.templatetags.kp_catalogue import km
from tests.factories.catalogue import LocationFactory, ServiceFactory
from tests.kp_catalogue.queries import counted_get

pytestmark = pytest.mark.django_db


def titles(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in page.select(".service-card .card__title")]


@pytest.fixture
def places():
    kelc, zasova = (Municipality.objects.get(code=code) for code in ("kelc", "zasova"))
    far = ServiceFactory(name="A daleko", service_areas=[zasova], provisions=[{"form": "amb"}])
    LocationFactory(service=far, latitude=49.4748, longitude=18.0432)  # Zašová, ~16 km
    middle = ServiceFactory(name="B uprostřed", service_areas=[zasova],
                            provisions=[{"form": "amb"}])
    LocationFactory(service=middle, latitude=49.4718, longitude=17.9711)  # VM, ~11 km
    field = ServiceFactory(name="C terénní", service_areas=[kelc, zasova])
    LocationFactory(service=field, latitude=49.4748, longitude=18.0432)  # based in Zašová
    nowhere = ServiceFactory(name="D bez adresy", service_areas=[zasova],
                             provisions=[{"form": "amb"}])
    secret = ServiceFactory(name="E utajená", service_areas=[zasova],
                            provisions=[{"form": "pob"}])
    # A shelter right in Kelč with a secret address: its distance would betray it.
    LocationFactory(service=secret, latitude=49.4780, longitude=17.8150, secret_address=True)
    return {"far": far, "middle": middle, "field": field, "nowhere": nowhere, "secret": secret}


def test_haversine_is_right_for_a_known_distance():
    # Kelč – Valašské Meziříčí centres: about 11.3 km as the crow flies.
    assert 11.0 < haversine_km(49.4780, 17.8150, 49.4718, 17.9711) < 11.6


def test_distance_reads_the_czech_way():
    assert km(3.44) == "3,4 km"
    assert km(0) == "0,0 km"
    assert km(None) == ""


def test_ordered_from_a_municipality_field_services_count_as_here(client, catalogue, places):
    response = client.get(catalogue.url + "?blizko=kelc")
    assert response.status_code == 200
    assert titles(response) == ["C terénní", "B uprostřed", "A daleko", "D bez adresy",
                                "E utajená"]
    text = response.content.decode()
    assert "Přijede za vámi do obce Kelč" in text
    assert "11,3 km od vás" in text
    assert "Nejblíže obci Kelč" in text


def test_a_secret_address_is_never_measured(client, catalogue, places):
    text = client.get(catalogue.url + "?blizko=kelc").content.decode()
    card = text.split(f'id="sluzba-{places["secret"].pk}"')[1].split("</li>")[0]
    assert "km od vás" not in card


def test_ordered_from_a_point_with_its_municipality_as_here(client, catalogue, places):
    # A point 1 km from Kelč's centre: the field service serving Kelč counts as here.
    response = client.get(catalogue.url + "?lat=49.4800&lon=17.8280")
    assert titles(response)[:3] == ["C terénní", "B uprostřed", "A daleko"]
    assert "Nejblíže vaší poloze" in response.content.decode()
    # The point stays in the links, so the next page and the detail keep the order.
    assert "lat=49.48000&amp;lon=17.82800" in response.content.decode()


@pytest.mark.parametrize("query", [
    "?lat=abc&lon=17.8", "?lat=49.4&lon=", "?lat=nan&lon=17.8", "?lat=inf&lon=17.8",
    "?lat=40.0&lon=17.8", "?lat=49.4&lon=25", "?lat=49.4e0&lon=1e3",
    "?blizko=praha",
])
def test_bad_origins_answer_400_in_czech(client, catalogue, places, query):
    response = client.get(catalogue.url + query)
    assert response.status_code == 400
    text = BeautifulSoup(response.content, "html.parser").select_one("[role=alert]").get_text()
    assert "poloha" in text.lower() or "obec" in text.lower()


def test_an_absurdly_long_coordinate_is_refused(client, catalogue):
    # The site refuses it before the catalogue sees it; either way a 400.
    assert client.get(catalogue.url + "?lat=" + "9" * 400 + "&lon=17.8").status_code == 400


def test_api_orders_by_distance_and_reports_it(client, places):
    data = client.get("/api/v3/catalogue/services/?near=kelc").json()
    names = [item["name"] for item in data["items"]]
    assert names[:3] == ["C terénní", "B uprostřed", "A daleko"]
    assert data["items"][0]["comes_to_you"] is True and data["items"][0]["distance_km"] == 0
    assert 11.0 < data["items"][1]["distance_km"] < 11.6
    secret = next(item for item in data["items"] if item["name"] == "E utajená")
    assert secret["distance_km"] is None
    # A point far away still gets distances; an unknown municipality is a missing record.
    far_away = client.get("/api/v3/catalogue/services/?lat=50.08&lon=14.42").json()["items"]
    assert far_away[0]["distance_km"] > 200 and not far_away[0]["comes_to_you"]
    assert client.get("/api/v3/catalogue/services/?near=praha").status_code == 404
    assert client.get("/api/v3/catalogue/services/?lat=nan&lon=17.8").status_code == 422


def test_near_me_runs_constant_queries(client, catalogue):
    catalogue.per_page = 100
    catalogue.save()
    kelc = Municipality.objects.get(code="kelc")

    def build(count):
        for number in range(count):
            service = ServiceFactory(service_areas=[kelc],
                                     provisions=[{"form": "ter" if number % 2 else "amb"}])
            LocationFactory(service=service, latitude=49.40 + number / 1000)

    def measure():
        return [counted_get(client, url)[0] for url in [
            catalogue.url + "?blizko=kelc", catalogue.url + "?lat=49.48&lon=17.82",
            "/api/v3/catalogue/services/?near=kelc&limit=100"]]

    build(5)
    small = measure()
    build(45)
    assert measure() == small
    assert len(titles(client.get(catalogue.url + "?blizko=kelc"))) == 50


def test_every_seeded_municipality_has_a_centre():
    assert not Municipality.objects.filter(latitude=None).exists()
