"""The needs finder "Co potřebuji": situations as data, three questions as GET pages with the
state in the URL, results for the municipality with field services first, and its API."""

import pytest
from bs4 import BeautifulSoup

from kp_catalogue.models import Municipality, ServiceType
from tests.factories.catalogue import LifeSituationFactory, LocationFactory, ServiceFactory
from tests.kp_catalogue.queries import assert_constant_queries, counted_get

pytestmark = pytest.mark.django_db

FINDER = "co-potrebuji/"


def municipality(code):
    return Municipality.objects.get(code=code)


@pytest.fixture
def at_home():
    return LifeSituationFactory(title="Potřebuji pomoc doma", slug="pomoc-doma",
                                service_types=["p39", "p40"], forms=["ter"])


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(response):
    return [h.get_text(strip=True) for h in soup(response).select(".service-card .card__title")]


def test_step_one_lists_situations_as_a_radio_group_in_a_fieldset(client, catalogue, at_home):
    response = client.get(catalogue.url + FINDER)
    assert response.status_code == 200
    page = soup(response)
    fieldset = page.select_one("form[method=get] fieldset")
    assert fieldset.legend.get_text(strip=True) == "Jaká je vaše situace?"
    radio = fieldset.select_one("input[type=radio][name=situace][value=pomoc-doma]")
    label = page.select_one(f"label[for={radio['id']}]")
    assert "Potřebuji pomoc doma" in label.get_text()
    assert radio["aria-describedby"]  # the short description is read with the choice


def test_step_two_asks_the_municipality_and_keeps_the_situation(client, catalogue, at_home):
    response = client.get(catalogue.url + FINDER + "?situace=pomoc-doma")
    page = soup(response)
    assert page.select_one("input[type=hidden][name=situace]")["value"] == "pomoc-doma"
    assert page.select_one("input[type=radio][name=obec][value=kelc]")
    # Age is asked on the same page with "any age" preselected: two actions reach results.
    assert page.select_one("input[type=radio][name=vek][value=vse]").has_attr("checked")


def test_step_three_asks_the_age_when_only_situation_and_municipality_are_given(
        client, catalogue, at_home):
    page = soup(client.get(catalogue.url + FINDER + "?situace=pomoc-doma&obec=kelc"))
    assert page.select_one("input[type=hidden][name=obec]")["value"] == "kelc"
    assert not page.select("input[type=radio][name=obec]")
    assert page.select_one("input[type=radio][name=vek][value=starsi-seniori]")


def test_results_match_the_situation_and_the_municipality_field_services_first(
        client, catalogue, at_home):
    kelc = municipality("kelc")
    # A residential care home in Kelč itself, 0.1 km from the centre: not "help at home".
    home = ServiceFactory(name="Domov Kelč", service_areas=[kelc],
                          provisions=[{"form": "pob", "unit": "luzka"}])
    LocationFactory(service=home, latitude=49.4781, longitude=17.8151)
    # Personal assistance located in Kelč but not serving Kelč: not for this person.
    elsewhere = ServiceFactory(name="Asistence jinde", service_areas=[municipality("zasova")])
    LocationFactory(service=elsewhere, latitude=49.4780, longitude=17.8150)
    # Outpatient personal assistance 10 km away serving Kelč, and a field care service
    # based in Valašské Meziříčí serving Kelč: the field one comes to the client.
    outpatient = ServiceFactory(name="Asistence ambulantní", service_areas=[kelc],
                                provisions=[{"form": "amb"}, {"form": "ter"}])
    LocationFactory(service=outpatient, latitude=49.4718, longitude=17.9711)
    field = ServiceFactory(name="Pečovatelská služba Meziříčí", service_areas=[kelc])
    LocationFactory(service=field, latitude=49.4718, longitude=17.9711)
    nearer = ServiceFactory(name="Asistence blízko", service_areas=[kelc],
                            service_type=ServiceType.objects.get(code="p39"),
                            provisions=[{"form": "amb"}, {"form": "ter"}])
    LocationFactory(service=nearer, latitude=49.4800, longitude=17.8200)
    response = client.get(catalogue.url + FINDER + "?situace=pomoc-doma&obec=kelc&vek=vse")
    assert response.status_code == 200
    found = titles(response)
    assert "Domov Kelč" not in found and "Asistence jinde" not in found
    # Every match has a field provision and serves Kelč, so all come to the client: "0 km";
    # they then follow by name.
    assert found == ["Asistence ambulantní", "Asistence blízko", "Pečovatelská služba Meziříčí"]
    assert "Přijede za vámi do obce Kelč" in response.content.decode()


def test_results_without_form_restriction_order_field_first_then_by_distance(
        client, catalogue):
    LifeSituationFactory(slug="poradit", service_types=["p37"])
    kelc = municipality("kelc")
    far = ServiceFactory(name="Poradna daleko", service_areas=[kelc],
                         service_type=ServiceType.objects.get(code="p37"),
                         provisions=[{"form": "amb"}])
    LocationFactory(service=far, latitude=49.4718, longitude=17.9711)  # ~11 km
    near = ServiceFactory(name="Poradna blízko", service_areas=[kelc],
                          service_type=far.service_type, provisions=[{"form": "amb"}])
    LocationFactory(service=near, latitude=49.4800, longitude=17.8300)  # ~1 km
    field = ServiceFactory(name="Poradna v terénu", service_areas=[kelc],
                           service_type=far.service_type, provisions=[{"form": "ter"}])
    LocationFactory(service=field, latitude=49.4718, longitude=17.9711)
    response = client.get(catalogue.url + FINDER + "?situace=poradit&obec=kelc&vek=vse")
    assert titles(response) == ["Poradna v terénu", "Poradna blízko", "Poradna daleko"]
    text = response.content.decode()
    assert "1,1 km od vás" in text or "1,2 km od vás" in text


def test_age_answer_narrows_the_results(client, catalogue, at_home):
    from kp_catalogue.models import AgeGroup

    kelc = municipality("kelc")
    children = ServiceFactory(name="Asistence pro děti", service_areas=[kelc])
    children.age_groups.set([AgeGroup.objects.get(code="mladsi-deti")])
    children.save()
    seniors = ServiceFactory(name="Asistence pro seniory", service_areas=[kelc])
    seniors.age_groups.set([AgeGroup.objects.get(code="starsi-seniori")])
    seniors.save()
    url = catalogue.url + FINDER + "?situace=pomoc-doma&obec=kelc&vek=starsi-seniori"
    assert titles(client.get(url)) == ["Asistence pro seniory"]


def test_drafts_and_ended_services_never_appear(client, catalogue, at_home):
    kelc = municipality("kelc")
    ServiceFactory(name="Koncept", service_areas=[kelc], live=False)
    ServiceFactory(name="Ukončená", service_areas=[kelc], status="defunct")
    url = catalogue.url + FINDER + "?situace=pomoc-doma&obec=kelc&vek=vse"
    assert titles(client.get(url)) == []


@pytest.mark.parametrize("query", [
    "?situace=neexistuje", "?situace=pomoc-doma&obec=praha",
    "?situace=pomoc-doma&obec=kelc&vek=stoleti",
])
def test_unknown_answers_are_a_400_with_a_czech_message(client, catalogue, at_home, query):
    response = client.get(catalogue.url + FINDER + query)
    assert response.status_code == 400
    assert "Vyberte" in soup(response).select_one("[role=alert]").get_text()


def test_overlong_answers_are_bounded(client, catalogue, at_home):
    response = client.get(catalogue.url + FINDER + "?situace=" + "x" * 5000)
    assert response.status_code == 400


def test_finder_results_run_constant_queries(client, catalogue, at_home):
    kelc = municipality("kelc")
    url = catalogue.url + FINDER + "?situace=pomoc-doma&obec=kelc&vek=vse"

    def build(count):
        for _number in range(count):
            service = ServiceFactory(service_areas=[kelc])
            LocationFactory(service=service)

    def measure():
        count, response = counted_get(client, url)
        return count, len(titles(response))

    assert_constant_queries(build, measure, 5, 50)


def test_api_lists_situations_and_their_services(client, catalogue, at_home):
    kelc = municipality("kelc")
    service = ServiceFactory(name="Pečovatelská služba Kelč", service_areas=[kelc])
    LocationFactory(service=service)
    ServiceFactory(name="Jinde", service_areas=[municipality("zasova")])
    situations = client.get("/api/v3/catalogue/situations/").json()["items"]
    assert [s["slug"] for s in situations] == ["pomoc-doma"]
    assert {t["code"] for t in situations[0]["service_types"]} == {"p39", "p40"}
    data = client.get("/api/v3/catalogue/situations/pomoc-doma/services/"
                      "?municipality=kelc").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["name"] == "Pečovatelská služba Kelč"
    assert item["comes_to_you"] is True and item["distance_km"] == 0
    assert "email" not in item  # summaries carry no contacts
    assert client.get("/api/v3/catalogue/situations/pomoc-doma/services/"
                      "?municipality=praha").status_code == 404
    assert client.get("/api/v3/catalogue/situations/nic/services/"
                      "?municipality=kelc").status_code == 404


def test_api_finder_endpoints_are_in_the_openapi_document(client):
    schema = client.get("/api/v3/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v3/catalogue/situations/" in paths
    operation = paths["/api/v3/catalogue/situations/{slug}/services/"]["get"]
    assert "200" in operation["responses"]
    assert "FinderResultOut" in schema["components"]["schemas"]


def test_editing_a_situation_drops_the_cached_finder(client, catalogue, at_home, settings):
    settings.KP_CATALOGUE_CACHE_SECONDS = 60
    url = catalogue.url + FINDER
    assert "Potřebuji pomoc doma" in client.get(url).content.decode()
    at_home.title = "Potřebuji pečovatelku"
    at_home.save()
    assert "Potřebuji pečovatelku" in client.get(url).content.decode()


def test_demo_mother_in_kelc_needs_help_at_home(client, demo_db):
    """The issue's story: a daughter finds the care services for her mother in Kelč."""
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    response = client.get("/katalog-socialnich-sluzeb/co-potrebuji/"
                          "?situace=pomoc-doma&obec=kelc&vek=starsi-seniori")
    assert response.status_code == 200
    assert titles(response) == ["Pečovatelská služba Kelč", "Tísňová péče Kelečsko"]
    # Six target groups' situations ship with the demo.
    home = client.get("/").content.decode()
    for title in ["Potřebuji pomoc doma", "Nemám kde bydlet", "Potřebuji poradit",
                  "Jsem v krizi teď", "Potřebuji pomoc se závislostí", "Mám duševní potíže"]:
        assert title in home
